"""Fixtures of the site tier: the clean builds of both editions that its tests inspect.

The builds start as soon as the tests are collected, in processes of their own, so that
they run while the package's tests run (``make test`` runs the package tier first:
``testpaths`` in pyproject.toml); the first site test waits for them.

``make test`` runs on two cores (pytest-xdist). Every worker collects the same tests,
but the builds are started once for the whole run: the process that leads the run
makes a folder for them (``pytest_configure``, before the workers exist, so that they
inherit its name), the first worker to claim it starts the builds there, and every
worker waits for them through the files they write (``helpers.finish_site_build``).
The leading process stops what still runs and removes the folder at the end (kept
when a test failed).
"""

import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest
from helpers import CHROMIUM_ARGS, finish_site_build, start_site_build

SHARED = "BPTEACH_SITE_BUILDS"  # the folder of the run's builds, in the environment
LEADER = pytest.StashKey[Path]()
BUILDS = pytest.StashKey[list]()


def pytest_configure(config):
    """In the process that leads the run (xdist's controller, or the only one): the builds' folder."""
    if not hasattr(config, "workerinput") and SHARED not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="bpteach-site-builds-"))
        os.environ[SHARED] = str(folder)
        config.stash[LEADER] = folder


def pytest_collection_finish(session):
    """Start the clean builds that the collected site tests need, at the same time, once per run.

    The first is inspected by every site test; a second, in another folder, only
    when the reproducibility test is collected, which compares the two byte for
    byte. Building both at once, in two processes, lets two cores share the work
    (each build runs every gallery script) instead of running one build after the other.
    """
    if not any("site_builds" in item.fixturenames for item in session.items):
        return
    names = ["site"]
    if any(item.nodeid.startswith("tests/site/test_reproducible.py::test_a_clean_rebuild")
           for item in session.items):
        names.append("site-again")
    shared = Path(os.environ.get(SHARED) or tempfile.mkdtemp(prefix="bpteach-site-builds-"))
    plan = shared / "builds.json"
    try:
        os.close(os.open(shared / "claimed", os.O_CREAT | os.O_EXCL))
    except FileExistsError:  # another worker started them: wait for its plan
        while not plan.exists():
            time.sleep(0.2)
    else:
        builds = []
        for name in names:
            (shared / name).mkdir()
            builds.append({"folder": str(shared / name), "pid": start_site_build(shared / name)})
        (shared / "builds.json.part").write_text(json.dumps(builds))
        os.replace(shared / "builds.json.part", plan)
    session.config.stash[BUILDS] = [Path(build["folder"]) for build in json.loads(plan.read_text())]


def pytest_sessionfinish(session, exitstatus):
    """In the leading process: no build left running (e.g. after a Ctrl-C); the folder goes
    unless a test failed."""
    folder = session.config.stash.get(LEADER, None)
    if folder is None:
        return
    plan = folder / "builds.json"
    for build in json.loads(plan.read_text()) if plan.exists() else []:
        if not (Path(build["folder"]) / "build-status.txt").exists():
            try:
                os.killpg(build["pid"], signal.SIGKILL)
            except ProcessLookupError:
                pass
    if exitstatus == 0:
        shutil.rmtree(folder, ignore_errors=True)
    elif plan.exists():
        print(f"\nsite build kept for inspection: {folder}")


@pytest.fixture(scope="session")
def site_builds(request):
    """The folders of the builds started when the tests were collected."""
    return request.config.stash[BUILDS]


@pytest.fixture(scope="session")
def built_editions(site_builds):
    """One clean build of both editions, shared by every test that inspects the site.

    Returns the HTML folder (``en/``, ``ja/``, ``index.html``) and the build's output.
    """
    html, result = finish_site_build(site_builds[0])
    assert result.returncode == 0, f"docs build failed:\n{result.stdout}\n{result.stderr}"
    return html, result


@pytest.fixture(scope="session")
def built_site(built_editions):
    """The English edition of :func:`built_editions` (the source the other is translated from)."""
    html, result = built_editions
    return html / "en", result


@pytest.fixture(scope="session")
def second_built_editions(site_builds):
    """A second clean build of the same sources, in another folder (started with the first)."""
    assert len(site_builds) == 2, "the second build is started only for the reproducibility test"
    return finish_site_build(site_builds[1])


# One browser for the whole session: Playwright's synchronous API allows one instance
# at a time in a process, so every browser test uses this one.
@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium, or a skip (a failure under CI) when it is missing."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        reason = "Chromium is not installed (on Debian: apt-get install chromium)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}; CI is set, so the browser tests must run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
