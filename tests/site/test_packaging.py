"""Installing bpteach for a class: the built wheel in a fresh virtual environment.

``python -m build`` makes an sdist and, from it, a wheel. The wheel is then
installed with pip into a new virtual environment (its dependencies come from
the package index, or pip's cache), and the README's first session and a gallery
script run there, in an empty folder, so that nothing from this checkout can
be imported.

For speed the build reuses this environment's setuptools (``--no-isolation``,
the same backend that an isolated build downloads), the new environment is made
without pip (this environment's pip installs into it with ``--python``), and
pip skips compiling the installed files to bytecode.
"""

import doctest
import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, ignore_generated

import bpteach

NAME = f"bpteach-{bpteach.__version__}"
LEFT_OUT = ignore_generated(".git", ".venv", "_build", "node_modules", "__pycache__", ".hypothesis",
                            ".pytest_cache", ".ruff_cache", "build", "dist", "*.egg-info", "*.mo")


def _run(command, **options):
    result = subprocess.run(command, capture_output=True, text=True, **options)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The sdist and the wheel that ``python -m build`` makes of a copy of this checkout."""
    source = tmp_path_factory.mktemp("source") / "bpteach"
    shutil.copytree(ROOT, source, ignore=LEFT_OUT)  # the build writes into its source folder
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)])
    return out / f"{NAME}.tar.gz", out / f"{NAME}-py3-none-any.whl"


def _tracked_files():
    """The files of the project under version control (None outside a git checkout)."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return {line for line in listed.stdout.splitlines() if (ROOT / line).is_file()}


def test_the_sdist_is_the_whole_project(dist):
    sdist, _ = dist
    with tarfile.open(sdist) as archive:
        names = {name.removeprefix(f"{NAME}/") for name in archive.getnames()}
    for required in ["README.md", "LICENSE", "Makefile", "pyproject.toml", "bpteach/training.py",
                     "gallery/plot_sin_regression.py", "docs/conf.py", "docs/_static/bpteach.css",
                     "tests/conftest.py", "benchmarks/bench_training.py"]:
        assert required in names, required
    tracked = _tracked_files()
    if tracked is not None:
        assert tracked - names == set()
    generated = re.compile(r"(^|/)(_build|__pycache__|\.venv)(/|$)|^docs/auto_(examples|exercises)/"
                           r"|^docs/.*\.mo$")  # Sphinx's compiled catalogs; bpteach/locale's belongs
    unwanted = [name for name in names if generated.search(name)]
    assert unwanted == []


def test_the_wheel_holds_the_package_and_its_requirements(dist):
    _, wheel = dist
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = email.message_from_bytes(archive.read(f"{NAME}.dist-info/METADATA"))
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "bpteach").rglob("*.py")}
    # and the exercise checks' Japanese messages, the catalogue and its compilation, which gettext reads
    modules |= {f"bpteach/locale/ja/LC_MESSAGES/bpteach.{suffix}" for suffix in ("po", "mo")}
    assert {name for name in names if not name.startswith(f"{NAME}.dist-info/")} == modules
    required = [line for line in metadata.get_all("Requires-Dist") if "extra ==" not in line]
    assert sorted(required) == ["matplotlib>=3.9", "numpy>=2.0"]  # NumPy only: no other library
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Version"] == bpteach.__version__
    assert f"{NAME}.dist-info/licenses/LICENSE" in names


def test_the_wheel_works_in_a_fresh_environment_without_the_checkout(dist, tmp_path):
    _, wheel = dist
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-compile", "--quiet",
          "--disable-pip-version-check", str(wheel)])

    # An empty folder, and an environment with nothing that points into the checkout.
    work = tmp_path / "class"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(MPLBACKEND="Agg", PYTHONNOUSERSITE="1")
    where = _run([str(python), "-c", "import bpteach, sys; print(bpteach.__file__); print(sys.path)"],
                 cwd=work, env=env).stdout
    assert Path(where.splitlines()[0]).is_relative_to(venv)
    assert str(ROOT) not in where

    # The README's first session, as a doctest run by the new environment's Python.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    session = re.search(r"```pycon\n(.*?)```", readme, flags=re.S).group(1)
    assert session.count(">>>") >= 5
    (work / "first_run.txt").write_text(session, encoding="utf-8")
    flags = ["-o", "ELLIPSIS", "-o", "NORMALIZE_WHITESPACE"]
    _run([str(python), "-m", "doctest", *flags, "first_run.txt"], cwd=work, env=env)
    assert doctest.DocTestParser().get_examples(session)  # the session was really there to run

    # A gallery script (the quickest: one training step, every number), copied anywhere,
    # as a teacher would. Its backpropagated gradients agree with central differences.
    script = work / "plot_worked_example.py"
    shutil.copy(ROOT / "gallery" / script.name, script)
    output = _run([str(python), script.name], cwd=work, env=env).stdout
    errors = re.findall(r"^(?:W1|b1|W2|b2): r = (\S+)$", output, flags=re.M)
    assert len(errors) == 4 and max(map(float, errors)) < 1e-6, output
    assert [path.name for path in (work / "bpteach-figures").glob("*.png")] == ["plot_worked_example-1.png"]

    # The exercise checks speak Japanese from the installed package (its compiled catalogue).
    check = ("from bpteach.exercises import check_sigmoid_derivative as c, set_language; "
             "set_language('ja'); print(c(lambda y: y * (y - 1)))")
    report = _run([str(python), "-c", check], cwd=work, env=env).stdout
    assert "まだです" in report and "考えられる間違い" in report, report
