"""The exercises as a student gets them, and a site built without the solutions.

* Each exercise page keeps its solution, folded, and the typical mistake; its downloads
  (script, notebook, the page's zip, and the index's "Download all exercises" archive)
  hold the task, the skeleton, the check and the hints only, so that the check's verdict
  on the student's function is the last thing a downloaded script prints: a downloaded
  script is run with a right and with a wrong function put in place of its skeleton.
* Every exercise card has its own thumbnail, not sphinx-gallery's placeholder.
* ``BPTEACH_SOLUTIONS=hidden`` (``make docs SOLUTIONS=hidden``): a build with it has no
  solution's code, no typical mistake and no folded solution anywhere in its output.

The solutions and mistakes are read from the exercise scripts, as the build cuts them
(``docs/_ext/student_downloads.py``, through ``tests/solutions.py``).
"""

import ast
import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import ignore_generated
from solutions import SCRIPTS, mistake_functions, solution_functions, student_version
from student_downloads import ARCHIVE, MARK, SET_LANGUAGE_JA, solution_code

from bpteach import exercises

EDITIONS = ("en", "ja")


def _normalise(text):
    """Text as a reader sees it, in one line: tags out, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _solutions(script):
    """The solution's functions of `script`: {name: their source, whitespace collapsed}."""
    code = solution_code(script.read_text(encoding="utf-8"), script.name)
    tree = ast.parse(code)
    return {node.name: " ".join(ast.get_source_segment(code, node).split())
            for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}


def _mistakes(script):
    return mistake_functions(script.read_text(encoding="utf-8"), {"np": None}, script.name)


def _download(page, suffix):
    """The file of the edition that `page` links to with a name ending in `suffix`."""
    hrefs = re.findall(r'href="([^"#]+)"', page.read_text(encoding="utf-8"))
    found = sorted({(page.parent / h).resolve() for h in hrefs if h.endswith(suffix)})
    assert len(found) == 1, (page, suffix, found)
    return found[0]


