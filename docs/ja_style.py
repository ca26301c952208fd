r"""The Japanese edition's house style, applied to the catalogs: ``python docs/ja_style.py``.

The rules are written for translators in ``docs/locale/ja/README.md``. This
script applies those that a program can apply safely to every translated
message (``msgstr``) of ``docs/locale/ja/LC_MESSAGES/**/*.po``, figures.po
included, and rewrites only the catalogs it changes. Running it again changes
nothing (it is idempotent), so it can be re-run after any merge that changes
catalogs::

    python docs/ja_style.py            # fix every catalog, list what changed
    python docs/ja_style.py --check    # change nothing; exit 1 if a rule is broken

What it never touches: code (```...```), roles and their targets
(``{func}`...```, ``:math:`...```), maths (``$...$``), link targets, URLs,
HTML tags, format placeholders (``{0}``, ``%(name)s``), translated display
formulas (LaTeX), and messages that are not Japanese. A half-width space that
inline markup needs stays: in a reST message (the API reference and the
gallery) a space is removed by writing the escaped space ``\ `` instead,
which reST requires there and renders as nothing; in a MyST message a space
next to ``**`` stays where CommonMark would otherwise not see the emphasis.

The rules (R1-R7, named in the messages of ``--check``):

R1 a half-width space between Japanese and Latin letters, digits, code or maths;
R2 no space next to full-width punctuation (、。「」（）：…), and none between
   Japanese text and bold or italic Japanese text or a link that shows Japanese text
   ({doc}`network`, shown as the page's title 「ネットワーク」);
R3 parentheses in Japanese text are full-width 「（）」: those around Japanese,
   and those right after or before Japanese (a gloss: 重み（weight）);
R4 a colon after Japanese is full-width 「：」 with no space after it; a
   sentence that leads into a code block or a list ends with 「。」, not ":";
R5 a list in Japanese text is separated with 「、」, not ", ";
R6 emphasis on Japanese words is bold, not italic (italic has no Japanese form);
R7 「？」「！」 after Japanese are full-width;
R8 one word for one thing (:data:`VARIANTS`: 「sin 曲線」 not 「正弦曲線」, 「滑らか」 not
   「なめらか」, 「1-3-1 のネットワーク」, 「2 つ」 not 「二つ」, 「一度に」 not 「1 度に」...);
R9 an array's shape is code, in half-width parentheses: 「形状 (N, n) の」, not 「（N, n）」.
R13 a negative number in prose takes the minus sign: 「傾き −1」, 「およそ −1 から 1」, not 「-1」.

And in a MyST message, a leading 「1. 」 (a numbered heading) is escaped, 「1\\. 」: unescaped,
Sphinx parses the translation as a list and silently keeps the English heading.

And two rules that only ``--check`` reports, since a person must reword the
sentence (:func:`problems`):

R10 no two parenthetical remarks in a row (「学習係数（…）（learning rate）」);
R11 the page's own word for an idea: the texts in :data:`AVOID` (「段差」 for the
    sigmoid's step, 「当てはめを」 as a noun...).

And R12 (fixed): a link that shows a page's Japanese title, inside running text, goes
in 「」 (「「ネットワーク」の図には」); alone in parentheses it becomes 「（「勾配確認」を参照）」
(:func:`_quote_titles`).

Inside a role with an explicit title (``:download:`title <file>```, ``{ref}`title
<label>```) the title is text and follows the rules too.
"""

import argparse
import functools
import re
import sys
import unicodedata
from pathlib import Path

DOCS = Path(__file__).resolve().parent
CATALOGS = DOCS / "locale" / "ja" / "LC_MESSAGES"

