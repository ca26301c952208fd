"""Fixtures of the site tier: the clean builds of both editions that its tests inspect."""

import pytest
from helpers import finish_site_build, start_site_build


@pytest.fixture(scope="session")
def site_builds(request, tmp_path_factory):
    """Start the clean builds of the site that this test session needs, at the same time.

    The first is inspected by every site test; a second, in another folder, only
    when the reproducibility test is collected, which compares the two byte for
    byte. Building both at once, in two processes, lets two cores share the work
    (each build runs every gallery script) instead of running one build after the other.
    """
    builds = [start_site_build(tmp_path_factory.mktemp("site"))]
    if any(item.nodeid.startswith("tests/site/test_reproducible.py::test_a_clean_rebuild")
           for item in request.session.items):
        builds.append(start_site_build(tmp_path_factory.mktemp("site-again")))
    yield builds
    for _, process in builds:  # e.g. after a Ctrl-C: no build left running
        if process.poll() is None:
            process.kill()
            process.communicate()


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