def _texts(folder):
    """Every file of a built site as text a reader could see: (path, normalised text)."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield path / name, _normalise(archive.read(name).decode("utf-8", "replace"))
        elif path.suffix in (".html", ".txt", ".js", ".py", ".json", ".ipynb", ".md", ".rst"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".ipynb":
                text = "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
            yield path, _normalise(text)


def _definition(name):
    """How a typical mistake's code starts: a function, or a class (exercise 0b's ValueAssigned)."""
    return f"class {name}:" if name[0].isupper() else f"def {name}("


def _leaks(folder):
    """What of the solutions and typical mistakes is in the built `folder`: a list of (what, where)."""
    found = []
    texts = list(_texts(folder))
    for script in SCRIPTS:
        wanted = list(_solutions(script).values())
        wanted += [_definition(name) for name in _mistakes(script)]
        for piece in wanted:
            found += [(piece, str(path.relative_to(folder))) for path, text in texts if piece in text]
    return found


# -- the site with solutions (the shared build) --------------------------------------------------

@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_the_page_folds_the_solution_that_ran(built_site, script):
    html_dir, _ = built_site
    page = (html_dir / "auto_exercises" / f"{script.stem}.html").read_text(encoding="utf-8")
    folds = re.findall(r'<details class="[^"]*sd-dropdown[^"]*">(.*?)</details>', page, flags=re.S)
    solution = _normalise(folds[-1])
    assert solution.startswith("Show the solution")
    for source in _solutions(script).values():  # the code that ran, inside the fold
        assert source in solution
    assert "PASSED: every output is correct." in solution
    assert "PASSED" not in _normalise(page.split(folds[-1])[1])  # below it, the typical mistake only
    assert MARK.removeprefix("# .. ") not in page


def _code(text):
    """The statements of a script, its docstring and comments left out (ast dumps); the
    statements of set_language("ja"), if `text` has them, as one list at the end."""
    body = ast.parse(text).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    language = [ast.dump(node) for node in body if "set_language" in ast.dump(node)]
    return [ast.dump(node) for node in body if "set_language" not in ast.dump(node)] + (
        [language] if language else [])


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_the_downloads_are_the_students_part(built_editions, edition, script):
    html_dir, _ = built_editions
    page = html_dir / edition / "auto_exercises" / f"{script.stem}.html"
    student = student_version(script.read_text(encoding="utf-8"))
    python = _download(page, ".py").read_text(encoding="utf-8")
    # The install note, then the student's part of the script (sphinx-gallery's settings out);
    # the Japanese edition's in Japanese, with set_language("ja") after the imports.
    # (the Japanese edition's: its text in Japanese, its code the same but for set_language("ja")).
    if edition == "ja":
        assert python.startswith("# このファイルを実行する前に、bpteach をインストールしてください")
        english = _download(html_dir / "en" / "auto_exercises" / f"{script.stem}.html", ".py")
        english = english.read_text(encoding="utf-8")
        # exact: lists of strings (the statements' ast dumps), no float in them
        assert _code(python) == _code(english) + _code("\n".join(SET_LANGUAGE_JA))
        assert ast.get_docstring(ast.parse(python)).startswith("演習 ")  # the task, translated
        assert "# .. dropdown:: ヒント 3" in python
    else:
        assert python.startswith("# Before you run this file, install bpteach")
        assert python.endswith(re.sub(r"^# sphinx_gallery_\w+ *=.*\n", "", student, flags=re.M))
    assert "sphinx_gallery_" not in python
    cells = json.loads(_download(page, ".ipynb").read_text(encoding="utf-8"))["cells"]
    hint = {"en": "Hint 3", "ja": "ヒント 3"}[edition]
    assert hint in "".join(cells[-1]["source"])  # the notebook ends with the hints
    with zipfile.ZipFile(_download(page, ".zip")) as archive:
        assert sorted(archive.namelist()) == [f"{script.stem}.ipynb", f"{script.stem}.py"]
        assert archive.read(f"{script.stem}.py").decode() == python
    for piece in _solutions(script).values():
        assert piece not in _normalise(python), piece
    for name in _mistakes(script):
        assert _definition(name) not in python and name not in json.dumps(cells)
    assert "Show the solution" not in json.dumps(cells)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_index_offers_all_exercises_in_one_archive(built_editions, edition):
    html_dir, _ = built_editions
    index = html_dir / edition / "auto_exercises" / "index.html"
    archive_path = _download(index, ARCHIVE)
    with zipfile.ZipFile(archive_path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(members) == sorted(f"bpteach-exercises/{s.stem}{suffix}"
                                     for s in SCRIPTS for suffix in (".ipynb", ".py"))
    for script in SCRIPTS:  # the same files as the pages' download buttons
        page = html_dir / edition / "auto_exercises" / f"{script.stem}.html"
        for suffix in (".py", ".ipynb"):
            assert members[f"bpteach-exercises/{script.stem}{suffix}"] == _download(page, suffix).read_bytes()


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_exercise_card_has_its_own_thumbnail(built_editions, edition):
    html_dir, _ = built_editions
    index = html_dir / edition / "auto_exercises" / "index.html"
    sources = re.findall(r'<div class="sphx-glr-thumbcontainer".*?<img[^>]* src="([^"]+)"',
                         index.read_text(encoding="utf-8"), flags=re.S)
    assert len(sources) == len(SCRIPTS)
    placeholder = (html_dir / edition / "_static" / "no_image.png").read_bytes()
    images = [(index.parent / src).read_bytes() for src in sources]
    assert all(image != placeholder for image in images)
    assert len(set(images)) == len(images)  # one picture per exercise


def _run_with(script_text, name, source, tmp_path):
    """Run `script_text` with the skeleton of `name` replaced by `source`; return its stdout lines."""
    skeleton = re.compile(rf"^def {name}\(.*\n(?:    .*\n)*?    raise NotImplementedError\(.*\)\n",
                          flags=re.M)
    assert len(skeleton.findall(script_text)) == 1
    path = tmp_path / f"{name}.py"
    path.write_text(skeleton.sub(lambda _: source + "\n", script_text), encoding="utf-8")
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=tmp_path,
                            env=dict(os.environ, MPLBACKEND="Agg"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("number", [1, 6])
def test_a_downloaded_script_ends_with_the_students_verdict(built_site, tmp_path, number):
    """A student fills the skeleton in, right or wrong: the check's verdict is the last line printed."""
    html_dir, _ = built_site
    script = next(s for s in SCRIPTS if s.name.startswith(f"exercise_{number}_"))
    page = html_dir / "auto_exercises" / f"{script.stem}.html"
    download = _download(page, ".py").read_text(encoding="utf-8")
    (name, right), = _solutions_source(script).items()
    wrong = next(iter(_mistakes_source(script).values()))
    wrong = re.sub(r"^def \w+\(", f"def {name}(", wrong)
    assert _run_with(download, name, right, tmp_path)[-1] == "PASSED: every output is correct."
    assert _run_with(download, name, wrong, tmp_path)[-1].startswith("NOT YET:")