# -- Character classes ----------------------------------------------------------
JA = "\u3005\u3006\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Full-width punctuation: no space beside it.
FULL_PUNCT = "、。，．「」『』（）［］【】〈〉《》：；！？・…―〜～"
LATIN = "A-Za-z0-9\u00c0-\u024f\u0370-\u03ff"  # Greek too: 「凡例は η = 0.1」
#: Each protected span (code, maths, a role, a URL...) is replaced by one
#: character of this private-use range while the rules run: it counts as Latin.
#: Link targets and HTML tags take one of NEUTRAL: they count as nothing.
SPAN = "\ue000-\ue5ff"
NEUTRAL = "\ue600-\ue7ff"
BOLD_OPEN, BOLD_CLOSE, EM_OPEN, EM_CLOSE = "\ue800", "\ue801", "\ue802", "\ue803"
OPEN = BOLD_OPEN + EM_OPEN
CLOSE = BOLD_CLOSE + EM_CLOSE
ESCAPED_SPACE = "\ue804"  # reST's "\ " (an escaped space: inline markup's boundary, shown as nothing)
#: A link whose shown text begins and ends with Japanese or full-width punctuation
#: ({doc}`network`, shown as the page's title 「ネットワーク」; `講座のスライド <url>`_) takes
#: one of JSPAN: no space beside it (R2).
JSPAN = "\ue900-\ue9ff"
#: A link whose shown text ends with Japanese or full-width punctuation but begins otherwise
#: ({ref}`Nielsen 2015、第 3 章 <…>`, a page title 「sin 曲線の学習は…ものか？」) takes one of
#: JEND: Latin on its left (R1), Japanese on its right (R2: 「第 3 章は」); JSTART the reverse.
JEND = "\ueb00-\uebff"
JSTART = "\uec00-\uecff"

_PROTECTED = re.compile(
    r"(?:\{[\w:.+-]+\}|:[\w:.+-]+:)?(`+)(?:.+?)\1_{0,2}"  # code, roles, reST references
    r"|\$\$.+?\$\$|(?<![\\$])\$(?=\S)[^$\n]+?(?<=\S)\$"  # maths
    r"|\]\([^)\s]*\)"  # a Markdown link's target (its text stays text)
    r"|\[[^\]\s]+\]_"  # reST citations and footnotes
    r"|https?://[^\s)）>]+"  # URLs
    r"|</?[A-Za-z][^<>]*>"  # HTML tags
    r"|%\(\w+\)[sd]|%[sd]|\{\d*\}|\{\w+(?:\.\w+)*(?:![rs])?(?::[^{}]*)?\}"  # placeholders
    r"|\|[^|\s]+\|"  # reST substitutions
)
_EMPHASIS = re.compile(r"(?<![*\\A-Za-z0-9_])(\*\*|\*)(?=[^\s*])(.+?)(?<=[^\s*\\])\1(?![*A-Za-z0-9_])")


_LINK = re.compile(r"(?:\{(?:doc|ref)\}|:(?:doc|ref):)`(.+?)`|`([^`]+?)\s*<[^`<>]+>`__?")


@functools.cache
def page_title(target):
    """The Japanese title of the page `target` (a {doc} target, absolute or relative: a page
    at the top first, else the one catalog whose path ends so), or "" if none or several."""
    name = "/" + target.strip("/").replace("../", "").removeprefix("./") + ".po"
    exact = CATALOGS / name[1:]
    found = [exact] if exact.is_file() else [
        path for path in CATALOGS.rglob("*.po")
        if ("/" + path.relative_to(CATALOGS).as_posix()).endswith(name)]
    if len(found) != 1:
        return ""
    catalog = found[0]
    match = re.search(r'^msgid "[^"]+"\nmsgstr "([^"]+)"', catalog.read_text(encoding="utf-8"), re.M)
    return _unescape(match.group(1)) if match else ""


def shown_text(span):
    """The text a link span shows: a title given in it, or the title of the page a {doc}
    role names; "" for anything else (code, maths, other roles)."""
    match = _LINK.fullmatch(span)
    if not match:
        return ""
    if match.group(2) is not None:  # a reST link with its text
        return match.group(2)
    inner = match.group(1)
    titled = re.fullmatch(r"(.*?)\s*<([^<>]+)>", inner)
    if titled:
        return titled.group(1)
    if span.lstrip(":{").startswith("doc"):
        return page_title(inner.lstrip("~!"))
    gallery = re.fullmatch(r"sphx_glr_(\w+)\.py", inner)  # a gallery page's label: its title
    return gallery_title(gallery.group(1)) if gallery else ""


