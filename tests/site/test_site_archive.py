"""``make site-archive``: the built site in one zip file for a class (docs/site_archive.py).

The archive holds every file of the site, and only those, under one folder; two
archives of the same build are the same bytes; the teacher's page that explains
it is in both editions; and a folder without a built site is refused by name.
"""

import importlib.util
import zipfile

import pytest
from helpers import ROOT


def _site_archive():
    spec = importlib.util.spec_from_file_location("site_archive", ROOT / "docs" / "site_archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_archive_is_the_whole_site_and_reproducible(built_editions, tmp_path):
    html, _ = built_editions
    site_archive = _site_archive()
    first = site_archive.pack(html, tmp_path / "first" / "site.zip")
    second = site_archive.pack(html, tmp_path / "second" / "site.zip")
    assert first.read_bytes() == second.read_bytes()
    files = {path.relative_to(html).as_posix() for path in html.rglob("*") if path.is_file()}
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {name.removeprefix("bpteach-site/") for name in names} == files
        assert all(name.startswith("bpteach-site/") for name in names)
        assert archive.read("bpteach-site/en/index.html") == (html / "en" / "index.html").read_bytes()
        assert {info.date_time for info in archive.infolist()} == {site_archive.TIMESTAMP}
    for edition in ("en", "ja"):
        assert "site-archive" in (html / edition / "teaching.html").read_text(encoding="utf-8")


def test_a_folder_without_a_site_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no built site.*make docs"):
        _site_archive().pack(tmp_path, tmp_path / "site.zip")
