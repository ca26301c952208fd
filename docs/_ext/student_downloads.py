"""The exercises' solutions: one source, folded on the page, out of the student's downloads.

Each exercise script (``exercises/exercise_*.py``) is written in two parts, cut by
one line, :data:`MARK`, an reStructuredText comment (the page does not show it)
that opens the text block of the solution::

    ...task, skeleton, check, hints: the student's part...

    # %%
    # .. end of the student's download
    #
    # Solution
    # --------
    # .. dropdown:: Show the solution
    #
    #    (what the solution shows)

    def sigmoid_derivative(y):          # the reference solution: its one source
        return y * (1 - y)


    print(check_sigmoid_derivative(sigmoid_derivative))

    # %%
    # A typical mistake, and what the check says
    # ...

* On the page, :func:`fold_the_solution` moves what follows the first dropdown
  after the mark, to the end of its section (the solution's code and what its
  check printed), into that dropdown: the code that ran is the code the reader unfolds.
* :func:`student_version` is the part before the mark: the task, the skeleton,
  the check of the skeleton and the hints, so that the check's verdict is the last
  thing the script prints. :func:`downloads_for_students` cuts the scripts and
  notebooks that sphinx-gallery writes for the download buttons (and the zip of
  each), and packs every exercise, script and notebook, into
  :data:`ARCHIVE`, the "Download all exercises" link of the exercises' index.
* :func:`solution_functions` and :func:`mistake_functions` give the tests the
  functions of each part (only the ``def`` statements: nothing runs).
* ``BPTEACH_SOLUTIONS=hidden`` in the environment (``make docs SOLUTIONS=hidden``):
  conf.py calls :func:`without_solutions`, and sphinx-gallery reads the student
  versions instead of the scripts, so that the solutions and typical mistakes are
  nowhere in the site (pages, downloads, search index, ``_sources``), for a class
  that publishes the site before the exercises are due. The tag
  ``solutions_hidden`` lets a page say so (``.. only:: solutions_hidden``).
"""

import ast
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError

#: The line that ends the student's part of an exercise script (a text block's first line).
MARK = "# .. end of the student's download"
#: The "Download all exercises" archive, in the exercises' gallery folder (auto_exercises/).
ARCHIVE = "bpteach-exercises.zip"
#: The environment variable of the switch, and its value that hides the solutions.
SWITCH, HIDDEN = "BPTEACH_SOLUTIONS", "hidden"
GALLERY = "auto_exercises"
# 1980-01-01 00:00, the earliest time a zip file can store: the same bytes for every build.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_HEADER = re.compile(r"^# ?%%.*$", flags=re.M)
# sphinx-gallery's settings in a script (``# sphinx_gallery_thumbnail_path = ...``): not for students.
_CONFIG_COMMENT = re.compile(r"^# sphinx_gallery_\w+ *=.*\n", flags=re.M)


def _cut(text, name="the script"):
    """(student part, rest, the rest's first line number) of an exercise script's `text`,
    split at the ``# %%`` line before MARK."""
    lines = text.split("\n")
    marks = [i for i, line in enumerate(lines) if line.rstrip() == MARK]
    if len(marks) != 1 or marks[0] == 0 or not _HEADER.match(lines[marks[0] - 1]):
        raise ExtensionError(
            f"{name}: expected the line {MARK!r} once, right after a '# %%' line, to end the "
            f"student's part of the exercise (found it {len(marks)} times); "
            "see docs/_ext/student_downloads.py")
    start = marks[0] - 1
    return "\n".join(lines[:start]).rstrip() + "\n", "\n".join(lines[start:]), start + 1


def student_version(text, name="the script"):
    """The student's part of an exercise script: the task, the skeleton, the check and the hints."""
    return _cut(text, name)[0]


def _code_blocks(text, name):
    """The code blocks after the mark, in order, each as (its first line number in `text`, code)."""
    _, rest, first = _cut(text, name)
    blocks, current, start, in_text = [], [], first, False
    for number, line in enumerate(rest.split("\n"), start=first):
        if _HEADER.match(line):
            in_text = True
            blocks.append((start, "\n".join(current)))
            current = []
            continue
        if in_text and line.startswith("#"):
            continue
        if in_text:
            in_text, start = False, number
        current.append(line)
    blocks.append((start, "\n".join(current)))
    return [(start, code) for start, code in blocks if code.strip()]