@functools.cache
def gallery_title(label):
    """The Japanese title of the gallery page whose sphinx-gallery label is
    ``sphx_glr_<label>.py`` (``auto_examples_plot_sin_regression``), or "" if none."""
    found = [path for path in CATALOGS.rglob("*.po")
             if path.relative_to(CATALOGS).with_suffix("").as_posix().replace("/", "_") == label]
    return page_title(found[0].relative_to(CATALOGS).with_suffix("").as_posix()) if len(found) == 1 else ""


#: "program" messages (bpteach.po, printed by the exercise checks): code is not marked there,
#: so a word with code's characters (x.T @ delta, (N, n_out), params[i] = …) is code, and a
#: placeholder ({output}, {why}) is neutral: its value brings its own spacing.
_PROGRAM_CODE = re.compile(rf"[^\s{JA}{FULL_PUNCT}]*[()\[\]=@*_.<>][^\s{JA}{FULL_PUNCT}]*(?: …)?")


def _protect(text, syntax="myst"):
    spans = {}
    if syntax == "program":
        def code(match):
            neutral = re.fullmatch(r"\{\w+(?::[^{}]*)?\}", match.group(0)) is not None
            char = chr((0xE600 if neutral else 0xE000) + len(spans))
            spans[char] = match.group(0)
            return char

        text = re.sub(rf"{_PROGRAM_CODE.pattern}|\{{\w+(?::[^{{}}]*)?\}}", code, text)

    def keep(match):
        neutral = match.group(0).startswith(("](", "<"))
        shown = shown_text(match.group(0))
        japanese = bool(re.fullmatch(f"[{JA}{FULL_PUNCT}].*[{JA}{FULL_PUNCT}]|[{JA}]", shown))
        ends = bool(re.search(f"[{JA}{FULL_PUNCT}]$", shown))
        starts = bool(re.match(f"[{JA}{FULL_PUNCT}]", shown))
        code = (0xE600 if neutral else 0xE900 if japanese else 0xEB00 if ends
                else 0xEC00 if starts else 0xE000) + len(spans)
        spans[chr(code)] = match.group(0)
        return chr(code)

    text = _PROTECTED.sub(keep, text)

    def mark(match):
        marker, inner = match.groups()
        opening, closing = (BOLD_OPEN, BOLD_CLOSE) if marker == "**" else (EM_OPEN, EM_CLOSE)
        return opening + inner + closing

    return _EMPHASIS.sub(mark, text.replace("\\ ", ESCAPED_SPACE)), spans


def _restore(text, spans):
    text = (text.replace(BOLD_OPEN, "**").replace(BOLD_CLOSE, "**")
            .replace(EM_OPEN, "*").replace(EM_CLOSE, "*").replace(ESCAPED_SPACE, "\\ "))
    return re.sub(f"[{SPAN}{NEUTRAL}{JSPAN}{JEND}{JSTART}]", lambda match: spans[match.group(0)], text)


def _is_punct(char):
    """Punctuation or space for CommonMark's emphasis rules. A protected span counts as
    punctuation: each begins with one ({, `, $, [, <, %, |)."""
    return char == "" or char.isspace() or unicodedata.category(char).startswith("P") \
        or char in FULL_PUNCT or "\ue000" <= char <= "\ue7ff" or "\ue900" <= char <= "\ue9ff" \
        or "\ueb00" <= char <= "\uecff"


def _space_remover(syntax):
    r"""How a space is removed: ``re.sub`` replacement for ``(left)( +)(right)``.

    Between plain characters it goes. Beside inline markup it goes in MyST if
    CommonMark still sees the markup, and becomes ``\ `` in reST (which
    needs whitespace there)."""

    def remove(match):
        left, right = match.group(1), match.group(3)
        markup_left = left in CLOSE or "\ue000" <= left <= "\ue5ff" or "\ue900" <= left <= "\ue9ff" \
            or "\ueb00" <= left <= "\uecff"
        markup_right = right in OPEN or "\ue000" <= right <= "\ue5ff" or "\ue900" <= right <= "\ue9ff" \
            or "\ueb00" <= right <= "\uecff"
        if not (markup_left or markup_right):
            return left + right
        if syntax == "rst":
            return left + ESCAPED_SPACE + right
        # MyST: a closing ** needs (no punctuation before it) or (punctuation or space after it).
        return left + right if _flanking_ok(match.string, match.start(1), match.end(3) - 1) \
            else match.group(0)

    return remove


