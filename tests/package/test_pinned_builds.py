"""The docs and test environment is pinned: constraints.txt, used by the Makefile.

``make docs``, ``make check`` and ``make test`` install ``.venv`` with
``--constraint constraints.txt``: every package at the version recorded there, so that
a new release upstream cannot change the site or the verdict. ``pyproject.toml`` keeps
loose ranges; ``make lock`` refreshes the pins.
"""

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from helpers import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$")


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins():
    lines = [line.strip() for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()]
    entries = [line for line in lines if line and not line.startswith("#")]
    bad = [line for line in entries if not PIN.match(line)]
    assert bad == [], f"constraints.txt holds lines that are not name==version: {bad}"
    return {normalise(PIN.match(line).group(1)): PIN.match(line).group(2) for line in entries}


def test_every_requirement_of_the_docs_and_tests_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + [r for extra in ("docs", "test")
                                        for r in project["optional-dependencies"][extra]]
    names = {normalise(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in wanted} - {"bpteach"}
    assert sorted(names - set(pins())) == []
    assert "bpteach" not in pins()  # the project itself is installed from the checkout


def test_the_makefile_installs_with_the_constraints():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"^\t\$\(BIN\)/python -m pip install .*$", makefile, flags=re.M)
    assert installs and all("--constraint constraints.txt" in line for line in installs), installs
    assert re.search(r"^\$\(BIN\)/\.installed: pyproject\.toml constraints\.txt$", makefile, flags=re.M)


@pytest.mark.skipif(Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
                    reason="checks the project's own .venv, which the Makefile made")
def test_the_environment_is_the_pinned_one():
    pinned = pins()
    differ = {}
    for distribution in metadata.distributions():
        name = normalise(distribution.metadata["Name"])
        if name != "bpteach" and pinned.get(name) != distribution.version:
            differ[name] = (distribution.version, pinned.get(name, "not pinned"))
    assert differ == {}, f"installed, pinned: {differ}; run make lock if a dependency was added"
