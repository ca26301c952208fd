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
import unicodedata
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


def _width(text):
    """Columns of `text` in a terminal: two for a full-width character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap_japanese(text, indent, width=76):
    """Lines of a translated paragraph, broken after 、 and 。 only (never inside a reST role, nor
    before a closing mark); one line if `width` is None."""
    if width is None:
        return [indent + text]
    lines, line = [], ""
    for i, c in enumerate(text):
        line += c
        if (c in "、。" and _width(indent + line) >= width - 20 and line.count("`") % 2 == 0
                and text[i + 1:i + 2] not in tuple("、。）」")):
            lines.append(indent + line)
            line = ""
    return lines + [indent + line] if line else lines


_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+\.) +")
_DROPDOWN = re.compile(r"^(\s*)\.\. dropdown:: *(.+)$")


def translate_rest(lines, catalog, width=76):
    """The lines of a reST text translated paragraph by paragraph with `catalog` ({msgid: msgstr},
    the page's, as Sphinx reads its paragraphs: lines joined by a space); titles, list items and
    dropdown titles too. What the catalog does not know (code, maths, directives) is left as it is."""
    out, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            out.append(lines[i])
            i += 1
            continue
        group = [lines[i]]
        i += 1
        while i < len(lines) and lines[i].strip():
            group.append(lines[i])
            i += 1
        first = group[0]
        indent = first[:len(first) - len(first.lstrip())]
        if len(group) >= 2 and _UNDERLINE.match(group[1]):  # a title, and what follows it
            title = catalog.get(first.strip(), first.strip())
            out += [indent + title, indent + group[1].strip()[0] * max(_width(title), len(group[1].strip()))]
            out += translate_rest(group[2:], catalog, width)
        elif _DROPDOWN.match(first) and len(group) == 1:
            match = _DROPDOWN.match(first)
            out.append(f"{match[1]}.. dropdown:: {catalog.get(match[2].strip(), match[2].strip())}")
        elif first.lstrip().startswith(".. "):
            out += group
        elif _ITEM.match(first):
            items = []
            for line in group:
                if _ITEM.match(line) and len(_ITEM.match(line)[1]) == len(indent):
                    items.append([line])
                else:
                    items[-1].append(line)
            for item in items:
                marker = _ITEM.match(item[0])[0]
                said = " ".join([item[0][len(marker):].strip()] + [line.strip() for line in item[1:]])
                if said in catalog:
                    wrapped = _wrap_japanese(catalog[said], " " * len(marker), width)
                    out += [marker + wrapped[0].lstrip(" ")] + wrapped[1:]
                else:
                    out += item
        else:
            said = " ".join(line.strip() for line in group)
            if said not in catalog:
                out += group
                continue
            wrapped = _wrap_japanese(catalog[said], indent, width)
            if said.endswith("::") and not wrapped[-1].endswith("::"):
                wrapped[-1] += " ::"  # the literal block that follows stays one (reST drops " ::")
            out += wrapped
    return out


def translate_script(text, catalog, width=76):
    """An exercise script's task (its docstring) and text blocks (the comments after each
    ``# %%``) translated with `catalog`; the code and its comments are left as they are."""
    lines = text.split("\n")
    tree = ast.parse(text)
    first = tree.body[0] if tree.body else None
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if docstring and first.lineno < first.end_lineno:
        start, end = first.lineno, first.end_lineno - 1  # the lines between the quotes
        lines[start:end] = translate_rest(lines[start:end], catalog, width)
    out, i = [], 0
    while i < len(lines):
        out.append(lines[i])
        i += 1
        if not _HEADER.match(lines[i - 1]):
            continue
        block = []
        while i < len(lines) and lines[i].startswith("#"):
            block.append(lines[i])
            i += 1
        body = [line[2:] if line.startswith("# ") else line[1:] for line in block]
        out += [("# " + line).rstrip() if line else "#" for line in translate_rest(body, catalog, width)]
    return "\n".join(out)


def _japanese_script(name, text, note, note_ja, catalog=None):
    """A downloaded script of the Japanese edition: the install note in Japanese, and, for an
    exercise, its task, text and hints in Japanese (`catalog`, its page's) and
    ``set_language("ja")`` right after its imports."""
    header = "".join(f"# {line}\n" for line in note)
    if not text.startswith(header):
        return text
    text = "".join(f"# {line}\n" for line in note_ja) + text[len(header):]
    if catalog:
        text = translate_script(text, catalog)
    if name.startswith("exercise_") and SET_LANGUAGE_JA[-1] not in text:
        at = _after_imports(text)
        if at is None:
            raise ExtensionError(f"{name}: no imports to put set_language('ja') after")
        lines = text.split("\n")
        text = "\n".join(lines[:at] + ["", *SET_LANGUAGE_JA] + lines[at:])
    return text


def _text_blocks(script):
    """The reST of a script's text blocks, in order: its docstring's, then each ``# %%`` block's."""
    blocks = [ast.get_docstring(ast.parse(script), clean=False) or ""]
    lines, i = script.split("\n"), 0
    while i < len(lines):
        i += 1
        if _HEADER.match(lines[i - 1]):
            block = []
            while i < len(lines) and lines[i].startswith("#"):
                block.append(lines[i][2:] if lines[i].startswith("# ") else lines[i][1:])
                i += 1
            blocks.append("\n".join(block))
    return blocks


def _roles_in_japanese(markdown, srcdir):
    """The Sphinx roles of a Japanese notebook's Markdown, as the Japanese edition says them:
    ``:doc:`` the page's title in 「」, ``:eq:`` 「title」の式 (6.6), others the code name."""
    from exercise_pages import ROLE, equation_numbers

    numbers, locale = equation_numbers(srcdir), Path(srcdir) / "locale" / "ja" / "LC_MESSAGES"

    def title(page):
        page = page.lstrip("/")
        source = Path(srcdir) / f"{page}.md"
        text = source.read_text(encoding="utf-8") if source.exists() else ""
        found = re.search(r"^# (.+)$", text, flags=re.M)
        english = found.group(1) if found else page
        catalog = locale / f"{page}.po"
        return japanese_catalog(catalog).get(english, english) if catalog.exists() else english

    def replace(match):
        role, target = match["role"], match["target"]
        explicit = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^>]+)>", target)
        if role == "doc":
            return f"「{title(explicit['target'] if explicit else target)}」"
        if role == "eq":
            if target in numbers:  # the catalogs write 式 before it, as for the site's number
                number, page = numbers[target]
                return f"({number})（「{title(page)}」）"
            return f"({target})"
        name = explicit["text"] if explicit else target
        return f"`{name.rsplit('.', 1)[-1] if name.startswith('~') else name}`"

    markdown = ROLE.sub(replace, markdown)
    # reST's escaped space (``**課題：**\ ``) means no space: in Markdown, nothing.
    return re.sub(r"(?<=[*`）」])\\ |\\ (?=[（「\u3040-\u9fff])", "", markdown)


