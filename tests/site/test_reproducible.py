"""Two clean builds of the same sources give the same site, byte for byte.

The second build runs in another folder, so a build that depends on where it
runs (an absolute path in a page) fails here too. Only the zip downloads may
differ, and only in their time stamps: their members must be identical. The one
figure that plots wall-clock time measured during the build (the batch-size
example's learning curves against time, and its thumbnail) is measured, not
computed, and is left out of the comparison.
The pages also show nothing that changes from run to run or that the reader
should not see: no computation times, no warnings in the captured output.
"""

import filecmp
import re
import zipfile

# Figures of examples that plot wall-clock times measured while the site is built.
MEASURED_FIGURES = re.compile(r"sphx_glr_plot_batch_sizes_(\d+|thumb)(_ja)?\.png$")  # and the Japanese twins


def _files(folder):
    """The files of a build output, less Sphinx's pickled environment and the run times
    that sphinx-gallery keeps for itself (``*.cost.json``, not shown on any page)."""
    return {p.relative_to(folder) for p in folder.rglob("*")
            if p.is_file() and ".doctrees" not in p.relative_to(folder).parts
            and not p.name.endswith(".cost.json")}


def _measured(relative):
    return MEASURED_FIGURES.search(relative.name) is not None


def _zip_members(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _compare(first, second):
    """Return the files that differ between two trees (zips compared member by member)."""
    files = _files(first)
    assert files == _files(second), "the two builds wrote different files"
    differ = []
    for relative in sorted(files):
        if _measured(relative):
            continue
        if relative.suffix == ".zip":
            same = _zip_members(first / relative) == _zip_members(second / relative)
        else:
            same = filecmp.cmp(first / relative, second / relative, shallow=False)
        if not same:
            differ.append(str(relative))
    return files, differ


def test_a_clean_rebuild_gives_the_same_site(built_editions, second_built_editions):
    first_html, first_result = built_editions
    second_html, second_result = second_built_editions
    assert second_result.returncode == 0, second_result.stdout + second_result.stderr
    # What the build printed (empty, with -q and no warnings) is the same.
    # the build prints the CPU time the Playground's runs took, a measurement that varies
    def said(text):
        return re.sub(r"runs: \d+(\.\d+)? s of CPU", "runs: … s of CPU", text)

    assert ((said(second_result.stdout), second_result.stderr)
            == (said(first_result.stdout), first_result.stderr))

    # What sphinx-gallery generated: captured logs (in the .rst), figures, notebooks, scripts.
    first_gallery = first_html.parent.parent / "auto_examples"
    files, differ = _compare(first_gallery, second_html.parent.parent / "auto_examples")
    assert differ == []
    assert sum(f.suffix == ".png" for f in files) >= 4
    assert sum(f.suffix == ".ipynb" for f in files) >= 2
    logs = re.findall(r"Epoch:\d+/\d+ Error:\S+",
                      (first_gallery / "plot_sin_regression.rst").read_text(encoding="utf-8"))
    assert len(logs) == 11  # the captured log is really there, and compared above

    # The whole HTML site, both editions, including MathJax, search indexes and images.
    files, differ = _compare(first_html, second_html)
    assert differ == []
    for edition in ("en", "ja"):
        assert sum(f.suffix == ".html" and f.parts[0] == edition for f in files) >= 20


def test_pages_show_no_computation_times(built_editions):
    html, _ = built_editions
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"running time|computation time|sg_execution_times", text, re.I), page


def test_gallery_output_holds_no_warnings(built_site):
    """sphinx-gallery puts an example's warnings into the page, not on the terminal."""
    html, _ = built_site
    pages = sorted((html / "auto_examples").rglob("plot_*.html"))  # the experiments too
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        outputs = re.findall(r'<div class="sphx-glr-script-out.*?</pre>', text, flags=re.S)
        assert outputs, page
        for output in outputs:
            if page.name == "plot_failure_modes.html":
                # That page prints its runs' TrainingWarnings on purpose, from history.warnings.
                output = output.replace("TrainingWarning [", "")
            assert not re.search(r"Warning\b|Traceback", output), (page.name, output)