def _functions(block, namespace, name):
    """Define the top-level functions and classes of a code `block` (and nothing else of it) in
    `namespace`, compiled under the script's `name` and line numbers, so that a traceback shows
    their lines."""
    start, code = block
    tree = ast.parse(code)
    tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
    ast.increment_lineno(tree, start - 1)
    exec(compile(tree, str(name), "exec"), namespace)
    return [node.name for node in tree.body]


def solution_code(text, name="the script"):
    """The code of the solution: the first code block after the mark."""
    blocks = _code_blocks(text, name)
    if not blocks:
        raise ExtensionError(f"{name}: no solution code after {MARK!r}")
    return blocks[0][1]


def solution_functions(text, namespace, name="the script"):
    """Define the solution's functions (or class) in `namespace` (`name`: the script's path);
    return their names."""
    blocks = _code_blocks(text, name)
    if not blocks:
        raise ExtensionError(f"{name}: no solution code after {MARK!r}")
    return _functions(blocks[0], namespace, name)


def mistake_functions(text, namespace, name="the script"):
    """Define the functions after the solution (the typical mistakes) in `namespace`; return their names."""
    return [n for block in _code_blocks(text, name)[1:] for n in _functions(block, namespace, name)]


# -- the page: the solution's code, folded -------------------------------------------------------

def _is_dropdown(node):
    return isinstance(node, nodes.container) and node.get("design_component") == "dropdown"


def fold_the_solution(app, doctree):
    """Move the solution's code and output into the dropdown that follows the mark.

    The mark is a comment in the doctree. The first dropdown after it (sphinx-design's
    container, before its HTML transform) takes every node that follows it in its
    section: the code block that ran and what it printed.
    """
    for comment in list(doctree.findall(nodes.comment)):
        if comment.astext().strip() != MARK.removeprefix("# .. "):
            continue
        dropdown = next(comment.findall(_is_dropdown, include_self=False, siblings=True, ascend=True),
                        None)
        if dropdown is None:
            raise ExtensionError(f"{app.env.docname}: no dropdown after {MARK!r} to fold the solution in")
        parent = dropdown.parent
        following = parent.children[parent.index(dropdown) + 1:]
        for node in following:
            parent.remove(node)
        # Right after the dropdown's title: the code and its check, then what the text says of it.
        at = next((i + 1 for i, child in enumerate(dropdown.children) if isinstance(child, nodes.rubric)), 0)
        dropdown[at:at] = following
        comment.parent.remove(comment)


# -- the downloads: student versions -------------------------------------------------------------

def _write_zip(path, members):
    """A zip of `members` ({name in the archive: bytes}) that is the same bytes for the same files."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in sorted(members.items()):
            info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def _cut_notebook(path):
    """Remove the cells from the one that holds the mark on (nothing when it is cut already)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    marker = MARK.removeprefix("# ")
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] == "markdown" and marker in "".join(cell["source"]):
            data["cells"] = data["cells"][:i]
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")
            return


def downloads_for_students(app):
    """Cut the exercises' downloads to the student's part, and pack them all into :data:`ARCHIVE`.

    Runs after sphinx-gallery has written the scripts, notebooks and zips of the download
    buttons (and after the install note is added to them, ``site_wheel``). A script is
    copied again from its source at each build (sphinx-gallery compares the two), so it is
    cut again; a notebook is not, and is cut once.
    """
    gallery = Path(app.srcdir) / GALLERY
    if not gallery.is_dir():
        return
    members = {}
    for script in sorted(gallery.glob("exercise_*.py")):
        text = script.read_text(encoding="utf-8")
        student = _CONFIG_COMMENT.sub("", student_version(text, script.name) if MARK in text else text)
        if student != text:
            script.write_text(student, encoding="utf-8")
        notebook = script.with_suffix(".ipynb")
        _cut_notebook(notebook)
        files = {path.name: path.read_bytes() for path in (script, notebook)}
        _write_zip(script.with_suffix(".zip"), files)  # the page's "Download zipped"
        members.update({f"bpteach-exercises/{name}": data for name, data in files.items()})
    _write_zip(gallery / ARCHIVE, members)


# -- the Japanese edition's downloads ------------------------------------------------------------

#: The lines put after an exercise's imports in the Japanese edition's downloads.
SET_LANGUAGE_JA = ("from bpteach.exercises import set_language", "",
                   'set_language("ja")  # チェックの報告を日本語で表示します')


def _after_imports(code):
    """The number of the line after the imports that open `code` (after its docstring), or None."""
    try:
        body = ast.parse(code).body
    except SyntaxError:  # a notebook's cell of IPython magic
        return None
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    imports = []
    for node in body:
        if not isinstance(node, ast.Import | ast.ImportFrom):
            break
        imports.append(node)
    return imports[-1].end_lineno if imports else None