def _flanking_ok(text, left_index, right_index):
    """Whether CommonMark still sees emphasis markers at both ends once the space goes."""
    left, right = text[left_index], text[right_index]
    if left in CLOSE:  # the character inside the emphasis before it, and what follows
        inside = text[left_index - 1] if left_index > 0 else ""
        if _is_punct(inside) and not _is_punct(right):
            return False
    if right in OPEN:
        inside = text[right_index + 1] if right_index + 1 < len(text) else ""
        if _is_punct(inside) and not _is_punct(left):
            return False
    return True


_TITLED_ROLE = re.compile(r"((?:\{[\w:.+-]+\}|:[\w:.+-]+:)`)([^`<]*?[\u3040-\u9fff][^`<]*?)(\s*<[^`<>]+>`)")


def fix_text(text, syntax="myst"):
    """`text` (a Japanese msgstr) in the house style. `syntax`: "myst", "rst" or "text"."""
    if not re.search(f"[{JA}]", text):
        return text
    # The title of a role with a target (:download:`title <file>`) is text.
    text = _TITLED_ROLE.sub(lambda m: m.group(1) + fix_text(m.group(2), "text") + m.group(3), text)
    if syntax == "myst":
        # A MyST message that begins 「1. 」 is parsed as a list when Sphinx puts the
        # translation in: a heading 「1. パッケージを…」 then stays English (issue 23, the
        # fourth copy edit's minor 5). The escaped 「1\. 」 shows as 「1. 」.
        text = re.sub(r"\A(\d+)\. ", r"\1\\. ", text)
    protected, spans = _protect(text, syntax)
    if syntax in ("myst", "rst"):
        protected = _quote_titles(protected, spans, syntax)
    protected = _fix_protected(protected, syntax)
    return _restore(protected, spans)


@functools.cache
def page_titles():
    """Every page's Japanese title (those with Japanese in them): the texts R12 puts in 「」."""
    titles = (page_title(path.relative_to(CATALOGS).with_suffix("").as_posix())
              for path in CATALOGS.rglob("*.po"))
    return frozenset(title for title in titles if re.search(f"[{JA}]", title))


#: What may stand between a title's link and the quotes around it (spaces, reST's escaped space).
_GAP = f"[ {ESCAPED_SPACE}]*"


def _quote_titles(text, spans, syntax="myst"):
    """R12: a link that shows a page's title, used inside running text, goes in 「」
    (「「ネットワーク」の図には」); a bare pointer in parentheses becomes 「（「勾配確認」を参照）」.

    Left bare: a message that is only links (an index entry, a table cell, a toctree line), the
    links that label a list item (「{doc}`network`：層、ニューロン…」), and a title already in
    「」 or 『』."""
    titled = "".join(char for char, span in spans.items() if shown_text(span) in page_titles())
    markdown = "".join(char for char, span in spans.items() if span.startswith("]("))
    units = []
    if titled:
        units += [(m.start(), m.end()) for m in re.finditer(f"[{re.escape(titled)}]", text)]
    if markdown:
        units += [(m.start(), m.end()) for m in re.finditer(rf"\[([^\[\]\n]+)[{re.escape(markdown)}]", text)
                  if _restore(m.group(1), spans) in page_titles()]
    if not units:
        return text
    units.sort()
    rest = "".join(char for i, char in enumerate(text)
                   if not any(start <= i < end for start, end in units))
    if not re.search(f"[{JA}{LATIN}{SPAN}{JSPAN}{JEND}{JSTART}]", rest):
        return text  # only links: an index entry, a table cell
    label = re.match(f"[{OPEN} ]*(?:(?:{'|'.join(re.escape(text[a:b]) for a, b in units)})"
                     f"(?:{_GAP}(?:、|と|および){_GAP})?)+{_GAP}[：:]", text)
    for start, end in reversed(units):
        if label and end <= label.end():
            continue  # a list item's label
        before = re.search(f"{_GAP}$", text[:start]).start()
        after = re.match(_GAP, text[end:]).end() + end
        if text[before - 1:before] in "「『" and text[after:after + 1] in "」』" and before > 0:
            continue
        unit = text[start:end]
        # reST: inline markup may not end right before 「 nor start right after 」 (docutils
        # wants a space or other punctuation there): its escaped space stays between them.
        markup = f"[{CLOSE}{OPEN}{SPAN}{JSPAN}{JEND}{JSTART}]"
        rst = syntax == "rst"
        left = ESCAPED_SPACE if rst and re.fullmatch(markup, text[before - 1:before] or "x") else ""
        right = ESCAPED_SPACE if rst and re.fullmatch(markup, text[after:after + 1] or "x") else ""
        if text[before - 1:before] == "（" and text[after:after + 1] == "）" and before > 0:
            text = text[:before] + "「" + unit + "」を参照" + text[after:]
        else:
            text = text[:before] + left + "「" + unit + "」" + right + text[after:]
    return text