def test_the_japanese_downloads_report_in_japanese(built_editions, tmp_path):
    """A student of the Japanese edition: the downloads' note is in Japanese, the script and the
    notebook call set_language("ja") right after their imports, and a wrong function's verdict,
    the last line printed, is in Japanese (a right one's too)."""
    html_dir, _ = built_editions
    script = next(s for s in SCRIPTS if s.name.startswith("exercise_1_"))
    page = html_dir / "ja" / "auto_exercises" / f"{script.stem}.html"
    download = _download(page, ".py").read_text(encoding="utf-8")
    lines = download.splitlines()
    at = lines.index(SET_LANGUAGE_JA[-1])
    assert lines[at - 2] == SET_LANGUAGE_JA[0] and lines[at - 4].startswith("from bpteach.exercises import")
    cells = json.loads(_download(page, ".ipynb").read_text(encoding="utf-8"))["cells"]
    assert "このファイルを実行する前に" in "".join(cells[0]["source"])
    code = next(c for c in cells if c["cell_type"] == "code")
    assert SET_LANGUAGE_JA[-1] in "".join(code["source"])
    (name, right), = _solutions_source(script).items()
    wrong = re.sub(r"^def \w+\(", f"def {name}(", next(iter(_mistakes_source(script).values())))
    assert _run_with(download, name, wrong, tmp_path)[-1].startswith("まだです：")
    assert _run_with(download, name, right, tmp_path)[-1] == "合格：すべての出力が正しい値です。"
    # The English edition's download stays in English.
    english = _download(html_dir / "en" / "auto_exercises" / f"{script.stem}.html", ".py")
    assert "set_language" not in english.read_text(encoding="utf-8")


def _solutions_source(script):
    code = solution_code(script.read_text(encoding="utf-8"), script.name)
    return {node.name: ast.get_source_segment(code, node)
            for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)}


def _mistakes_source(script):
    text = script.read_text(encoding="utf-8")
    rest = text[text.index(MARK):]
    code = rest[rest.index("# A typical mistake"):]
    return {node.name: ast.get_source_segment(code, node)
            for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)}


def test_the_leak_search_finds_the_solutions_in_the_site_with_them(built_editions):
    """The search of the next test is not blind: in the site with solutions, it finds every one."""
    html_dir, _ = built_editions
    found = {piece for piece, _ in _leaks(html_dir / "en" / "auto_exercises")}
    for script in SCRIPTS:
        assert set(_solutions(script).values()) <= found, script.name
        assert {_definition(name) for name in _mistakes(script)} <= found, script.name


# -- the site without solutions -----------------------------------------------------------------

