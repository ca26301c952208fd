"""The package in the site: its wheel, built with the site, and how to install it.

A student who has only the site (no clone of the repository, bpteach not on the
package index) installs bpteach from a file the site offers, built from the same
source as the pages, at the same time:

* :func:`build_wheel` (``builder-inited``) builds the wheel of the package with
  ``python -m build --wheel --no-isolation`` (no network: the environment's own
  setuptools), from a copy of ``pyproject.toml``, ``README.md``, ``LICENSE`` and
  ``bpteach/`` in a temporary folder, so that the checkout gets no ``build/`` or
  ``*.egg-info``. It lands in ``docs/_build/wheel/``; ``SOURCE_DATE_EPOCH`` is
  fixed, so two builds of the same source give the same bytes, and a hash of the
  source lets the next Sphinx run (the other edition, the doctests) reuse it.
* The role ``{wheel}`link text``` is a download link to that file (Sphinx copies
  it into the edition's ``_downloads/``); ``@WHEEL@`` in a page's source (in the
  commands of ``install.md``) becomes the file's name, ``bpteach-<version>-py3-none-any.whl``.
* :data:`INSTALL_NOTE`, the one text that opens every downloadable script (as
  comments) and notebook (as its first cell): :func:`note_in_downloads` adds it
  after sphinx-gallery has written them.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError

# What the wheel is built from, relative to the project's root (the folder above docs/).
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "bpteach")
# 1980-01-01, the earliest time a zip file can store: the same for every build.
SOURCE_DATE_EPOCH = "315532800"
WHEEL_TOKEN = "@WHEEL@"
INSTALL_PAGE = "install"

# The note that opens every downloadable script and notebook (in the Japanese edition, in
# Japanese: INSTALL_NOTE_JA). A line per list item.
INSTALL_NOTE = (
    "Before you run this file, install bpteach (it is not on the package index).",
    'The site you downloaded this file from has a page "Install bpteach": make a virtual',
    "environment, download the file bpteach-{version}-py3-none-any.whl from that page and",
    "run `python -m pip install bpteach-{version}-py3-none-any.whl` in that environment",
    "(NumPy and matplotlib come with it).",
)
NOTE_MARK = "Before you run this file, install bpteach"
# The same note in the Japanese edition's downloads (student_downloads.japanese_downloads).
INSTALL_NOTE_JA = (
    "このファイルを実行する前に、bpteach をインストールしてください（PyPI にはありません）。",
    "このファイルをダウンロードしたサイトに「bpteach のインストール」のページがあります。仮想環境を作り、",
    "そのページからファイル bpteach-{version}-py3-none-any.whl をダウンロードして、その環境で",
    "`python -m pip install bpteach-{version}-py3-none-any.whl` を実行してください",
    "（NumPy と matplotlib も一緒にインストールされます）。",
)


def _source_files(root):
    for name in WHEEL_SOURCES:
        path = root / name
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
        else:
            yield path


def _source_hash(root):
    digest = hashlib.sha256()
    for path in _source_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_wheel(app):
    """Build the package's wheel into ``docs/_build/wheel/`` (or reuse the one of this source)."""
    root = Path(app.srcdir).parent
    outdir = Path(app.srcdir) / "_build" / "wheel"
    stamp = outdir / "SOURCE_HASH"
    source_hash = _source_hash(root)
    wheels = sorted(outdir.glob("*.whl"))
    if not (len(wheels) == 1 and stamp.exists() and stamp.read_text() == source_hash):
        shutil.rmtree(outdir, ignore_errors=True)
        outdir.mkdir(parents=True)
        with tempfile.TemporaryDirectory(prefix="bpteach-wheel-") as folder:
            copy = Path(folder) / "bpteach"
            copy.mkdir()
            for name in WHEEL_SOURCES:
                if (root / name).is_dir():
                    shutil.copytree(root / name, copy / name,
                                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
                else:
                    shutil.copy(root / name, copy / name)
            env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
            env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
            result = subprocess.run(
                [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir),
                 str(copy)], capture_output=True, text=True, env=env)
            if result.returncode != 0:
                raise ExtensionError(f"building the wheel failed:\n{result.stdout}\n{result.stderr}")
        wheels = sorted(outdir.glob("*.whl"))
        stamp.write_text(source_hash)
    if len(wheels) != 1:
        raise ExtensionError(f"expected one wheel in {outdir}, found {[w.name for w in wheels]}")
    app.bpteach_wheel_name = wheels[0].name


def wheel_name(app):
    return app.bpteach_wheel_name


def put_wheel_name(app, docname, source):
    """``@WHEEL@`` in a page becomes the wheel's file name (in the install page's commands)."""
    if WHEEL_TOKEN in source[0]:
        source[0] = source[0].replace(WHEEL_TOKEN, wheel_name(app))


def wheel_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{wheel}`text```: a download link to the site's wheel, with `text` as its text."""
    app = inliner.document.settings.env.app
    target = "/_build/wheel/" + wheel_name(app)
    node = addnodes.download_reference(rawtext, "", reftarget=target, refdoc=app.env.docname,
                                       refexplicit=True, refdomain="", reftype="download",
                                       refwarn=False)
    node += nodes.literal(rawtext, text or wheel_name(app), classes=["xref", "download"])
    return [node], []


def note_lines(version, language="en"):
    return [line.format(version=version) for line in (INSTALL_NOTE_JA if language == "ja" else INSTALL_NOTE)]


def note_cell_source(lines):
    """The notebook's first cell, the note: its first line in bold, the others joined (with a
    space, except between two Japanese characters)."""
    text = lines[1]
    for line in lines[2:]:
        text += ("" if text[-1] > "\u3000" and line[0] > "\u3000" else " ") + line
    return ("**" + lines[0] + "** " + text).splitlines(keepends=True)


def note_in_downloads(app):
    """Open every downloadable script and notebook of the gallery and exercises with the note.

    Runs after sphinx-gallery has copied the scripts and written the notebooks (and after
    ``exercise_pages``). sphinx-gallery copies a script again only when its source
    changed, and reruns an example only when the copy's md5 differs from the one it
    stored before this note was added, so the note changes neither.
    """
    from bpteach import __version__ as version

    lines = note_lines(version)
    srcdir = Path(app.srcdir)
    for gallery in ("auto_examples", "auto_exercises"):
        for script in sorted((srcdir / gallery).rglob("*.py")):
            text = script.read_text(encoding="utf-8")
            if NOTE_MARK in text.split("\n", 1)[0]:
                continue
            header = "".join(f"# {line}\n" for line in lines)
            script.write_text(header + "\n" + text, encoding="utf-8")
        for notebook in sorted((srcdir / gallery).rglob("*.ipynb")):
            data = json.loads(notebook.read_text(encoding="utf-8"))
            first = "".join(data["cells"][0]["source"]) if data["cells"] else ""
            if NOTE_MARK in first:
                continue
            cell = {"cell_type": "markdown", "metadata": {},
                    "source": note_cell_source(lines)}
            data["cells"].insert(0, cell)
            notebook.write_text(json.dumps(data, indent=2), encoding="utf-8")


def setup(app):
    # Before sphinx-gallery (priority 500): the gallery does not need it, but the pages do.
    app.connect("builder-inited", build_wheel, priority=400)
    # After sphinx-gallery (500) and exercise_pages (900), which write the downloads.
    app.connect("builder-inited", note_in_downloads, priority=950)
    app.connect("source-read", put_wheel_name)
    app.add_role("wheel", wheel_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