J = f"[{JA}]"
A = f"[{LATIN}{SPAN}]"
P = f"[{FULL_PUNCT}]"

#: R8: one word for one thing. Variant -> the house style's word (README, section 1).
VARIANTS = {
    "正弦曲線": "sin 曲線",
    "なめらか": "滑らか",
    "1-3-1 ネットワーク": "1-3-1 のネットワーク",
    "2-6-2 ネットワーク": "2-6-2 のネットワーク",
    "回帰ネットワーク": "回帰のネットワーク", "分類ネットワーク": "分類のネットワーク",
    "講義のスライド": "講座のスライド",
    "二つ": "2 つ", "三つ": "3 つ", "四つ": "4 つ", "五つ": "5 つ",
    "1 度に": "一度に", "1度に": "一度に",
    "2 乗": "二乗",  # 二乗和誤差, as the glossary writes it
    "ベル型": "釣り鐘型",
    # The third copy edit's variants (issue 23): one spelling each.
    "中間層ニューロン": "中間層のニューロン",
    "訓練のループ": "学習ループ", "学習のループ": "学習ループ",
    "S字形": "S字型",
    "平らな裾野": "平らな裾",
    "初期の重み": "重みの初期値",
    "留ま": "とどま",  # 「プラトーにとどまる」 (the second grading's M19)
    # 「持つ」 in kanji (not 「もつ」); 「もっと」 (more) is another word and stays.
    "をもつ": "を持つ", "をもち": "を持ち", "をもた": "を持た", "をもって": "を持って",
    "をもった": "を持った", "をもっている": "を持っている",
}
#: R11 (reported, not fixed): words the house style replaced, with what to write instead.
AVOID = {
    "段差": "シグモイド関数の「step」は「立ち上がり」",
    "当てはめを": "名詞の fit は「近似」（曲線なら「近似曲線」）、動詞は「当てはめる」",
    "学習率": "「学習係数」（初出で一度だけ「ほかの本では学習率とも呼ばれます」と添える）",
    "隠れ層": "「中間層」",
    "静かに失敗": "「エラーを出さずに失敗する」（fail quietly の直訳を避ける）",
    "静かな失敗": "「エラーを出さない失敗」",
    "よりずっと上で停滞": "「…の誤差よりずっと大きいところで停滞」（far above の直訳を避ける）",
    "あなたの": "読者を「あなた」と呼ばない（「自分で書いた関数」「自分の結果」）",
}
#: R9: an array's shape or a tuple of symbols: (N, n_out), (3,), (x₁, x₂).
_ITEM = "[A-Za-z0-9_₀-₉]+"
_SHAPE = f"{_ITEM}(?:, ?{_ITEM})*,|{_ITEM}(?:, ?{_ITEM})+"


