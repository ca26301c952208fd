"""The report of a check: text for a terminal, a table for a notebook."""

import html
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field

from bpteach.exercises.citations import EQUATIONS, site_url
from bpteach.exercises.diagnoses import DIAGNOSES
from bpteach.exercises.language import get_language, translation


@dataclass
class OutputReport:
    """The verdict on one output of your function, over every case.

    Attributes
    ----------
    name : str
        The output's name, e.g. ``"grad_W"``.
    correct : bool
        True if it matched the reference in every case.
    cases_passed, cases_total : int
        In how many cases it matched.
    failed_case : str or None
        The first case in which it did not match ("a batch of 5 samples").
    expected_shape, got_shape : tuple or None
        Shapes in that case (``got_shape`` None if nothing usable came back).
    max_difference : float or None
        Largest absolute difference from the reference in that case (None
        if the shapes differ).
    max_difference_numeric : float or None
        Largest absolute difference between the reference and central
        differences in that case (the yardstick for "close").
    diagnosis : str or None
        Key into :data:`~bpteach.exercises.DIAGNOSES` of the likely mistake, if one was found.
    message : str
        What went wrong, in words.
    shape_shown : bool
        Whether the report states the shapes when they agree: True for an array the
        learner returns, False where the output is one number per node that the
        check collects itself (exercise 0b), so its shape says nothing to the learner.
    """

    name: str
    correct: bool = True
    cases_passed: int = 0
    cases_total: int = 0
    failed_case: str | None = None
    expected_shape: tuple | None = None
    got_shape: tuple | None = None
    max_difference: float | None = None
    max_difference_numeric: float | None = None
    largest_difference_all: float = 0.0
    numeric_difference_all: float | None = None
    diagnosis: str | None = None
    message: str = ""
    equation: str | None = None
    diagnosis_text: str | None = None  # the diagnosis in words, where it names an expression
    measured: str | None = None  # what was measured, where no mistake could be named
    partial: str | None = None  # a mistake that holds in some failing cases only
    shape_shown: bool = True
    cases_unjudged: int = 0  # cases that gave nothing to compare (the function raised, or returned no array)
    _failures: list = field(default_factory=list, repr=False)

    def _right_where_judged(self):
        """Right in every case that gave a result, and some did; the others gave nothing to compare."""
        return (not self.correct and not self._failures and self.cases_passed > 0
                and self.cases_passed + self.cases_unjudged == self.cases_total)


@dataclass
class Problem:
    """A problem with the function as a whole (not with one output's values).

    Attributes
    ----------
    key : str or None
        Key into :data:`~bpteach.exercises.DIAGNOSES` (or ``"raised"``, ``"wrong_type"``).
    message : str
        What went wrong, in words.
    equation : str or None
        Key into :data:`~bpteach.exercises.EQUATIONS` of what is right.
    cases : list of str
        The cases in which it happened.
    """

    key: str | None
    message: str
    equation: str | None = None
    cases: list = field(default_factory=list)


