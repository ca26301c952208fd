"""Pack the built site into one zip file for a class: ``python docs/site_archive.py [HTML] [OUTDIR]``.

``make site-archive`` runs it after ``make docs``: the folder HTML (default
``docs/_build/html``: the root page and both editions) becomes
``OUTDIR/bpteach-site-<version>.zip`` (OUTDIR defaults to ``dist``), whose one
top folder, ``bpteach-site/``, holds every file of the site. The archive is
reproducible: its members are in sorted order, with one fixed time stamp and
the same permissions, so the same build gives the same bytes.
"""

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "bpteach-site"
# The earliest time a zip file can store, for every member.
TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def site_files(html):
    """The files of the built site at `html`, sorted by their path relative to it."""
    return sorted((path for path in html.rglob("*") if path.is_file()),
                  key=lambda path: path.relative_to(html).as_posix())


def pack(html, archive):
    """Write every file of the site at `html` into the zip file `archive`; return its path.

    Raises
    ------
    FileNotFoundError
        If `html` holds no built site (no ``index.html``).
    """
    html, archive = Path(html), Path(archive)
    if not (html / "index.html").is_file():
        raise FileNotFoundError(f"no built site in {html} (no index.html): run `make docs` first")
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in site_files(html):
            member = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(html).as_posix()}", TIMESTAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            bundle.writestr(member, path.read_bytes())
    return archive


def main(html, outdir):
    sys.path.insert(0, str(ROOT))
    from bpteach import __version__

    archive = pack(html, Path(outdir) / f"{FOLDER}-{__version__}.zip")
    print(f"The site is packed into {archive}: unpack it anywhere and open {FOLDER}/index.html.")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    try:
        main(arguments[0] if arguments else ROOT / "docs" / "_build" / "html",
             arguments[1] if len(arguments) > 1 else ROOT / "dist")
    except FileNotFoundError as error:
        sys.exit(str(error))