def _fix_protected(text, syntax):
    remove = _space_remover(syntax)
    # R6: italic Japanese becomes bold.
    text = re.sub(f"{EM_OPEN}([^{EM_CLOSE}]*{J}[^{EM_CLOSE}]*){EM_CLOSE}",
                  BOLD_OPEN + r"\1" + BOLD_CLOSE, text)
    # R8: one word for one thing.
    for variant, word in VARIANTS.items():
        text = text.replace(variant, word)
    text = re.sub(r"(?<![A-Za-z])([A-Z]) 字", r"\1字", text)  # S字
    # R9: a shape in full-width parentheses becomes code-like (half-width) again.
    text = re.sub(f"（({_SHAPE})）", r"(\1)", text)
    # R3: half-width parentheses around Japanese, or right after/before Japanese.
    def paren(match):
        before, inner, after = match.group(1), match.group(2), match.group(3)
        if re.fullmatch(_SHAPE, inner):  # R9: a shape stays half-width, spaced like code
            left = before.rstrip(" ")
            right = after.lstrip(" ")
            return (left + (" " if left and re.match(f"{J}|[{CLOSE}]", left[-1]) else before[len(left):])
                    + "(" + inner + ")"
                    + (" " if right and re.match(J, right[0]) else after[:len(after) - len(right)]) + right)
        # Without Japanese inside, a pair beside Japanese is a gloss, unless it is part
        # of a formula: an operator inside, or a letter, digit or operator right after.
        gloss = (re.fullmatch(f"{J}|[{CLOSE}」』]", before[:1] or "x")
                 or re.fullmatch(J, after[:1] or "x")) \
            and not re.search("[=+−×/^]", inner) \
            and not re.match(f"[/^*_{LATIN}{SPAN}]", match.string[match.end(2) + 1:][:1])
        if re.search(J, inner) or gloss:
            return before + "（" + inner + "）" + after  # R2 then removes the spaces
        return match.group(0)

    for _ in range(2):  # an inner pair first, then the one around it
        text = re.sub(rf"((?:{J}|[{CLOSE}」』])? ?)\(([^()\n]*)\)( ?(?:{J})?)", paren, text)
    # R7
    text = re.sub(f"({J})\\?", r"\1？", text)
    text = re.sub(f"({J})!(?!\\[)", r"\1！", text)
    # R4: a colon after Japanese.
    # A sentence that leads into code or a list ends with 「。」 (README, section 3).
    text = re.sub(f"((?:ます|です|ください|ません|でした|ました|しょう)[{CLOSE}]?）?)[:：]$", r"\1。", text,
                  flags=re.M)
    if syntax == "rst":  # 「…します。::」 shows 「…します。:」: 「…します。 ::」 shows the 「。」 alone
        text = re.sub("([。）])::$", r"\1 ::", text, flags=re.M)
    text = re.sub(f"((?:{J}|[）」』])[{CLOSE}]?) ?(?<!:):(?!:) *", r"\1：", text)
    # 「bpteach：ゼロから…」, 「{doc}`sgd`：勾配が…」
    text = re.sub(f"((?<![:/])[A-Za-z0-9][{CLOSE}]?) ?: +(?=[{OPEN}]?{J})", r"\1：", text)
    text = re.sub(f"([{SPAN}{JSPAN}][{CLOSE}]?) ?:(?!:) *(?=[{OPEN}]?(?:{J}|[{SPAN}0-9]))", r"\1：", text)
    # R5: a list separated with ", " in Japanese text.
    text = re.sub(f"({J}|[{SPAN}{CLOSE}]), *(?=[{OPEN}]?(?:{J}|[{SPAN}…]))",
                  lambda m: m.group(1) + "、" if (re.match(J, m.group(1)) or re.match(
                      f"[{OPEN}]?{J}", text[m.end():])) or re.match(
                      f"[{OPEN}]?[{SPAN}…]", text[m.end():]) else m.group(0), text)
    # R2: no space beside full-width punctuation; none between Japanese and emphasised Japanese.
    for _ in range(2):
        text = re.sub(f"([^ {ESCAPED_SPACE}])( +)({P})", remove, text)
        text = re.sub(f"({P})( +)(?!::$)([^ ])", remove, text, flags=re.M)
        text = re.sub(f"({J})( +)([{OPEN}](?={J}))", remove, text)
        text = re.sub(f"((?<={J})[{CLOSE}])( +)({J})", remove, text)
        text = re.sub(f"({J})( +)({J})", r"\1\3", text)
        # A link that shows Japanese text: no space beside it ({doc}`network` を, [講座のスライド](…) に).
        text = re.sub(f"({J}|{P})( +)([{JSPAN}{JSTART}])", remove, text)
        text = re.sub(f"([{JSPAN}{JEND}])( +)({J}|{P})", remove, text)
        text = re.sub(f"({J})( +)(\\[)(?={J}[^\\[\\]{NEUTRAL}]*?(?<={J})[{NEUTRAL}])", r"\1\3", text)
        # (a Markdown link's target after its text 「…ものか？](…) で」; a program's placeholder
        # after punctuation brings its own spacing)
        before = J if syntax == 'program' else '[' + JA + FULL_PUNCT + ']'
        text = re.sub(f"((?<={before})[{NEUTRAL}])( +)({J})",
                      r"\1\3", text)
        # Emphasis that ends or starts with full-width punctuation (「**まず読むところ：**」).
        text = re.sub(f"((?<={P})[{CLOSE}])( +)([^ ])", remove, text)
        text = re.sub(f"([^ {ESCAPED_SPACE}])( +)([{OPEN}](?={P}))", remove, text)
    # R1: a space between Japanese and Latin, code or maths (outside emphasis markers),
    # except after reST's escaped space and after a capital naming a shape (S字, U字).
    def space(match):
        left, close, escaped, opening, right = match.groups()
        if escaped or (right == "字" and re.fullmatch("[A-Z]", left)
                       and not re.match("[A-Za-z]", text_before(match))):
            return match.group(0)
        return left + close + " " + opening + right

    def text_before(match):
        return match.string[match.start() - 1:match.start()] if match.start() else ""

    # R13: a negative number in Japanese prose takes the minus sign 「−1」, not the hyphen 「-1」
    # (maths and code keep theirs: they are protected). Not in a program's messages.
    if syntax != "program":
        text = re.sub(f"(?:(?<=^)|(?<=[ {FULL_PUNCT}{JA}{OPEN}]))-(?=[0-9])", "−", text, flags=re.M)
    tail = f"([{CLOSE}]?)({ESCAPED_SPACE}?)([{OPEN}]?)"
    text = re.sub(f"({J}){tail}({A}|[{JEND}]|[-−±](?=\\d))", space, text)  # also before a signed number
    text = re.sub(f"({A}|[{JSTART}]|%){tail}({J})", space, text)
    text = re.sub(r"(\d)%", r"\1 %", text)  # 「90 %」, as in the English pages
    return text


