"""The gallery pages' lead figures, left out of the notebooks.

Each gallery page opens with its main figure (issue 25 item 5: a projected page shows a
figure on its first screen): the script's docstring shows, after its first paragraph, a
one-line lead ending in "in its place:" and an ``.. image-sg::`` of a figure that the
script draws further down. sphinx-gallery copies the docstring into the notebook, where
that directive would be raw text and the image does not exist until the notebook has
run; :func:`drop_lead_figures` removes the lead and the directive from the notebooks (the
notebook draws the figure where its code runs).
"""

import json
import re
from pathlib import Path

# A lead paragraph that ends "... in its place:", then the image-sg directive and its options.
LEAD_FIGURE = re.compile(r"^[^\n]*in its place:\n\n\.\. image-sg:: [^\n]*\n(?: +:[^\n]*\n)*\n?", re.M)


def drop_lead_figure(markdown):
    """`markdown` (a notebook cell's text) without its lead figure."""
    return LEAD_FIGURE.sub("", markdown)


def drop_lead_figures(app):
    """After sphinx-gallery has written the gallery's notebooks, take their lead figures out."""
    for notebook in sorted((Path(app.srcdir) / "auto_examples").rglob("*.ipynb")):
        data = json.loads(notebook.read_text(encoding="utf-8"))
        changed = False
        for cell in data["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            source = "".join(cell["source"])
            new = drop_lead_figure(source)
            if new != source:
                cell["source"] = new.splitlines(keepends=True)
                changed = True
        if changed:
            notebook.write_text(json.dumps(data, indent=2), encoding="utf-8")


def setup(app):
    # After sphinx-gallery's own builder-inited handler (priority 500), which writes the notebooks.
    app.connect("builder-inited", drop_lead_figures, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
