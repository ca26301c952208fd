"""Fixtures of the site tier: the clean builds of both editions that its tests inspect.

The builds start as soon as the tests are collected, in subprocesses, so that they run
while the package's tests run in this process (``make test`` runs the package tier
first: ``testpaths`` in pyproject.toml); the first site test waits for them.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import CHROMIUM_ARGS, finish_site_build, start_site_build

BUILDS = pytest.StashKey[list]()
FOLDERS = pytest.StashKey[list]()


def pytest_collection_finish(session):
    """Start the clean builds that the collected site tests need, at the same time.

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
    folders = [Path(tempfile.mkdtemp(prefix=f"bpteach-{name}-")) for name in names]
    session.config.stash[FOLDERS] = folders
    session.config.stash[BUILDS] = [start_site_build(folder) for folder in folders]


def pytest_sessionfinish(session, exitstatus):
    """No build left running (e.g. after a Ctrl-C); the build folders go unless a test failed."""
    for _, process in session.config.stash.get(BUILDS, []):
        if process.poll() is None:
            process.kill()
            process.communicate()
    for folder in session.config.stash.get(FOLDERS, []):
        if exitstatus == 0:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"\nsite build kept for inspection: {folder}")


@pytest.fixture(scope="session")
def site_builds(request):
    """The builds started when the tests were collected: ``[(html folder, process), ...]``."""
    return request.config.stash[BUILDS]


@pytest.fixture(scope="session")
def built_editions(site_builds):
    """One clean build of both editions, shared by every test that inspects the site.

    Returns the HTML folder (``en/``, ``ja/``, ``index.html``) and the build's output.
    """
    html, result = finish_site_build(*site_builds[0])
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
    return finish_site_build(*site_builds[1])


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