@pytest.fixture(scope="module")
def site_without_solutions(built_editions, tmp_path_factory):
    """Both editions built with BPTEACH_SOLUTIONS=hidden, reusing the shared build's gallery.

    The shared build's folder (its sources, sphinx-gallery's results for gallery/ and the
    wheel) is copied without its exercise pages and its HTML; sphinx-gallery finds every
    gallery script's results current and runs none of them again, so this build runs only
    the seven exercises and reads the pages: about a minute per edition instead of a full
    build's three. The switch is read by conf.py whatever the language, and the Japanese
    edition is the English one read through the catalogs, so both are built and searched.
    """
    html_dir, _ = built_editions
    shared = html_dir.parents[2]  # the build's folder: docs/_build/html is in it
    dest = tmp_path_factory.mktemp("no-solutions") / "site"
    ignore = ignore_generated("__pycache__", "*.pyc")

    def skip(folder, names):
        ignored = set(ignore(folder, names))
        if Path(folder) == shared:  # a build's folder holds none of these; a checkout might
            ignored |= {".git", ".venv", "node_modules", "dist"} & set(names)
        if Path(folder).name == "_build":
            ignored |= {"html", "doctrees", "doctest", "exercises_without_solutions"} & set(names)
        if Path(folder).name == "docs":
            ignored = (ignored - {"auto_examples"}) | ({"auto_exercises"} & set(names))
        return ignored

    shutil.copytree(shared, dest, ignore=skip)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    env["BPTEACH_SOLUTIONS"] = "hidden"
    out = dest / "docs" / "_build" / "html"
    for language in EDITIONS:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
             "-D", f"language={language}", "-d", str(out.parent / "doctrees" / language),
             str(dest / "docs"), str(out / language)],
            capture_output=True, text=True, cwd=dest, env=env)
        assert result.returncode == 0, f"build without solutions failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_the_site_without_solutions_has_none(site_without_solutions):
    out = site_without_solutions
    assert _leaks(out) == []
    for edition in EDITIONS:
        pages = sorted((out / edition / "auto_exercises").glob("exercise_*.html"))
        assert len(pages) == len(SCRIPTS)
        for page in pages:
            text = page.read_text(encoding="utf-8")
            assert "sd-dropdown" in text  # the hints are there
            assert "Show the solution" not in text and "likely mistake" not in text
            assert "PASSED" not in _normalise(text)
        sources = out / edition / "_sources" / "auto_exercises"
        assert sources.is_dir() and not any("Show the solution" in p.read_text(encoding="utf-8")
                                            for p in sources.glob("exercise_*"))
        # The index says that this copy has no solutions, and still offers every exercise.
        index = (out / edition / "auto_exercises" / "index.html").read_text(encoding="utf-8")
        assert ARCHIVE in index
    index = _normalise((out / "en" / "auto_exercises" / "index.html").read_text(encoding="utf-8"))
    assert "This copy of the site has no solutions" in index


def test_the_switch_refuses_an_unknown_value():
    from student_downloads import solutions_hidden

    assert solutions_hidden({"BPTEACH_SOLUTIONS": "hidden"}) and not solutions_hidden({})
    with pytest.raises(ValueError, match="BPTEACH_SOLUTIONS must be 'hidden'.*got 'hiden'"):
        solutions_hidden({"BPTEACH_SOLUTIONS": "hiden"})


def test_the_reference_solutions_pass_their_checks():
    """The solutions the pages fold are right (the package tier tests them in depth)."""
    namespace = {"np": __import__("numpy"), "math": __import__("math")}
    for script in SCRIPTS:
        for name in solution_functions(script.read_text(encoding="utf-8"), namespace, script.name):
            graph = re.fullmatch(r"gradients_(\d)", name)  # exercise 0a: one answer per graph
            if graph:
                result = exercises.check_graph(int(graph.group(1)), namespace[name])
            else:  # exercise 0b's class Value: check_value
                result = getattr(exercises, f"check_{name.lower()}")(namespace[name])
            assert result.passed, name
