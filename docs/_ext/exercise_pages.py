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
import os
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
    equation's number and page as the site shows them ("(7.1) in *Stochastic
    gradient descent and online learning*"; the label itself if it is on no numbered
    page), ``:func:`~bpteach.exercises.check_x``` the code name.
    """
    numbers = equation_numbers(srcdir)

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
            if target in numbers:
                number, page = numbers[target]
                return f"({number}) in *{title(page)}*"
            return f"({target})"
        name = explicit["text"] if explicit else target
        return f"`{name.rsplit('.', 1)[-1] if name.startswith('~') else name}`"

    return ROLE.sub(replace, markdown)


def equation_numbers(srcdir):
    """label -> (number, page) of every labelled equation, as the site numbers them: the
    chapters of the numbered toctree of index.md, and each page's ``$$ (label)`` in order."""
    index = (Path(srcdir) / "index.md").read_text(encoding="utf-8")
    numbers = {}
    for toctree in re.findall(r"```\{toctree\}\n((?::.*\n)*)\n((?:.+\n)+)```", index):
        if ":numbered:" not in toctree[0]:
            continue
        for chapter, page in enumerate(toctree[1].split(), start=1):
            source = Path(srcdir) / f"{page}.md"
            if source.exists():
                labels = re.findall(r"^\$\$ \(([\w-]+)\)\s*$", source.read_text(encoding="utf-8"), flags=re.M)
                numbers.update({label: (f"{chapter}.{rank}", page) for rank, label in enumerate(labels, 1)})
    return numbers


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


def _squeezed(text):
    return "".join(text.split())


#: How a report cites an equation (bpteach.exercises.citations), with the spaces taken out:
#: "(6.6) in “Backpropagation, derived”", 「誤差逆伝播法の導出」の式 (6.6).
CITED = {"en": re.compile(r"\((\d+\.\d+)\)in“([^”]+)”"), "ja": re.compile(r"「([^」]+)」の式\((\d+\.\d+)\)")}


def number_cited_equations(app, doctree, docname):
    """Under each report that cites equations, link them: the report names each by its number
    and page, as printed in a terminal; the line below it leads to the equation."""
    if not docname.startswith("auto_exercises/") or app.builder.format != "html":
        return
    env, equations = app.env, app.env.get_domain("math").equations
    japanese = app.config.language == "ja"
    where = {}  # (squeezed page title, number) -> (label, page)
    for label, (page, _number) in equations.items():
        node_id = nodes.make_id(f"equation-{label}")  # as Sphinx's math domain names it
        numbers = env.toc_fignumbers.get(page, {}).get("displaymath", {}).get(node_id, ())
        if numbers and page in env.titles:
            where[(_squeezed(env.titles[page].astext()), ".".join(map(str, numbers)))] = (node_id, page)
    for block in list(doctree.findall(nodes.literal_block)):
        text = _squeezed(block.astext())
        if japanese:
            pairs = CITED["ja"].findall(text)  # (title, number)
        else:
            pairs = [(title, number) for number, title in CITED["en"].findall(text)]
        cited = [where[pair] + (pair[1],) for pair in dict.fromkeys(pairs) if pair in where]
        if not cited:
            continue
        line = nodes.paragraph(classes=["bpteach-cited-equations"])
        line += nodes.Text("上の出力に出てくる式：" if japanese else "The equations cited above: ")
        for i, (node_id, page, number) in enumerate(cited):
            uri = f"{app.builder.get_relative_uri(docname, page)}#{node_id}"
            reference = nodes.reference("", "", internal=True, refuri=uri)
            title = env.titles[page].astext()  # the link names its page, as every equation link does
            if japanese:  # 「誤差逆伝播法の導出」の式 (6.6)
                reference += nodes.Text(f"「{title}」の式 ({number})")
            else:
                reference += [nodes.Text(f"({number}) in "), nodes.emphasis(title, title)]
            line += [nodes.Text(("、" if japanese else "; ") if i else ""), reference]
        line += nodes.Text("。" if japanese else ".")
        block.parent.insert(block.parent.index(block) + 1, line)


#: Where the English build leaves each printed report's Japanese twin (bpteach.exercises.report).
TWINS = "auto_exercises/_reports_ja"


def report_language(app, config):
    """The English build runs the exercise scripts: reports in English, each with its Japanese twin.

    The environment reaches the gallery's worker processes too. The Japanese build runs
    nothing; it shows the twins (:func:`japanese_reports`).
    """
    if config.language in (None, "en"):
        os.environ["BPTEACH_LANGUAGE"] = "en"
        os.environ["BPTEACH_REPORT_TWINS"] = str(Path(app.srcdir) / TWINS)