@dataclass
class CheckResult:
    """The outcome of one exercise's check; print it, or show it in a notebook.

    ``bool(result)`` and ``result.passed`` are True if every output was
    correct in every case and no problem was found.

    Attributes
    ----------
    exercise : str
        The exercise, e.g. ``"Exercise 4: the dense layer's three gradients"``.
    signature : str
        The function that was asked for, e.g. ``"dense_backward(x, W, delta)"``.
    outputs : list of OutputReport
        One verdict per output.
    problems : list of Problem
        Problems with the function as a whole: an exception it raised, a
        result of the wrong type, an argument it modified...
    cases : list of str
        The cases it was run on.
    kind : {"function", "class", "answers"}
        What the learner gave: a function (exercises 1 to 7, and 0a's ``gradients_k``),
        a class (exercise 0b's ``Value``) or a dict of answers (exercise 0a); the report
        names it so.
    language : {"en", "ja"}
        The language of the report: the one in force when the check ran (see
        :func:`~bpteach.exercises.set_language`).
    """

    exercise: str
    signature: str
    outputs: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    language: str = field(default_factory=get_language)
    twin: object = field(default=None, repr=False)  # the same check in the other language (docs builds)
    kind: str = "function"
    #: Whether the report lists the cases the check ran on (exercise 0a's graphs are one case each).
    show_cases = True

    @property
    def passed(self):
        """bool: every output correct in every case, and no problem."""
        return not self.problems and all(o.correct for o in self.outputs)

    def __bool__(self):
        return self.passed

    def diagnoses(self):
        """Return the keys of every mistake that was named (in :data:`~bpteach.exercises.DIAGNOSES`), in order."""  # noqa: E501
        keys = [p.key for p in self.problems if p.key]
        keys += [o.diagnosis for o in self.outputs if o.diagnosis]
        return list(dict.fromkeys(keys))

    def _items(self):
        """The report's entries: (correct?, headline, detail lines, equation key or None)."""
        _ = translation(self.language).gettext
        # What stopped the check, or explains every wrong output (an rng never drawn from: no
        # shuffle can match), comes first; side effects come after the outputs.
        first, last = [], []
        for p in self.problems:
            where = ("" if len(p.cases) in (0, len(self.cases)) else f" [{_('; ').join(p.cases)}]")
            if p.cases and len(p.cases) == len(self.cases) and len(self.cases) > 1:
                where = _(" [in every case]")
            stops = p.key in (None, "raised", "wrong_type", "rng_not_used", "wrong_order", "argument_order")
            message = p.message
            if where and message.endswith("。"):  # the cases inside the sentence: 「…ください（…）。」
                message, where = message[:-1], where + message[-1]
            (first if stops else last).append((False, message + where, [], p.equation))
        items = first
        shown = {}  # (diagnosis, failed case) -> the output that showed it first
        for out in self.outputs:
            if out.correct:
                items.append((True, _("{output}: correct in all {count} cases ({agreement})").format(
                    output=out.name, count=out.cases_total, agreement=_agreement(out, _)), [], None))
            elif out._right_where_judged():  # the function raised in the other cases: not wrong
                items.append((True, translation(self.language).ngettext(
                    "{output}: correct in the {count} case of {total} that gave a result to compare; the "
                    "others gave none (above)",
                    "{output}: correct in all {count} cases of {total} that gave a result to compare; the "
                    "others gave none (above)", out.cases_passed).format(
                        output=out.name, count=out.cases_passed, total=out.cases_total), [], None))
            elif out.message:
                same = shown.get((out.diagnosis, out.failed_case)) if out.diagnosis else None
                if same:
                    difference = ("" if out.max_difference is None else _(" (largest difference "
                                                                          "{difference:.3g})")
                                  .format(difference=out.max_difference))
                    items.append((False, _("{output}: the same mistake as {other}{difference}").format(
                        output=out.name, other=same, difference=difference), [], None))
                    continue
                shown[(out.diagnosis, out.failed_case)] = out.name
                items.append((False, _("{output}: {message}").format(output=out.name, message=out.message),
                              _details(out, _), out.equation))
        return items + last

    def _verdict(self):
        _, ngettext = translation(self.language).gettext, translation(self.language).ngettext
        if self.passed:
            return _("PASSED: every output is correct.")
        wrong = sum(not o.correct and not o._right_where_judged() for o in self.outputs)
        parts = []
        if wrong:
            parts.append(ngettext("{wrong} of {total} output wrong", "{wrong} of {total} outputs wrong",
                                  len(self.outputs)).format(wrong=wrong, total=len(self.outputs)))
        if self.problems:
            parts.append(ngettext("{count} problem", "{count} problems", len(self.problems))
                         .format(count=len(self.problems)))
        return _("NOT YET: {parts}. Fix the first ✗ and run the check again.").format(
            parts=_(", ").join(parts))

    def _yours(self, _):
        """'your function: {signature}', or class, or answers, in the report's language (unformatted)."""
        if self.kind == "class":
            return _("your class: {signature}")
        if self.kind == "answers":
            return _("your answers: {signature}")
        return _("your function: {signature}")

    # -- terminal -----------------------------------------------------------
    def __str__(self):
        _ = translation(self.language).gettext
        lines = [self.exercise, "  " + self._yours(_).format(signature=self.signature)]
        if self.show_cases:
            lines += _wrap(_("checked on {count} cases: {cases}.").format(
                count=len(self.cases), cases=_("; ").join(self.cases)), "  ", "    ")
        for correct, headline, details, equation in self._items():
            lines += _wrap(headline, f"  {'✓' if correct else '✗'} ", "      ")
            for detail in details:
                lines += _wrap(detail, "      ", "        ")
            if equation:
                lines += _wrap(_("what is right: {citation}").format(
                    citation=EQUATIONS[equation].cite(self.language)), "      ", "        ")
        lines.append(f"  {self._verdict()}")
        text = "\n".join(lines)
        if self.twin is not None:
            _record_twin(text, str(self.twin))
        return text

    def __repr__(self):
        return f"<CheckResult {self.exercise!r}: {'passed' if self.passed else 'not passed'}>"

    # -- notebook -----------------------------------------------------------
    def _repr_html_(self):
        url = site_url()
        _ = translation(self.language).gettext

        def cite(key):
            eq = EQUATIONS[key]
            text = html.escape(eq.cite(self.language))
            return f'<a href="{url}/{eq.anchor}">{text}</a>' if url else text

        rows = []
        for correct, headline, details, equation in self._items():
            mark = '<td style="color:#1b7a1b">✓</td>' if correct else '<td style="color:#b00020">✗</td>'
            body = html.escape(headline) if correct else f"<strong>{html.escape(headline)}</strong>"
            body += "".join(f"<br>{html.escape(d)}" for d in details)
            if equation:
                right = html.escape(_("What is right:"))
                body += f"<br><em>{right}</em> {cite(equation)}"
            rows.append(f'<tr>{mark}<td style="text-align:left">{body}</td></tr>')
        colour = "#1b7a1b" if self.passed else "#b00020"
        return (f'<div class="bpteach-check"><p><strong>{html.escape(self.exercise)}</strong><br>'
                + html.escape(self._yours(_)).format(
                    signature=f"<code>{html.escape(self.signature)}</code>")
                + ("<br>" + html.escape(_("checked on {count} cases: {cases}.").format(
                    count=len(self.cases), cases=_("; ").join(self.cases))) if self.show_cases else "")
                + "</p>"
                f'<table>{"".join(rows)}</table>'
                f'<p style="color:{colour}"><strong>{html.escape(self._verdict())}</strong></p></div>')