def problems(text):
    """What the fixer cannot fix in `text` (a Japanese msgstr): ``[(rule, excerpt)]`` (R10, R11)."""
    if not re.search(f"[{JA}]", text):
        return []
    protected, spans = _protect(text)
    found = []
    for match in re.finditer(r"）[\ue800-\ue803]?（", protected):
        found.append(("R10 two parenthetical remarks in a row",
                      _restore(protected[max(0, match.start() - 15):match.end() + 15], spans)))
    for word, instead in AVOID.items():
        if text.strip() == word:  # the glossary's column of words not to use
            continue
        for match in re.finditer(re.escape(word), protected):
            context = _restore(protected[max(0, match.start() - 15):match.end() + 15], spans)
            if word == "学習率" and "学習率とも呼ばれます" in context:
                continue
            found.append((f"R11 「{word}」: {instead}", context))
    return found


# -- Catalogs ---------------------------------------------------------------------

def syntax_of(catalog):
    """The markup of a catalog's messages: "myst" for a .md page, "rst" for a .rst page or a
    gallery page, "text" for figures.po and sphinx.po."""
    if not catalog.resolve().is_relative_to(CATALOGS):  # bpteach.po: the exercise checks' messages
        return "program"
    relative = catalog.relative_to(CATALOGS).with_suffix("")
    if relative.name in ("figures", "sphinx") and relative.parent == Path("."):
        return "text"
    if (DOCS / relative).with_suffix(".md").exists():
        return "myst"
    return "rst"


def _unescape(body):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def _escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")