def japanese_reports(app, doctree):
    """In the Japanese edition, every report and diagnostic that a gallery page printed is in Japanese.

    The captured output is the English build's; each exercise check's report in it is replaced
    by the same check's report in Japanese, and each training diagnostic (a
    ``TrainingWarning``, a ``TrainingDiverged``, a diverged copy's log line) by its Japanese
    text, which the English build made beside it (one JSON file each, see
    ``bpteach._language.record_twin``). A script may have wrapped a diagnostic's lines
    (``textwrap.fill``): it is found whatever the line breaks and indentation between its
    words, and its Japanese is wrapped to the same width and indentation
    (:func:`wrap_japanese`). The rest of the printed output stays as the program printed it.
    """
    if app.config.language != "ja" or not app.env.docname.startswith(("auto_exercises/", "auto_examples/")):
        return
    twins = [json.loads(path.read_text(encoding="utf-8"))
             for path in sorted((Path(app.srcdir) / TWINS).glob("*.json"))]
    reports = sorted((t for t in twins if not t.get("wrapped")), key=lambda t: -len(t["en"]))
    diagnostics = sorted((t for t in twins if t.get("wrapped")), key=lambda t: -len(t["en"]))
    for block in list(doctree.findall(nodes.literal_block)):
        text = block.astext()
        new = text
        for twin in reports:
            new = new.replace(twin["en"], twin["ja"])
        for twin in diagnostics:
            if twin["en"].split(maxsplit=1)[0] in new:  # a cheap test before the pattern
                new = replace_wrapped(new, twin["en"], twin["ja"])
        if new != text:
            block.children = []
            block += nodes.Text(new)
            block.rawsource = new


def replace_wrapped(text, english, japanese):
    """Put `japanese` in place of `english` in `text`, however `text` broke `english`'s lines.

    Between two words of `english` the printed text may have any whitespace (a line break and
    an indentation), and after a hyphen a line break (``textwrap`` breaks "10-19" there). Where
    the English spanned several lines, the Japanese is wrapped to the width of the widest of them,
    its lines indented as the English's second line was.
    """
    words = [re.escape(word).replace("\\-", "-\\s*") for word in english.split()]
    pattern = re.compile("\\s+".join(words))

    def japanese_in_place(match):
        found = match.group(0)
        if "\n" not in found:
            return japanese
        start = text.rfind("\n", 0, match.start()) + 1
        region = text[start:match.end()].split("\n")
        indent = re.match(r"[ \t]*", region[1]).group(0)
        width = max(len(line) for line in region)
        return wrap_japanese(japanese, width, first=width - (match.start() - start), indent=indent)

    return pattern.sub(japanese_in_place, text)


#: Characters that do not begin a Japanese line (禁則: closing brackets and punctuation).
NOT_AT_LINE_START = set("。、，．）」』】：；！？・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]},.:;!?%")


def wrap_japanese(text, width, *, first, indent):
    """Wrap Japanese `text` to `width` columns (a kana or kanji takes two), `first` on the first line.

    Runs of ASCII letters, digits and symbols (code, numbers) are never broken; no line begins
    with a closing bracket, punctuation or a small kana (:data:`NOT_AT_LINE_START`); lines after the first
    begin with `indent`.
    """
    import unicodedata

    def columns(token):
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in token)

    from bpteach.exercises.report import _PHRASE

    tokens = []  # a phrase (kanji or katakana with the hiragana after it) is kept together if short
    for token in re.findall(rf"[!-~]+|\s+|{_PHRASE}|.", text):
        tokens += [token] if token.isascii() or columns(token) <= width // 3 else list(token)
    lines, line, limit = [], "", first
    for token in tokens:
        if token.isspace():
            if line:
                line += " "
            continue
        if line and columns(line) + columns(token) > limit and token[0] not in NOT_AT_LINE_START:
            lines.append(line.rstrip())
            line, limit = "", width - len(indent)
        line += token
    lines.append(line.rstrip())
    return ("\n" + indent).join(lines)


def setup(app):
    # After sphinx-gallery's own builder-inited handler (priority 500), which writes the notebooks.
    app.connect("builder-inited", details_in_notebooks, priority=900)
    app.connect("config-inited", report_language)
    app.connect("doctree-read", japanese_reports)
    app.connect("doctree-resolved", number_cited_equations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
