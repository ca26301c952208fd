"""Every gallery page opens with its main figure, and the notebooks leave it out.

The browser test (tests/site/test_projection.py) checks that the figure is on the first
screen of the built pages; these check the scripts' docstrings and the notebooks' text.
"""

import ast
import re
import sys

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import lead_figures  # noqa: E402

SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))
# The animation page opens with its first player instead (right after its docstring).
ANIMATION = "plot_training_animation.py"


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s.name != ANIMATION], ids=lambda s: s.name)
def test_the_docstring_shows_a_figure_of_its_own_script_after_its_first_paragraph(script):
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")), clean=False)
    paragraphs = docstring.strip().split("\n\n")
    title, first = paragraphs[0], paragraphs[1]
    assert re.fullmatch(r"[^\n]+\n=+", title), title
    assert "image-sg" not in first  # the first paragraph is the card's summary
    images = re.findall(r"^\.\. image-sg:: (\S+)$", docstring, flags=re.M)
    assert len(images) == 1, images
    folder = "auto_examples/" + script.parent.relative_to(ROOT / "gallery").as_posix()
    assert re.fullmatch(rf"/{folder.rstrip('/.')}/images/sphx_glr_{script.stem}_\d{{3}}\.png",
                        images[0]), images[0]
    assert lead_figures.drop_lead_figure(docstring).count("image-sg") == 0


def test_the_notebooks_markdown_loses_only_the_lead_figure():
    markdown = ("# Title\n\nWhat you see.\n\nThe page's main figure, which the code below computes "
                "and draws again in its place:\n\n.. image-sg:: /auto_examples/images/sphx_glr_x_001.png\n"
                "   :alt: A figure.\n   :class: sphx-glr-single-img\n\nThe setting.\n")
    assert lead_figures.drop_lead_figure(markdown) == "# Title\n\nWhat you see.\n\nThe setting.\n"
    plain = "# Title\n\nNo figure here: none.\n"
    assert lead_figures.drop_lead_figure(plain) == plain
