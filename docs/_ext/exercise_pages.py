"""Sphinx helpers for the exercise pages (``exercises/``, rendered by sphinx-gallery).

* :class:`GalleryOrder` keeps the exercises in the order of their numbers
  (sphinx-gallery's default orders examples by their number of code lines).
* :func:`details_in_notebooks` turns the sphinx-design dropdowns of the
  hints and solutions into HTML ``<details>`` elements in the notebooks that
  sphinx-gallery writes, so that they stay folded in Jupyter too (without
  it a notebook shows the raw ``.. dropdown::`` directive), and writes the
  Sphinx roles that sphinx-gallery leaves in them (``:doc:``, ``:eq:``,
  ``:func:``...) as plain Markdown.
"""

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx_gallery.sorting import NumberOfCodeLinesSortKey


class GalleryOrder(NumberOfCodeLinesSortKey):
    """Exercises by file name (``exercise_1_…``, ``exercise_2_…``); other examples as by default,
    except that an example listed in :attr:`FOLLOWS` comes right after the one it builds on."""

    #: example -> the example it builds on (and is read after)
    FOLLOWS = {"plot_digits_overfitting.py": "plot_digits.py"}

    def __call__(self, filename):
        if filename.startswith("exercise_"):
            return filename
        if filename in self.FOLLOWS:
            return super().__call__(self.FOLLOWS[filename]) + 0.5
        return super().__call__(filename)


DROPDOWN = re.compile(r"^\.\. dropdown:: *(?P<title>.*)$")


def dropdowns_to_details(markdown):
    """Replace every ``.. dropdown:: Title`` block of a notebook's Markdown by ``<details>``.

    The block is the directive line and everything after it that is indented,
    blank, or inside a fenced code block (sphinx-gallery has already turned
    the block's ``.. code-block::`` into an unindented ``` fence).
    """
    lines = markdown.split("\n")
    out, i = [], 0
    while i < len(lines):
        match = DROPDOWN.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        body, i, fenced = [], i + 1, False
        while i < len(lines):
            line = lines[i]
            if line.startswith("```"):
                fenced = not fenced
            elif not fenced and line.strip() and not line.startswith((" ", "\t")):
                break
            body.append(line)
            i += 1
        out += [f"<details><summary>{match['title']}</summary>", "", _dedent(body), "", "</details>", ""]
    return "\n".join(out)


def _dedent(lines):
    """Remove the directive's indentation from the lines outside code fences."""
    fenced, outside = False, []
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.strip():
            outside.append(len(line) - len(line.lstrip()))
    indent, fenced, out = min(outside, default=0), False, []
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
            out.append(line)
        else:
            out.append(line if fenced else line[indent:])
    return "\n".join(out).strip("\n")


ROLE = re.compile(r":(?P<role>doc|eq|func|meth|class|mod|data):`(?P<target>[^`]+)`")


def roles_to_markdown(markdown, srcdir):
    """Write the Sphinx roles that sphinx-gallery leaves in a notebook as plain Markdown.

    ``:doc:`/sgd``` becomes the page's title in italics, ``:eq:`label``` the
    equation's label, ``:func:`~bpteach.exercises.check_x``` the code name.
    """

    def title(page):
        for suffix in (".md", ".rst"):
            path = Path(srcdir) / (page.lstrip("/") + suffix)
            if path.exists():
                text = path.read_text(encoding="utf-8")
                found = (re.search(r"^# (.+)$", text, flags=re.M)
                         or re.search(r"^(\S.*)\n=+$", text, flags=re.M))
                return found.group(1) if found else page
        return page

    def replace(match):
        role, target = match["role"], match["target"]
        explicit = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^>]+)>", target)
        if role == "doc":
            return f"*{explicit['text'] if explicit else title(target)}*"
        if role == "eq":
            return f"({target})"
        name = explicit["text"] if explicit else target
        return f"`{name.rsplit('.', 1)[-1] if name.startswith('~') else name}`"

    return ROLE.sub(replace, markdown)


def details_in_notebooks(app):
    """After sphinx-gallery has written the exercise notebooks, fold their dropdowns."""
    for notebook in sorted((Path(app.srcdir) / "auto_exercises").glob("*.ipynb")):
        data = json.loads(notebook.read_text(encoding="utf-8"))
        changed = False
        for cell in data["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            source = "".join(cell["source"])
            new = roles_to_markdown(dropdowns_to_details(source), app.srcdir)
            if new != source:
                cell["source"] = new.splitlines(keepends=True)
                changed = True
        if changed:
            notebook.write_text(json.dumps(data, indent=2), encoding="utf-8")


CITED = re.compile(r"equation\s+\(([\w-]+)\)")


def number_cited_equations(app, doctree, docname):
    """Under each report that cites equations by label, give their numbers with links.

    A report printed in a terminal names an equation by its label, e.g.
    ``equation (sigmoid-prime)``; on the site the reader sees numbers. The
    captured output stays as printed; a line below it says which number each
    label has, and links to it.
    """
    if not docname.startswith("auto_exercises/") or app.builder.format != "html":
        return
    env, equations = app.env, app.env.get_domain("math").equations
    for block in list(doctree.findall(nodes.literal_block)):
        labels = [label for label in dict.fromkeys(CITED.findall(block.astext())) if label in equations]
        if not labels:
            continue
        japanese = app.config.language == "ja"
        line = nodes.paragraph(classes=["bpteach-cited-equations"])
        # The report is printed in English and names each equation by its label: the
        # Japanese line quotes that name as printed, then says which equation it is.
        line += nodes.Text("上の出力に出てくる式：" if japanese else "The equations cited above: ")
        for i, label in enumerate(labels):
            page = equations[label][0]
            node_id = nodes.make_id(f"equation-{label}")  # as Sphinx's math domain names it
            numbers = env.toc_fignumbers.get(page, {}).get("displaymath", {}).get(node_id, ())
            uri = f"{app.builder.get_relative_uri(docname, page)}#{node_id}"
            reference = nodes.reference("", "", internal=True, refuri=uri)
            title = env.titles[page].astext()  # the link names its page, as every equation link does
            number = ".".join(map(str, numbers))
            if japanese:  # 「equation (dense-gradients)」は「誤差逆伝播法の導出」の式 (6.6)
                reference += nodes.Text(f"「equation ({label})」は「{title}」の式 ({number})")
            else:
                reference += [nodes.Text(f"({label}) is ({number}) in "), nodes.emphasis(title, title)]
            line += [nodes.Text(("、" if japanese else "; ") if i else ""), reference]
        line += nodes.Text("。" if japanese else ".")
        block.parent.insert(block.parent.index(block) + 1, line)


def setup(app):
    # After sphinx-gallery's own builder-inited handler (priority 500), which writes the notebooks.
    app.connect("builder-inited", details_in_notebooks, priority=900)
    app.connect("doctree-resolved", number_cited_equations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
