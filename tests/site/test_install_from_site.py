"""A student with only the built site: download, install, run.

Only files of the built site are used, found as a reader finds them: the wheel
through the link of the page "Install bpteach", an exercise script and a
gallery script through the download buttons of their pages. They are copied
into an empty folder, the wheel is installed into a new virtual environment
as the page says (NumPy and matplotlib come from the package index, or pip's
cache), and the scripts run there, with nothing from this checkout on the path.
The downloads open with the install note, which names that same wheel.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from helpers import ROOT

import bpteach

WHEEL = f"bpteach-{bpteach.__version__}-py3-none-any.whl"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(unquote(href.split("#")[0]))


def _downloads(page, suffix):
    """The files of the site that `page` links to and whose names end with `suffix`."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    found = {(page.parent / href).resolve() for href in parser.hrefs if href.endswith(suffix)}
    return sorted(path for path in found if path.is_file())


def _run(command, **options):
    result = subprocess.run(command, capture_output=True, text=True, **options)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.parametrize("edition", ["en", "ja"])
def test_the_install_page_offers_the_wheel_of_this_source(built_editions, edition):
    html, _ = built_editions
    page = html / edition / "install.html"
    wheels = _downloads(page, ".whl")
    assert [path.name for path in wheels] == [WHEEL]
    assert wheels[0].is_relative_to(html / edition)  # in the edition's own folder: a relative link
    # The commands name the file that the link downloads, for each of the three systems.
    shown = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    assert shown.count(f"python -m pip install {WHEEL}") == 3
    with zipfile.ZipFile(wheels[0]) as archive:
        names = set(archive.namelist())
    modules = {f"bpteach/{path.relative_to(ROOT / 'bpteach').as_posix()}"
               for path in (ROOT / "bpteach").rglob("*.py")}  # bpteach/exercises/ too
    modules |= {f"bpteach/locale/ja/LC_MESSAGES/bpteach.{suffix}" for suffix in ("po", "mo")}  # in Japanese
    assert {name for name in names if name.startswith("bpteach/")} == modules
    # The exercises' reference solutions are on their pages, not in the package.
    assert not any("solution" in name for name in names), sorted(names)


def test_the_gallery_and_exercise_pages_link_to_the_install_page(built_editions):
    html, _ = built_editions
    for edition in ("en", "ja"):
        for index in ("auto_examples/index.html", "auto_exercises/index.html"):
            text = (html / edition / index).read_text(encoding="utf-8")
            assert 'href="../install.html' in text, (edition, index)
            assert "/path/to/your/clone" not in text, (edition, index)


def test_every_download_opens_with_the_install_note(built_editions):
    html, _ = built_editions
    pages = sorted((html / "en").glob("auto_e*/**/*.html"))
    checked = 0
    for page in pages:
        for script in _downloads(page, ".py"):
            first = script.read_text(encoding="utf-8").splitlines()[:6]
            assert first[0].startswith("# Before you run this file, install bpteach"), script
            assert WHEEL in " ".join(first), script
            checked += 1
        for notebook in _downloads(page, ".ipynb"):
            text = notebook.read_text(encoding="utf-8")
            cells = json.loads(text)["cells"]
            assert cells[0]["cell_type"] == "markdown", notebook
            assert "Before you run this file, install bpteach" in "".join(cells[0]["source"]), notebook
            assert WHEEL in "".join(cells[0]["source"]), notebook
            checked += 1
    assert checked >= 2 * len([p for p in pages if p.name != "index.html"]) > 0


def test_a_student_installs_from_the_site_and_runs_two_downloads(built_editions, tmp_path):
    html, _ = built_editions
    site = html / "en"
    wheel = _downloads(site / "install.html", ".whl")[0]
    exercise = _downloads(site / "auto_exercises" / "exercise_1_sigmoid_derivative.html", ".py")[0]
    example = _downloads(site / "auto_examples" / "plot_worked_example.html", ".py")[0]

    work = tmp_path / "bpteach-class"  # the student's empty folder, as the install page says
    work.mkdir()
    for download in (wheel, exercise, example):
        shutil.copy(download, work / download.name)

    venv = work / "bpteach-env"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # `python -m pip install <wheel>` of the page, with this environment's pip driving the new one.
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-compile", "--quiet",
          "--disable-pip-version-check", wheel.name], cwd=work)

    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(MPLBACKEND="Agg", PYTHONNOUSERSITE="1")
    where = _run([str(python), "-c", "import bpteach, sys; print(bpteach.__file__); print(sys.path)"],
                 cwd=work, env=env).stdout
    assert Path(where.splitlines()[0]).is_relative_to(venv)
    assert str(ROOT) not in where and str(html) not in where

    # The exercise's skeleton, not yet filled in: the check runs and says so.
    output = _run([str(python), exercise.name], cwd=work, env=env).stdout
    assert output.strip().splitlines()[-1].strip().startswith("NOT YET:"), output  # the verdict, last
    # The worked example: its backpropagated gradients agree with central differences.
    output = _run([str(python), example.name], cwd=work, env=env).stdout
    errors = re.findall(r"^(?:W1|b1|W2|b2): r = (\S+)$", output, flags=re.M)
    assert len(errors) == 4 and max(map(float, errors)) < 1e-6, output