def _wrap(text, first, rest, width=84):
    """Lines of at most `width` columns; Japanese text breaks between its phrases.

    A Japanese phrase here is what a reader keeps together: a run of kanji or katakana
    with the hiragana that follow it (「活性化関数の」「書き換えて」), with its closing
    punctuation; a line breaks between phrases, and inside one only if it is longer
    than a third of the line.
    """
    if not _CJK.search(text):
        return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                             break_long_words=False, break_on_hyphens=False)
    tokens = []
    for token in re.findall(rf"[^\s{_CJK_RANGES}]+|\s+|{_PHRASE}|[{_CJK_RANGES}]", text):
        tokens += [token] if _columns(token) <= width // 3 else list(token)
    lines, line = [], first
    for token in tokens:
        if token.isspace():
            if line.strip():
                line += " "
            continue
        if (_columns(line.rstrip()) + _columns(token) > width and line.strip()
                and token[0] not in _NO_LINE_START):
            lines.append(line.rstrip())
            line = rest
        line += token
    return lines + [line.rstrip()]


_CJK_RANGES = "\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"
_CJK = re.compile(f"[{_CJK_RANGES}]")
# what does not begin a Japanese line (kinsoku): closing marks and small kana
_NO_LINE_START = set("、。）」』：？！・ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
# a phrase: opening brackets, kanji/katakana, then hiragana, then closing punctuation
_PHRASE = "[「『（]*(?:[\u4e00-\u9fff\u30a0-\u30ff々]+[\u3040-\u309f]*|[\u3040-\u309f]+)[、。）」』：？！・]*"


def _columns(text):
    """The width of `text` in a terminal: two columns for a wide (East Asian) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _agreement(out, _):
    """How close a correct output came: to bpteach, and bpteach to central differences."""
    text = _("differs from bpteach by at most {difference:.1e}").format(difference=out.largest_difference_all)
    if out.numeric_difference_all is not None:
        text += _("; bpteach and central differences agree to {difference:.1e}").format(
            difference=out.numeric_difference_all)
    return text


def _details(out, _):
    """The lines under a wrong output: shapes, differences, the likely mistake."""
    lines = []
    if out.got_shape is not None and (out.shape_shown or out.got_shape != out.expected_shape):
        lines.append(_("shape: got {got}, expected {expected}").format(
            got=_shape(out.got_shape, _), expected=_shape(out.expected_shape, _)))
    if out.max_difference is not None:
        ref = ("" if out.max_difference_numeric is None else
               _(" (bpteach and central differences agree to {difference:.1e})").format(
                   difference=out.max_difference_numeric))
        lines.append(_("largest difference from bpteach's result: {difference:.3g}{reference}").format(
            difference=out.max_difference, reference=ref))
    if out.diagnosis_text:
        lines.append(_("likely mistake: your {mistake}").format(mistake=out.diagnosis_text))
    elif out.diagnosis:
        lines.append(_("likely mistake: {mistake}").format(mistake=_(DIAGNOSES[out.diagnosis][0]).format(
            output=out.name, where="", argument="")))
    if out.measured:
        lines.append(_("measured: {measurement}").format(measurement=out.measured))
    if out.partial:
        lines.append(out.partial)
    if not out.diagnosis and not out.measured and not out.partial and out.got_shape == out.expected_shape:
        lines.append(_("none of the mistakes bpteach knows fits every failing case: compare your code "
                       "with the equation line by line"))
    return lines


def _shape(shape, _):
    return _("nothing") if shape is None else str(tuple(shape))


def _record_twin(text, twin):
    """A docs build: keep the report in both languages, for the Japanese edition's exercise pages.

    ``BPTEACH_REPORT_TWINS`` names a folder (set by ``docs/_ext/exercise_pages.py`` for the
    English build, which runs the exercise scripts); each printed report leaves one JSON file
    there, ``{"en": ..., "ja": ...}``, which the Japanese build puts in place of the English text.
    """
    import hashlib
    import json
    import os
    from pathlib import Path

    folder = os.environ.get("BPTEACH_REPORT_TWINS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] + ".json"
        (Path(folder) / name).write_text(json.dumps({"en": text, "ja": twin}, ensure_ascii=False),
                                         encoding="utf-8")

