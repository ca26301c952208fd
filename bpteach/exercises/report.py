"""The report of a check: text for a terminal, a table for a notebook."""

import html
import textwrap
from dataclasses import dataclass, field

from bpteach.exercises.citations import EQUATIONS, site_url
from bpteach.exercises.diagnoses import DIAGNOSES


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
    _failures: list = field(default_factory=list, repr=False)


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
    """

    exercise: str
    signature: str
    outputs: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    cases: list = field(default_factory=list)

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
        # What stopped the check, or explains every wrong output (an rng never drawn from: no
        # shuffle can match), comes first; side effects come after the outputs.
        first, last = [], []
        for p in self.problems:
            where = ("" if len(p.cases) in (0, len(self.cases)) else f" [{'; '.join(p.cases)}]")
            if p.cases and len(p.cases) == len(self.cases) and len(self.cases) > 1:
                where = " [in every case]"
            stops = p.key in (None, "raised", "wrong_type", "rng_not_used", "wrong_order", "argument_order")
            (first if stops else last).append((False, p.message + where, [], p.equation))
        items = first
        shown = {}  # (diagnosis, failed case) -> the output that showed it first
        for out in self.outputs:
            if out.correct:
                items.append((True, f"{out.name}: correct in all {out.cases_total} cases ({_agreement(out)})",
                              [], None))
            elif out.message:
                same = shown.get((out.diagnosis, out.failed_case)) if out.diagnosis else None
                if same:
                    difference = ("" if out.max_difference is None
                                  else f" (largest difference {out.max_difference:.3g})")
                    items.append((False, f"{out.name}: the same mistake as {same}{difference}", [], None))
                    continue
                shown[(out.diagnosis, out.failed_case)] = out.name
                items.append((False, f"{out.name}: {out.message}", _details(out), out.equation))
        return items + last

    def _verdict(self):
        if self.passed:
            return "PASSED: every output is correct."
        wrong = sum(not o.correct for o in self.outputs)
        parts = []
        if wrong:
            parts.append(f"{wrong} of {len(self.outputs)} output{'s' if len(self.outputs) > 1 else ''} wrong")
        if self.problems:
            parts.append(f"{len(self.problems)} problem{'s' if len(self.problems) > 1 else ''}")
        return f"NOT YET: {', '.join(parts)}. Fix the first ✗ and run the check again."

    # -- terminal -----------------------------------------------------------
    def __str__(self):
        lines = [self.exercise, f"  your function: {self.signature}"]
        lines += _wrap(f"checked on {len(self.cases)} cases: {'; '.join(self.cases)}.", "  ", "    ")
        for correct, headline, details, equation in self._items():
            lines += _wrap(headline, f"  {'✓' if correct else '✗'} ", "      ")
            for detail in details:
                lines += _wrap(detail, "      ", "        ")
            if equation:
                lines += _wrap(f"what is right: {EQUATIONS[equation].cite()}", "      ", "        ")
        lines.append(f"  {self._verdict()}")
        return "\n".join(lines)

    def __repr__(self):
        return f"<CheckResult {self.exercise!r}: {'passed' if self.passed else 'not passed'}>"

    # -- notebook -----------------------------------------------------------
    def _repr_html_(self):
        url = site_url()

        def cite(key):
            eq = EQUATIONS[key]
            text = html.escape(eq.cite())
            return f'<a href="{url}/{eq.anchor}">{text}</a>' if url else text

        rows = []
        for correct, headline, details, equation in self._items():
            mark = '<td style="color:#1b7a1b">✓</td>' if correct else '<td style="color:#b00020">✗</td>'
            body = html.escape(headline) if correct else f"<strong>{html.escape(headline)}</strong>"
            body += "".join(f"<br>{html.escape(d)}" for d in details)
            if equation:
                body += f"<br><em>What is right:</em> {cite(equation)}"
            rows.append(f'<tr>{mark}<td style="text-align:left">{body}</td></tr>')
        colour = "#1b7a1b" if self.passed else "#b00020"
        return (f'<div class="bpteach-check"><p><strong>{html.escape(self.exercise)}</strong><br>'
                f"your function: <code>{html.escape(self.signature)}</code><br>"
                f"checked on {len(self.cases)} cases: {html.escape('; '.join(self.cases))}.</p>"
                f'<table>{"".join(rows)}</table>'
                f'<p style="color:{colour}"><strong>{html.escape(self._verdict())}</strong></p></div>')


def _wrap(text, first, rest, width=84):
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def _agreement(out):
    """How close a correct output came: to bpteach, and bpteach to central differences."""
    text = f"differs from bpteach by at most {out.largest_difference_all:.1e}"
    if out.numeric_difference_all is not None:
        text += f"; bpteach and central differences agree to {out.numeric_difference_all:.1e}"
    return text


def _details(out):
    """The lines under a wrong output: shapes, differences, the likely mistake."""
    lines = []
    if out.got_shape is not None:
        lines.append(f"shape: got {_shape(out.got_shape)}, expected {_shape(out.expected_shape)}")
    if out.max_difference is not None:
        ref = ("" if out.max_difference_numeric is None else
               f" (bpteach and central differences agree to {out.max_difference_numeric:.1e})")
        lines.append(f"largest difference from bpteach's result: {out.max_difference:.3g}{ref}")
    if out.diagnosis_text:
        lines.append("likely mistake: your " + out.diagnosis_text)
    elif out.diagnosis:
        lines.append("likely mistake: " + DIAGNOSES[out.diagnosis][0].format(output=out.name, where="",
                                                                              argument=""))
    if out.measured:
        subject = "" if out.measured.startswith("your ") else f"{out.name} "
        lines.append(f"measured: {subject}{out.measured}")
    if out.partial:
        lines.append(out.partial)
    if not out.diagnosis and not out.measured and not out.partial and out.got_shape == out.expected_shape:
        lines.append("none of the mistakes bpteach knows fits every failing case: compare your code "
                     "with the equation line by line")
    return lines


def _shape(shape):
    return "nothing" if shape is None else str(tuple(shape))