def _japanese_markdown(cells, script, srcdir):
    """Rewrite the Markdown cells of an exercise notebook (after its note) from the Japanese
    `script`'s text blocks, converted as sphinx-gallery and exercise_pages convert the English
    ones; nothing changes if the cells and the blocks do not pair up one to one."""
    from collections import defaultdict
    from itertools import count

    from exercise_pages import dropdowns_to_details
    from sphinx_gallery.notebook import rst2md

    markdown = [cell for cell in cells[1:] if cell["cell_type"] == "markdown"]
    blocks = _text_blocks(script)
    if len(markdown) != len(blocks):
        return
    counter = count(start=1)
    levels = defaultdict(lambda: next(counter))  # shared by the blocks, as sphinx-gallery's
    conf = {"rst_link_targets": {}, "notebook_images": False, "src_dir": str(srcdir)}
    for cell, block in zip(markdown, blocks, strict=True):
        text = rst2md(block + "\n", conf, srcdir, levels)
        cell["source"] = _roles_in_japanese(dropdowns_to_details(text), srcdir).splitlines(keepends=True)


def _japanese_notebook(name, text, note, note_ja, catalog=None, script=None, srcdir=None):
    """A downloaded notebook of the Japanese edition: the note in Japanese; for an exercise, its
    text from the Japanese `script` (:func:`_japanese_markdown`) and a cell of imports that calls
    ``set_language("ja")``."""
    from site_wheel import note_cell_source

    data = json.loads(text)
    cells = data["cells"]
    if not cells or cells[0]["source"] != note_cell_source(note):
        return text
    cells[0]["source"] = note_cell_source(note_ja)
    if script is not None:
        _japanese_markdown(cells, script, srcdir)
    if name.startswith("exercise_") and SET_LANGUAGE_JA[-1] not in text:
        cell = next((c for c in cells if c["cell_type"] == "code"
                     and _after_imports("".join(c["source"])) is not None), None)
        if cell is None:
            raise ExtensionError(f"{name}: no cell of imports to put set_language('ja') after")
        lines = "".join(cell["source"]).split("\n")
        at = _after_imports("\n".join(lines))
        cell["source"] = "\n".join(lines[:at] + ["", *SET_LANGUAGE_JA] + lines[at:]).splitlines(keepends=True)
    return json.dumps(data, indent=2)