def _encode(keyword, value):
    """A msgstr as sphinx-intl writes it (no wrapping; split after each newline)."""
    if "\n" not in value.rstrip("\n") or value == "":
        return [f'{keyword} "{_escape(value).replace(chr(10), chr(92) + "n")}"']
    lines = [f'{keyword} ""']
    for piece in re.findall(r"[^\n]*\n|[^\n]+$", value):
        lines.append('"' + _escape(piece).replace("\n", "\\n") + '"')
    return lines


def is_latex(msgid):
    """A translated display formula (docs/_ext/editions.py): LaTeX, never touched."""
    return not re.search(r"[$`]", msgid) and bool(re.search(r"\\(text|qquad|frac|sum|partial)\b", msgid))


def fix_catalog(path, write=True, syntax=None):
    """Apply the rules to every msgstr of the catalog at `path`.

    Returns ``[(msgid, old, new)]``; rewrites the file if `write` and something changed.
    `syntax` defaults to :func:`syntax_of` the catalog."""
    syntax = syntax or syntax_of(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    out, changes = [], []
    i = 0
    msgid, fuzzy = None, False
    while i < len(lines):
        line = lines[i]
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        if line.startswith(("msgid ", "msgstr ")):
            keyword = line.split(" ", 1)[0]
            block = [line]
            while i + 1 < len(lines) and lines[i + 1].startswith('"'):
                i += 1
                block.append(lines[i])
            value = "".join(_unescape(part[part.index('"') + 1:-1]) for part in block)
            if keyword == "msgid":
                msgid = value
                out += block
            else:
                new = value
                if msgid and not fuzzy and not is_latex(msgid):
                    new = fix_text(value, syntax)
                if new != value:
                    changes.append((msgid, value, new))
                    out += _encode("msgstr", new)
                else:
                    out += block
                fuzzy = False
        else:
            out.append(line)
        i += 1
    if changes and write:
        path.write_text("\n".join(out), encoding="utf-8")
    return changes


def catalog_problems(path):
    """What the fixer cannot fix in the catalog at `path`: ``[(msgid, rule, excerpt)]`` (R10, R11)."""
    found, msgid, fuzzy, keyword, parts = [], None, False, None, []
    for line in path.read_text(encoding="utf-8").split("\n") + [""]:
        if keyword and line.startswith('"'):
            parts.append(_unescape(line[1:-1]))
            continue
        if keyword == "msgid":
            msgid = "".join(parts)
        elif keyword == "msgstr":
            if msgid and not fuzzy and not is_latex(msgid):
                found += [(msgid, rule, excerpt) for rule, excerpt in problems("".join(parts))]
            fuzzy = False
        keyword, parts = None, []
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith(("msgid ", "msgstr ")):
            keyword = line.split(" ", 1)[0]
            parts = [_unescape(line[line.index('"') + 1:-1])]
    return found


#: The exercise checks' messages (bpteach.exercises; docs/exercise_messages.py compiles it after a fix).
PACKAGE_CATALOG = DOCS.parent / "bpteach" / "locale" / "ja" / "LC_MESSAGES" / "bpteach.po"


def catalogs():
    return sorted(CATALOGS.rglob("*.po")) + [PACKAGE_CATALOG]


def name_of(catalog):
    """A catalog's name for messages: relative to docs/locale/ja/LC_MESSAGES, or to the project."""
    path = catalog.resolve()
    return path.relative_to(CATALOGS) if path.is_relative_to(CATALOGS) else path.relative_to(DOCS.parent)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on a change")
    parser.add_argument("paths", nargs="*", type=Path, help="catalogs (default: all)")
    args = parser.parse_args(argv)
    total = unfixable = 0
    for path in args.paths or catalogs():
        changes = fix_catalog(path.resolve(), write=not args.check)
        total += len(changes)
        name = name_of(path)
        for _msgid, old, new in changes:
            print(f"{name}:\n  - {old}\n  + {new}")
        for _msgid, rule, excerpt in catalog_problems(path.resolve()):
            print(f"{name}: {rule} (reword by hand):\n    …{excerpt}…")
            unfixable += 1
    verb = "would change" if args.check else "changed"
    print(f"{verb} {total} messages; {unfixable} to reword by hand", file=sys.stderr)
    return 1 if (args.check and total) or unfixable else 0


if __name__ == "__main__":
    sys.exit(main())