def _japanese_script(name, text, note, note_ja):
    """A downloaded script of the Japanese edition: the install note in Japanese; an exercise
    calls ``set_language("ja")`` right after its imports."""
    header = "".join(f"# {line}\n" for line in note)
    if not text.startswith(header):
        return text
    text = "".join(f"# {line}\n" for line in note_ja) + text[len(header):]
    if name.startswith("exercise_") and SET_LANGUAGE_JA[-1] not in text:
        at = _after_imports(text)
        if at is None:
            raise ExtensionError(f"{name}: no imports to put set_language('ja') after")
        lines = text.split("\n")
        text = "\n".join(lines[:at] + ["", *SET_LANGUAGE_JA] + lines[at:])
    return text


def _japanese_notebook(name, text, note, note_ja):
    """A downloaded notebook of the Japanese edition: the note in Japanese; an exercise's cell
    of imports calls ``set_language("ja")``."""
    from site_wheel import note_cell_source

    data = json.loads(text)
    cells = data["cells"]
    if not cells or cells[0]["source"] != note_cell_source(note):
        return text
    cells[0]["source"] = note_cell_source(note_ja)
    if name.startswith("exercise_") and SET_LANGUAGE_JA[-1] not in text:
        cell = next((c for c in cells if c["cell_type"] == "code"
                     and _after_imports("".join(c["source"])) is not None), None)
        if cell is None:
            raise ExtensionError(f"{name}: no cell of imports to put set_language('ja') after")
        lines = "".join(cell["source"]).split("\n")
        at = _after_imports("\n".join(lines))
        cell["source"] = "\n".join(lines[:at] + ["", *SET_LANGUAGE_JA] + lines[at:]).splitlines(keepends=True)
    return json.dumps(data, indent=2)


def _japanese(name, data, note, note_ja):
    """The Japanese edition's version of a downloaded file's bytes (a zip's members too)."""
    if name.endswith(".py"):
        return _japanese_script(name, data.decode("utf-8"), note, note_ja).encode("utf-8")
    if name.endswith(".ipynb"):
        return _japanese_notebook(name, data.decode("utf-8"), note, note_ja).encode("utf-8")
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info, member in members:
                archive.writestr(info, _japanese(info.filename.rsplit("/", 1)[-1], member, note, note_ja))
        return out.getvalue()
    return data


def japanese_downloads(app, exception):
    """In the Japanese edition, the downloads speak Japanese where a student meets them first.

    Both editions copy the same files (sphinx-gallery writes them once, in the source folder);
    after the Japanese build has copied them into its ``_downloads``, every script and notebook
    (and every zip's copy of them) opens with the install note in Japanese, and each exercise
    calls ``set_language("ja")`` right after its imports, so that its checks report in Japanese.
    The task, the hints and the comments stay as in the English edition.
    """
    if exception is not None or app.config.language != "ja" or app.builder.format != "html":
        return
    from site_wheel import note_lines

    from bpteach import __version__ as version

    note, note_ja = note_lines(version), note_lines(version, "ja")
    for path in sorted((Path(app.outdir) / "_downloads").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".zip"):
            data = path.read_bytes()
            new = _japanese(path.name, data, note, note_ja)
            if new != data:
                path.write_bytes(new)


# -- the switch: a site without solutions -----------------------------------------------------------

def solutions_hidden(environ):
    """Whether `environ` asks for a site without solutions; an unknown value is an error."""
    value = environ.get(SWITCH, "").strip().lower()
    if value not in ("", "shown", HIDDEN):
        raise ValueError(f"{SWITCH} must be 'hidden' (a site without the exercises' solutions) "
                         f"or 'shown' (the default), got {value!r}")
    return value == HIDDEN


def without_solutions(source, dest):
    """Write the student versions of the exercise folder `source` into `dest` (made anew);
    the gallery's header and every other file are copied as they are. Returns `dest`."""
    source, dest = Path(source), Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        if path.name.startswith("exercise_") and path.suffix == ".py":
            text = path.read_text(encoding="utf-8")
            (dest / path.name).write_text(student_version(text, path.name), encoding="utf-8")
        elif path.is_file():
            shutil.copy(path, dest / path.name)
    return dest


def setup(app):
    app.connect("doctree-read", fold_the_solution)
    # After sphinx-gallery (500), exercise_pages (900) and site_wheel's install note (950).
    app.connect("builder-inited", downloads_for_students, priority=960)
    app.connect("build-finished", japanese_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