def _japanese(name, data, where):
    """The Japanese edition's version of a downloaded file's bytes (a zip's members too).

    `where`: the install notes (``note``, ``note_ja``), the exercises' catalogs (``catalogs``,
    {exercise: its page's {msgid: msgstr}}) and the source folder (``srcdir``).
    """
    note, note_ja, stem = where["note"], where["note_ja"], name.rsplit(".", 1)[0]
    catalog = where["catalogs"].get(stem)
    if name.endswith(".py"):
        return _japanese_script(name, data.decode("utf-8"), note, note_ja, catalog).encode("utf-8")
    if name.endswith(".ipynb"):
        source = Path(where["srcdir"]) / GALLERY / f"{stem}.py"
        # Unwrapped: a line break in Markdown would show as a space between Japanese words.
        script = translate_script(source.read_text(encoding="utf-8"), catalog, None) if catalog else None
        return _japanese_notebook(name, data.decode("utf-8"), note, note_ja, catalog, script,
                                  where["srcdir"]).encode("utf-8")
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info, member in members:
                archive.writestr(info, _japanese(info.filename.rsplit("/", 1)[-1], member, where))
        return out.getvalue()
    return data


def japanese_catalog(path):
    """{msgid: msgstr} of a page's catalog: its translated messages (none fuzzy)."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as file:
        catalog = read_po(file)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def japanese_downloads(app, exception):
    """In the Japanese edition, the downloads speak Japanese.

    Both editions copy the same files (sphinx-gallery writes them once, in the source folder);
    after the Japanese build has copied them into its ``_downloads``, every script and notebook
    (and every zip's copy of them) opens with the install note in Japanese. Each exercise's
    task, text and hints are translated with its page's catalog (paragraph by paragraph, as the
    page is; the code and its comments stay in English, as on the page), and it calls
    ``set_language("ja")`` right after its imports, so that its checks report in Japanese.
    """
    if exception is not None or app.config.language != "ja" or app.builder.format != "html":
        return
    from site_wheel import note_lines

    from bpteach import __version__ as version

    locale = Path(app.srcdir) / "locale" / "ja" / "LC_MESSAGES" / GALLERY
    where = {"note": note_lines(version), "note_ja": note_lines(version, "ja"), "srcdir": app.srcdir,
             "catalogs": {path.stem: japanese_catalog(path) for path in sorted(locale.glob("exercise_*.po"))}}
    for path in sorted((Path(app.outdir) / "_downloads").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".zip"):
            data = path.read_bytes()
            new = _japanese(path.name, data, where)
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
