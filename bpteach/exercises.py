r"""Exercises: write the backward pass yourself, and let bpteach name your mistake.

Seven exercises follow the reader's path through :doc:`/backpropagation` and
:doc:`/sgd`. For each one you write a plain function of NumPy arrays; one
call checks it and returns a :class:`CheckResult`, which prints as a short
report in a terminal and shows as a table in a notebook:

1. ``sigmoid_derivative(y)``, checked by :func:`check_sigmoid_derivative`;
2. ``output_delta(y, t)``, by :func:`check_output_delta`;
3. ``softmax_backward(y, grad_y)``, by :func:`check_softmax_backward`;
4. ``dense_backward(x, W, delta)``, by :func:`check_dense_backward`;
5. ``hidden_delta(delta, W, y)``, by :func:`check_hidden_delta`;
6. ``backward_131(x, t, W1, b1, W2, b2)``, by :func:`check_backward_131`;
7. ``sgd_update(W, grad_W, learning_rate)``, by :func:`check_sgd_update`, and
   ``online_epoch(params, x, t, learning_rate, rng)``, by :func:`check_online_epoch`.

The pages of the part :doc:`/auto_exercises/index` of the site set each
task, with hints and a folded solution.

How a check works
-----------------
The check calls your function on several inputs drawn from fixed seeds (a
single sample and batches of several, with the shapes of the textbook's
networks and with square shapes, where a transposed product cannot hide
behind a shape error), and compares every output with

* bpteach's own implementation (the reference), and
* central differences of the error, :eq:`central-difference` (where the
  output is a derivative).

An output is *correct* if it has the reference's shape and agrees with it to
:math:`10^{-7}` relative to its size in every case. Otherwise the report
gives the shapes, the largest difference and, where the result matches a
known wrong variant (a transposed product, a missing sum over the batch, a
forgotten :math:`f'`, a sign error, a stray factor...), names that mistake
and the equation on the site that says what is right. A function that
raises, returns the wrong type or shape, returns NaN, modifies its input
or returns a view that is overwritten later gets a message saying so, never
a traceback from inside the checker.

The equations cited by the diagnoses are listed in one place,
:data:`EQUATIONS`; the reference solutions are in
:mod:`bpteach.exercise_solutions`.

Examples
--------
A correct derivative of the sigmoid, :math:`y(1 - y)` (:eq:`sigmoid-derivative`),
and a wrong one that applies :math:`\sigma'` to :math:`y` as if it were :math:`u`:

>>> import numpy as np
>>> from bpteach.exercises import check_sigmoid_derivative
>>> result = check_sigmoid_derivative(lambda y: y * (1 - y))
>>> result.passed
True
>>> def at_u(y):
...     s = 1 / (1 + np.exp(-y))          # treats y as if it were u
...     return s * (1 - s)
>>> result = check_sigmoid_derivative(at_u)
>>> bool(result), result.diagnoses()
(False, ['derivative_at_u'])
"""

import html
import re
import textwrap
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bpteach.activations import Identity, Sigmoid, Softmax
from bpteach.gradcheck import numerical_gradient
from bpteach.layers import Dense
from bpteach.losses import CrossEntropy, SumOfSquares
from bpteach.network import Network
from bpteach.optimizers import SGD
from bpteach.training import train

__all__ = [
    "EQUATIONS",
    "DIAGNOSES",
    "CheckResult",
    "OutputReport",
    "check_sigmoid_derivative",
    "check_output_delta",
    "check_softmax_backward",
    "check_dense_backward",
    "check_hidden_delta",
    "check_backward_131",
    "check_sgd_update",
    "check_online_epoch",
]

# ---------------------------------------------------------------------------
# The equations on the site that the reports cite: the one place to update
# when a label or a section title changes (a test checks every entry against
# the pages). Each entry: (page, equation label or None, section title, formula).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Equation:
    """An equation (or a section) of the site, cited by a diagnosis."""

    page: str  # the page's docname, e.g. "backpropagation"
    label: str | None  # the equation's label on that page; None to cite the section alone
    section: str  # the title of the section that holds it
    formula: str  # the formula in plain text, for a terminal

    @property
    def anchor(self):
        """The link to the equation (or section) relative to the site's root."""
        if self.label:
            return f"{self.page}.html#equation-{self.label.lower()}"  # Sphinx lower-cases ids
        slug = "".join(c if c.isalnum() else "-" for c in self.section.lower()).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        return f"{self.page}.html#{slug}"

    def cite(self):
        """The equation named for a terminal: formula, label, page and section."""
        where = f"equation ({self.label}), " if self.label else "section "
        return f"{self.formula}: {where}{PAGE_TITLES[self.page]} › {self.section}"


PAGE_TITLES = {
    "backpropagation": "Backpropagation, derived",
    "errors": "Error functions",
    "sgd": "Stochastic gradient descent and online learning",
}

#: Every equation that a diagnosis cites, by key.
EQUATIONS = {
    "sigmoid-derivative": Equation(
        "backpropagation", "sigmoid-derivative", "The sigmoid's derivative", "σ′(u) = y (1 − y), y = σ(u)"),
    "delta-elementwise": Equation(
        "backpropagation", "delta-elementwise", "From ∂E/∂y to δ: the activation", "δ = ∂E/∂y ⊙ f′(u)"),
    "delta-softmax": Equation(
        "backpropagation", "delta-softmax", "The softmax Jacobian",
        "δ_k = y_k (∂E/∂y_k − Σ_j ∂E/∂y_j y_j), one sum per row"),
    "delta-identity-sos": Equation(
        "backpropagation", "delta-identity-sum-of-squares", "Two famous simplifications: δ = y − t",
        "identity + sum of squares: δ = y − t"),
    "delta-softmax-ce": Equation(
        "backpropagation", "delta-softmax-cross-entropy", "Two famous simplifications: δ = y − t",
        "softmax + cross-entropy: δ = y − t"),
    "sos-gradient": Equation(
        "errors", "sos-gradient", "Sum of squares, for regression", "E = ½ Σ (y − t)², ∂E/∂y = y − t"),
    "dense-gradients": Equation(
        "backpropagation", "dense-gradients", "Any dense layer, in matrix form",
        "∂E/∂W = xᵀ δ, ∂E/∂b = Σ_rows δ, ∂E/∂x = δ Wᵀ"),
    "batch-sum": Equation(
        "sgd", "batch-gradient-sum", "Online learning, epochs and shuffling",
        "the gradient of a batch is the sum of its samples' gradients"),
    "delta-recursion": Equation(
        "backpropagation", "delta-recursion", "Through the whole network",
        "δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ f⁽ˡ⁻¹⁾′(u⁽ˡ⁻¹⁾)"),
    "net131-delta1": Equation(
        "backpropagation", "net131-delta1", "The hidden layer's weights",
        "δ⁽¹⁾_j = δ⁽²⁾ W⁽²⁾_j1 y⁽¹⁾_j (1 − y⁽¹⁾_j)"),
    "net131-grad-W2": Equation(
        "backpropagation", "net131-grad-W2", "The output layer's weights",
        "δ⁽²⁾ = y − t, ∂E/∂W⁽²⁾_j1 = y⁽¹⁾_j δ⁽²⁾, ∂E/∂b⁽²⁾ = δ⁽²⁾"),
    "sgd-update": Equation("sgd", "sgd-update", "The update", "W ← W − η ∂E/∂W, b ← b − η ∂E/∂b"),
    "online-learning": Equation(
        "sgd", None, "Online learning, epochs and shuffling",
        "one update per sample, in a fresh random order each epoch: order = rng.permutation(len(x))"),
}

#: Every mistake the checks can name: key -> (what it says, the key of the equation it cites).
#: ``{output}`` is replaced by the output's name.
DIAGNOSES = {
    # products and shapes
    "transposed": ("{output} is the transpose of the right result: the factors of the product are "
                   "swapped or transposed (for example δᵀ x instead of xᵀ δ, or W δᵀ instead of δ Wᵀ). "
                   "Check the shapes: xᵀ δ is (n_in, N)(N, n_out) = (n_in, n_out), the shape of W.",
                   "dense-gradients"),
    "x_deltaT": ("{output} is x δᵀ, not xᵀ δ: the transpose belongs on x, so that the product sums over "
                 "the N samples (the shape happened to fit because the layer is square).",
                 "dense-gradients"),
    "delta_xT": ("{output} is δ xᵀ, not xᵀ δ: the transpose belongs on x, and x comes first.",
                 "dense-gradients"),
    "elementwise_product": ("{output} multiplies entry by entry (*) where a matrix product (@) belongs: "
                            "each entry of the gradient is a sum over the samples (or over the neurons), "
                            "which only a matrix product computes (the shapes only fitted because the "
                            "layer is square).", "dense-gradients"),
    "W_not_transposed": ("{output} uses W where Wᵀ belongs: the error travels back through the weights "
                         "transposed, δ Wᵀ (the shapes only fitted because the layer is square).",
                         "delta-recursion"),
    "wrong_weight_matrix": ("{output} sends δ⁽²⁾ back through W⁽¹⁾, the hidden layer's own weights; the "
                            "recursion uses the weights of the layer above, W⁽²⁾, transposed: "
                            "δ⁽¹⁾ = (δ⁽²⁾ W⁽²⁾ᵀ) ⊙ y⁽¹⁾(1 − y⁽¹⁾).", "delta-recursion"),
    "shape_only": ("{output} holds the right numbers in the wrong shape: return it in the shape that the "
                   "exercise asks for (the expected shape above).", None),
    "bias_keepdims": ("{output} sums the rows with keepdims=True, so it is (1, n_out); the bias b is "
                      "(n_out,), and so is its gradient: sum with axis=0 and no keepdims.",
                      "dense-gradients"),
    # sums over the batch
    "missing_batch_sum": ("{output} is missing the sum over the batch: it has one row per sample, but the "
                          "gradient of a parameter is the sum over the samples (sum the rows, axis=0).",
                          "batch-sum"),
    "per_sample_not_summed": ("{output} holds one gradient per sample (an array of N matrices); the "
                              "gradient of the batch is their sum, which xᵀ δ computes in one product.",
                              "batch-sum"),
    "first_sample_only": ("{output} is the gradient of the first sample only: the gradient of a batch sums "
                          "over all N rows (xᵀ δ, or δ.sum(axis=0) for b).", "batch-sum"),
    "sum_all": ("{output} sums every entry of δ into one number; ∂E/∂b sums over the rows only "
                "(axis=0), one sum per neuron.", "dense-gradients"),
    "sum_wrong_axis": ("{output} sums over the wrong axis: sum over the rows (the samples, axis=0), "
                       "not over the neurons.", "dense-gradients"),
    "divided_by_batch_size": ("{output} is divided by the batch size N: the error E is summed over the "
                              "batch, not averaged, and so is its gradient.", "batch-sum"),
    "times_batch_size": ("{output} is multiplied by the batch size N: the sum over the batch is already "
                         "in the product (or the sum); do not scale it.", "batch-sum"),
    "error_not_gradient": ("{output} is the error itself, entry by entry, not its derivative: δ is ∂E/∂u, "
                           "the derivative of the error with respect to the output layer's weighted input.",
                           None),
    "summed_over_batch": ("{output} is summed over the batch: δ has one row per sample; only the "
                          "gradients of W and b sum over the rows.", None),
    # derivatives
    "derivative_at_u": ("{output} applies σ′ to y as if y were u: σ(y)(1 − σ(y)) is the derivative at "
                        "the wrong point. Written with the output, σ′(u) = y (1 − y), with no second σ.",
                        "sigmoid-derivative"),
    "missing_fprime": ("{output} is missing f′: the gradient that arrives from above, ∂E/∂y, must be "
                       "multiplied by the activation's derivative to become δ = ∂E/∂u.",
                       "delta-elementwise"),
    "missing_softmax_backward": ("{output} is ∂E/∂y = −t/y, the gradient with respect to the output y; "
                                 "δ = ∂E/∂u goes on through the softmax, and then simplifies to y − t.",
                                 "delta-softmax-ce"),
    "softmax_elementwise": ("{output} treats the softmax as an element-wise function, y (1 − y); but each "
                            "output of a softmax depends on every input of its row, so δ needs the sum "
                            "over the row.", "delta-softmax"),
    "identity_fprime": ("{output} multiplies by y (1 − y), the sigmoid's derivative, at the identity "
                        "output layer, whose f′ is 1: δ = y − t.", "delta-identity-sos"),
    "tanh_derivative": ("{output} is 1 − y², the derivative of tanh; the sigmoid's is y (1 − y).",
                        "sigmoid-derivative"),
    "missing_y_factor": ("{output} is missing the factor y_k in front of the bracket.", "delta-softmax"),
    "softmax_sum_over_batch": ("{output} sums over the batch (axis=0) instead of over each row (axis=-1): "
                               "the sum runs over the outputs j of one sample.", "delta-softmax"),
    "softmax_sum_all": ("{output} sums over every entry of the batch (np.sum without axis): the sum runs "
                        "over the outputs j of one sample only, one sum per row (axis=1, keepdims=True).",
                        "delta-softmax"),
    "softmax_no_keepdims": ("{output} sums each row without keepdims=True, so NumPy broadcast the row sums "
                            "along the wrong axis (it only fitted because the batch is square); write "
                            "(grad_y * y).sum(axis=-1, keepdims=True).", "delta-softmax"),
    # signs and factors
    "sign_error": ("{output} has the wrong sign: everywhere −1 times the right result (for example t − y "
                   "instead of y − t, or a minus sign too many).", None),
    "factor_half": ("{output} is half the right result: a stray factor ½. The ½ of E = ½ Σ (y − t)² is "
                    "cancelled by the 2 that differentiation brings down.", "sos-gradient"),
    "factor_two": ("{output} is twice the right result: a stray factor 2. The ½ in E = ½ Σ (y − t)² "
                   "cancels the 2 that differentiation brings down.", "sos-gradient"),
    # updates and training
    "plus_instead_of_minus": ("{output} moves the parameters uphill: the update adds η ∂E/∂W; gradient "
                              "descent subtracts it.", "sgd-update"),
    "no_learning_rate": ("{output} subtracts the whole gradient: multiply it by the learning rate η first.",
                         "sgd-update"),
    "no_shuffle": ("{output} visits the samples in their original order: shuffle them at the start of the "
                   "epoch with order = rng.permutation(len(x)), then use x[order] and t[order].",
                   "online-learning"),
    "rng_not_used": ("your function never drew from rng: shuffle with the generator you are given, "
                     "order = rng.permutation(len(x)) (not np.random, which bpteach.train never uses).",
                     "online-learning"),
    "separate_shuffles": ("{output} shuffles x and t with two different permutations, so the samples lost "
                          "their targets: draw one order = rng.permutation(len(x)) and use it for both.",
                          "online-learning"),
    "full_batch_step": ("{output} takes one step with the gradient summed over all the samples (full "
                        "batch); online learning updates after every sample.", "online-learning"),
    "low_precision": ("{output} has only the precision of float32 or float16 (about 7 or 3 significant "
                      "digits), not the 10⁻⁷ that the check asks for: it was computed in single or half "
                      "precision. Compute in float64, NumPy's default: drop the dtype=np.float32 "
                      "or .astype(np.float32).", None),
    "wrong_order": ("your function returns the right arrays in another order: {returned}. Return "
                    "{expected}, in that order.", None),
    # what the function did to its arguments
    "modified_input": ("your function changed its argument {argument} in place (for example with "
                       "{argument} *= …, {argument} -= … or an out= argument): the caller still needs it. "
                       "Compute into a new array instead.", None),
    "returns_overwritten_view": ("{output} is a view of memory that is overwritten later ({where}): when "
                                 "that memory changes, your result changes with it. Return a new array "
                                 "(for example with .copy(), or by computing with + - * rather than "
                                 "in place).",
                                 None),
}

#: Where the reference site lives; the HTML report links into it. None: the
#: local build (``docs/_build/html`` of a clone) if there is one.
SITE_URL = None

_RTOL = 1e-7  # "correct": agrees with the reference to this, relative to its size
_VARIANT_RTOL = 1e-6  # "matches a known mistake": agrees with that variant to this


def _site_url():
    if SITE_URL is not None:
        return SITE_URL.rstrip("/")
    local = Path(__file__).resolve().parent.parent / "docs" / "_build" / "html"
    return local.as_uri() if (local / "index.html").exists() else None


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------


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
        Key into :data:`DIAGNOSES` of the likely mistake, if one was found.
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
    _failures: list = field(default_factory=list, repr=False)


@dataclass
class Problem:
    """A problem with the function as a whole (not with one output's values).

    Attributes
    ----------
    key : str or None
        Key into :data:`DIAGNOSES` (or ``"raised"``, ``"wrong_type"``).
    message : str
        What went wrong, in words.
    equation : str or None
        Key into :data:`EQUATIONS` of what is right.
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
        """Return the keys of every mistake that was named (in :data:`DIAGNOSES`), in order."""
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
            stops = p.key in (None, "raised", "wrong_type", "rng_not_used", "wrong_order")
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
        url = _site_url()

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
    if out.diagnosis:
        lines.append("likely mistake: " + DIAGNOSES[out.diagnosis][0].format(output=out.name, where="",
                                                                              argument=""))
    return lines


def _shape(shape):
    return "nothing" if shape is None else str(tuple(shape))


# ---------------------------------------------------------------------------
# The machinery shared by every check
# ---------------------------------------------------------------------------


@dataclass
class _Case:
    """One run: the inputs, bpteach's outputs, central differences, wrong variants."""

    label: str
    inputs: dict
    expected: tuple
    numeric: tuple | None = None
    variants: dict = field(default_factory=dict)  # diagnosis key -> tuple (None where not affected)
    n: int = 1  # batch size, for the factor-N diagnoses
    compare: object = None  # optional: compare(got_outputs, call_state) -> extra problems
    equation: str | None = None  # optional: the EQUATIONS key of what is right in this case


def _close(a, b, rtol):
    scale = max(1.0, float(np.max(np.abs(b)))) if b.size else 1.0
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=rtol * 1e-3 * scale))


def _generic_diagnoses(got, expected, n):
    """Mistakes any output can make: sign, stray factors, transposition, shape (every match)."""
    found = []
    if got.shape == expected.shape:
        factors = [(-1.0, "sign_error"), (0.5, "factor_half"), (2.0, "factor_two")]
        if n > 1:
            factors += [(1.0 / n, "divided_by_batch_size"), (float(n), "times_batch_size")]
        found += [key for factor, key in factors if _close(got, factor * expected, _VARIANT_RTOL)]
    if got.ndim == 2 and got.T.shape == expected.shape and _close(got.T, expected, _VARIANT_RTOL):
        found.append("transposed")
    if got.size == expected.size and got.shape != expected.shape and _close(
            got.reshape(expected.shape), expected, _VARIANT_RTOL):
        found.append("shape_only")
    return found


def _learner_line(error):
    """The deepest line of the learner's own code in a traceback ('' if none).

    Frames in bpteach itself (the checker, or a reference solution that the
    learner's code calls) and in NumPy are skipped: the line shown is the
    learner's own call that went wrong.
    """
    here = str(Path(__file__).resolve())
    package = str(Path(__file__).resolve().parent)
    all_frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if f.filename != here and "/numpy/" not in f.filename.replace("\\", "/")]
    frames = [f for f in all_frames if str(Path(f.filename).resolve().parent) != package]
    if not frames:
        return ""
    frame = frames[-1]
    code = f": {frame.line.strip()}" if frame.line and frame.line.strip() else ""
    inside = ""
    if all_frames[-1] is not frame:  # it went wrong inside a bpteach function that this line calls
        inside = (f"; the error came from bpteach's {all_frames[-1].name}, which that line calls: "
                  "check the shapes of the arguments you pass it")
    return f" (in {frame.name}, line {frame.lineno}{code}{inside})"


def _explain_exception(error, signature):
    text = f"{type(error).__name__}: {error}"
    hint = ""
    if isinstance(error, TypeError) and "argument" in str(error) and not _learner_line(error):
        hint = f" — your function must take the arguments of {signature.split(' ->')[0]}, in that order."
    elif isinstance(error, NotImplementedError):
        hint = " — the skeleton is still there: replace it with your code."
    elif isinstance(error, ValueError) and ("broadcast" in str(error) or "aligned" in str(error)
                                            or "mismatch" in str(error)):
        hint = (" — the shapes do not fit: print the shape of each array on that line and compare them "
                "with the shapes that the exercise gives (a missing .T, or a sum without keepdims=True, "
                "are the usual causes).")
    return text + _learner_line(error) + hint


class _Checker:
    """Run one exercise's function on its cases and build the report."""

    def __init__(self, exercise, signature, output_names, equation_for, tuple_output=True):
        self.result = CheckResult(exercise, signature)
        self.output_names = output_names
        self.equation_for = equation_for  # output name -> the EQUATIONS key of what is right
        self.tuple_output = tuple_output
        self.reports = [OutputReport(name) for name in output_names]
        self.result.outputs = self.reports

    def problem(self, key, message, equation=None, case=None):
        """Record a problem; the same problem in several cases is listed once, with its cases."""
        def same(a, b):  # the same problem, whatever the shapes and sizes quoted in it
            return re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b)

        found = next((p for p in self.result.problems if p.key == key and same(p.message, message)), None)
        if found is None:
            found = Problem(key, message, equation)
            self.result.problems.append(found)
        if case is not None and case.label not in found.cases:
            found.cases.append(case.label)

    def _unpack(self, value, case):
        """The learner's return value as a list of arrays, or an explanation."""
        k = len(self.output_names)
        if value is None:
            return None, "returned None: did you forget the return statement?"
        if self.tuple_output:
            if not isinstance(value, tuple | list) or len(value) != k:
                got = (f"a {type(value).__name__} of length {len(value)}" if isinstance(value, tuple | list)
                       else f"a single {type(value).__name__}")
                return None, (f"returned {got}; expected {k} results, "
                              f"return {', '.join(self.output_names)}")
            values = list(value)
        else:
            values = [value]
        out = []
        for v, expected in zip(values, case.expected):
            if isinstance(v, np.ndarray):
                if not np.issubdtype(v.dtype, np.number) or np.issubdtype(v.dtype, np.complexfloating):
                    out.append(f"is an array of dtype {v.dtype}; expected real numbers (float64)")
                    continue
                out.append(v)
            elif isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_):
                out.append(np.asarray(v, dtype=np.float64))  # a number: judged by its shape, ()
            else:
                out.append(f"is a {type(v).__name__}, {_short_repr(v)}; expected a NumPy array of "
                           f"shape {expected.shape}" + (" (wrap it with np.array(...))"
                                                        if isinstance(v, list | tuple) else ""))
        return out, None

    def run(self, function, cases):
        self.result.cases = [case.label for case in cases]
        if not callable(function):
            self.problem(None, f"expected a function, got {type(function).__name__} {_short_repr(function)}: "
                         "pass the function itself, without calling it (no parentheses).")
            for report in self.reports:
                report.correct = False
            return self.result
        kept = []  # (case label, returned arrays, snapshot): to catch results overwritten later
        for case in cases:
            for report in self.reports:
                report.cases_total += 1
            arguments = {name: _copy(value) for name, value in case.inputs.items()}
            call_state = {}
            if case.compare is not None and hasattr(case.compare, "prepare"):
                arguments = case.compare.prepare(arguments, call_state)
            # the arrays handed over inside list arguments (the function may rebind the list's items)
            handed = {name: list(value) for name, value in arguments.items() if isinstance(value, list)}
            try:
                with np.errstate(all="ignore"):
                    value = function(*arguments.values())
            except Exception as error:  # the learner's code: report it, never re-raise
                explained = _explain_exception(error, self.result.signature)
                self.problem("raised", f"your function raised {explained}", case=case)
                self._fail_all(case)
                continue
            for name, original in case.inputs.items():
                if isinstance(original, np.ndarray) and _changed(arguments[name], original):
                    self.problem("modified_input", DIAGNOSES["modified_input"][0].format(argument=name),
                                 case=case)
                elif isinstance(original, list):  # a list of arrays, e.g. params = [W1, b1, W2, b2]
                    pairs = enumerate(zip(handed[name], original))
                    changed = [f"{name}[{i}]" for i, (now, before) in pairs
                               if isinstance(before, np.ndarray) and _changed(now, before)]
                    if changed:
                        self.problem("modified_input", (
                            f"your function changed arrays of its argument {name} in place "
                            f"({', '.join(changed)}; for example with p -= … in a loop over {name}): the "
                            "caller still needs them. Build new arrays instead (your sgd_update does)."),
                            case=case)
            if case.compare is not None:
                for key, message, equation in case.compare(value, arguments, call_state):
                    self.problem(key, message, equation, case=case)
            outputs, error = self._unpack(value, case)
            if error:
                self.problem("wrong_type", f"your function {error}", case=case)
                self._fail_all(case)
                continue
            for i, (report, got) in enumerate(zip(self.reports, outputs)):
                try:
                    self._judge(report, i, got, case)
                except Exception as error:  # a result so odd that judging it failed: say so, go on
                    self.problem("unjudgeable", f"bpteach could not compare {report.name} with its own "
                                 f"result ({type(error).__name__}: {error}); return a float64 NumPy array",
                                 case=case)
                    report.correct = False
            self._check_order(outputs, case)
            # Views of the arguments: overwrite the arguments now, as a caller might.
            arrays = [(name, got) for name, got in zip(self.output_names, outputs)
                      if isinstance(got, np.ndarray)]
            snapshot = [got.copy() for _, got in arrays]
            for argument in arguments.values():
                if isinstance(argument, np.ndarray) and argument.flags.writeable:
                    argument[...] = 12345.0
            for (name, got), before in zip(arrays, snapshot):
                if not np.array_equal(got, before, equal_nan=True):
                    self.problem("returns_overwritten_view", DIAGNOSES["returns_overwritten_view"][0].format(
                        output=name, where="it changed when the caller overwrote your function's arguments"),
                        case=case)
                    if got.flags.writeable:
                        got[...] = before
            # Results of earlier calls: did this call overwrite them?
            for old_arrays, old_snapshot in kept:
                for (name, got), before in zip(old_arrays, old_snapshot):
                    if not np.array_equal(got, before, equal_nan=True):
                        self.problem("returns_overwritten_view",
                                     DIAGNOSES["returns_overwritten_view"][0].format(
                                         output=name, where="the result of an earlier call changed when "
                                         "your function was called again: it reuses one array for every "
                                         "result"), case=case)
            kept.append((arrays, snapshot))
        for report in self.reports:
            if report._failures:
                self._finish(report)
        return self.result

    def _check_order(self, outputs, case):
        """The right arrays, returned in another order (the output layer's gradients first, say)."""
        if len(outputs) < 2 or not all(isinstance(got, np.ndarray) for got in outputs):
            return

        def match(got, expected):
            return got.shape == expected.shape and _close(got.astype(np.float64), expected, _VARIANT_RTOL)

        if all(match(got, expected) for got, expected in zip(outputs, case.expected)):
            return
        left, order = list(range(len(case.expected))), []
        for got in outputs:
            j = next((j for j in left if match(got, case.expected[j])), None)
            if j is None:
                return
            left.remove(j)
            order.append(j)
        self.problem("wrong_order", DIAGNOSES["wrong_order"][0].format(
            returned=", ".join(self.output_names[j] for j in order), expected=", ".join(self.output_names)),
            case=case)

    def _fail_all(self, case):
        """The function gave nothing to judge in this case (it raised, or returned the wrong thing)."""
        for report in self.reports:
            report.correct = False

    def _judge(self, report, i, got, case):
        expected = case.expected[i]
        numeric = None if case.numeric is None else case.numeric[i]
        if isinstance(got, str):
            self._wrong(report, case, got, expected)
            return
        got_f = got.astype(np.float64)
        if not np.all(np.isfinite(got_f)):
            bad = "NaN" if np.isnan(got_f).any() else "infinite values"
            self._wrong(report, case, f"holds {bad}: look for a division by zero, log(0), or an overflow "
                        "(np.exp of a large number)", expected, got_f)
            return
        if _close(got_f, expected, _RTOL):
            report.cases_passed += 1
            report.largest_difference_all = max(report.largest_difference_all,
                                                float(np.max(np.abs(got_f - expected), initial=0.0)))
            if numeric is not None:
                diff = float(np.max(np.abs(numeric - expected), initial=0.0))
                report.numeric_difference_all = max(report.numeric_difference_all or 0.0, diff)
            return
        matches = [key for key, outputs in case.variants.items()
                   if outputs[i] is not None and outputs[i].shape == got_f.shape
                   and not _close(outputs[i], expected, _RTOL) and _close(got_f, outputs[i], _VARIANT_RTOL)]
        matches += _generic_diagnoses(got_f, expected, case.n)
        if got.dtype.itemsize < 8 and _close(got_f, expected, 1e-3):
            matches.insert(0, "low_precision")
        self._wrong(report, case, None, expected, got_f, numeric, matches)

    def _wrong(self, report, case, message, expected, got=None, numeric=None, matches=()):
        """Record a case in which an output was wrong; :meth:`_finish` picks the one to report."""
        report.correct = False
        report._failures.append((case, message, expected, got, numeric, list(matches)))

    def _finish(self, report):
        """Name the mistake that explains every failing case, and report the case that shows it."""
        failures = [f for f in report._failures if f[3] is not None and f[1] is None]
        named = [set(f[5]) for f in failures if f[5]]
        common = set.intersection(*named) if named else set()
        order = [key for f in failures for key in f[5]]
        diagnosis = next((key for key in order if key in common), order[0] if order else None)
        shown = next((f for f in report._failures if diagnosis and diagnosis in f[5]), report._failures[0])
        case, message, expected, got, numeric, _ = shown
        report.failed_case = case.label
        report.expected_shape = expected.shape
        report.got_shape = None if got is None else got.shape
        if message is None:
            if got.shape != expected.shape:
                message = "wrong shape"
            elif diagnosis:
                message = "wrong"
            else:
                message = ("does not match bpteach's result, and it is none of the usual mistakes: "
                           "compare your code with the equation line by line")
            report.max_difference = (float(np.max(np.abs(got - expected), initial=0.0))
                                     if got.shape == expected.shape else None)
            if numeric is not None and report.max_difference is not None:
                report.max_difference_numeric = float(np.max(np.abs(numeric - expected), initial=0.0))
        else:
            diagnosis = None
        report.message = f"{message} [{case.label}]"
        if report.cases_passed:
            report.message += (f"; correct in {report.cases_passed} other case"
                               f"{'s' if report.cases_passed > 1 else ''}")
        report.diagnosis = diagnosis
        cited = DIAGNOSES[diagnosis][1] if diagnosis else None
        report.equation = cited or case.equation or self.equation_for.get(report.name)


def _changed(now, before):
    """Whether the learner's function changed an argument array (its values or its shape)."""
    return (not isinstance(now, np.ndarray) or now.shape != before.shape
            or not np.array_equal(now, before, equal_nan=True))


def _copy(value):
    """A copy of an argument for the learner (arrays, and lists of arrays, copied)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _short_repr(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _batch_label(n):
    return "a single sample (N = 1)" if n == 1 else f"a batch of N = {n} samples"


def _central(f, w):
    """Central differences of f() with respect to w (perturbed in place, restored)."""
    return numerical_gradient(f, w)


# ---------------------------------------------------------------------------
# Exercise 1: the sigmoid's derivative
# ---------------------------------------------------------------------------


def check_sigmoid_derivative(sigmoid_derivative):
    r"""Check ``sigmoid_derivative(y)``, the sigmoid's derivative written with its output.

    Your function receives :math:`y = \sigma(u)` (any shape) and must return
    :math:`\sigma'(u)` as an array of the same shape, written with :math:`y`
    alone: equation :eq:`sigmoid-derivative`.

    Parameters
    ----------
    sigmoid_derivative : callable
        ``sigmoid_derivative(y) -> numpy.ndarray``, `y` float64 of shape (N, n).

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.activations.Sigmoid.derivative` and with
        central differences of :math:`\sum\sigma(u)`.

    Examples
    --------
    >>> from bpteach.exercises import check_sigmoid_derivative
    >>> check_sigmoid_derivative(lambda y: y * (1 - y)).passed
    True
    """
    rng = np.random.default_rng(101)
    cases = []
    for n, width in ((1, 3), (5, 3), (4, 1)):
        u = rng.normal(scale=2.0, size=(n, width))
        y = Sigmoid().forward(u)
        s = Sigmoid().forward(y)
        numeric = _central(lambda u=u: float(np.sum(Sigmoid().forward(u))), u)
        cases.append(_Case(_batch_label(n) + f", {width} neuron{'s' if width > 1 else ''}",
                           {"y": y}, (Sigmoid().derivative(y),), (numeric,),
                           {"derivative_at_u": (s * (1 - s),), "tanh_derivative": (1 - y * y,)}, n))
    checker = _Checker("Exercise 1: the sigmoid's derivative, written with its output",
                       "sigmoid_derivative(y) -> σ′(u), same shape as y", ["σ′(u)"],
                       {"σ′(u)": "sigmoid-derivative"}, tuple_output=False)
    return checker.run(sigmoid_derivative, cases)


# ---------------------------------------------------------------------------
# Exercise 2: the output error signal
# ---------------------------------------------------------------------------


def check_output_delta(output_delta):
    r"""Check ``output_delta(y, t)``, the output layer's error signal :math:`\delta = \partial E/\partial u`.

    It is run for both textbook pairs: identity output with the sum of
    squares (:math:`y` any numbers), and softmax output with cross-entropy
    (:math:`y` rows of probabilities, :math:`t` one-hot rows). In both,
    :math:`\delta` has the shape of :math:`y`, one row per sample
    (equations :eq:`delta-elementwise` and :eq:`delta-softmax`, and what
    they simplify to).

    Parameters
    ----------
    output_delta : callable
        ``output_delta(y, t) -> numpy.ndarray`` of shape (N, n_out).

    Returns
    -------
    CheckResult
        Compared with the general chain rule through bpteach's activations
        and losses, and with central differences of :math:`E` with respect
        to :math:`u`.

    Examples
    --------
    >>> from bpteach.exercises import check_output_delta
    >>> check_output_delta(lambda y, t: y - t).passed
    True
    """
    rng = np.random.default_rng(102)
    cases = []
    for n in (1, 5):
        u = rng.normal(size=(n, 1))
        t = rng.normal(size=(n, 1))
        y = Identity().forward(u)
        delta = Identity().backward(y, SumOfSquares().gradient(y, t))
        numeric = _central(lambda u=u, t=t: SumOfSquares()(Identity().forward(u), t), u)
        cases.append(_Case(f"identity + sum of squares, {_batch_label(n)}", {"y": y, "t": t}, (delta,),
                           (numeric,), {"identity_fprime": ((y - t) * y * (1 - y),),
                                        "error_not_gradient": (0.5 * (y - t) ** 2,),
                                        "summed_over_batch": ((y - t).sum(axis=0),)}, n,
                           equation="delta-identity-sos"))
    for n in (1, 5):
        u = rng.normal(size=(n, 3))
        t = np.eye(3)[rng.integers(0, 3, size=n)]
        y = Softmax().forward(u)
        delta = Softmax().backward(y, CrossEntropy().gradient(y, t))
        numeric = _central(lambda u=u, t=t: CrossEntropy()(Softmax().forward(u), t), u)
        cases.append(_Case(f"softmax + cross-entropy, {_batch_label(n)}", {"y": y, "t": t}, (delta,),
                           (numeric,), {"softmax_elementwise": ((y - t) * y * (1 - y),),
                                        "missing_softmax_backward": (-t / y,),
                                        "error_not_gradient": (-t * np.log(y),),
                                        "summed_over_batch": ((y - t).sum(axis=0),)}, n,
                           equation="delta-softmax-ce"))
    checker = _Checker("Exercise 2: the output layer's error signal δ", "output_delta(y, t) -> delta",
                       ["delta"], {"delta": "delta-softmax-ce"}, tuple_output=False)
    return checker.run(output_delta, cases)


# ---------------------------------------------------------------------------
# Exercise 3: the softmax's backward pass
# ---------------------------------------------------------------------------


def check_softmax_backward(softmax_backward):
    r"""Check ``softmax_backward(y, grad_y)``: the error signal δ from ∂E/∂y through a softmax.

    Equation :eq:`delta-softmax`, row by row: `y` is the softmax output
    (N, n), `grad_y` is :math:`\partial E/\partial y` (N, n), and the result
    :math:`\delta` has shape (N, n).

    Parameters
    ----------
    softmax_backward : callable
        ``softmax_backward(y, grad_y) -> numpy.ndarray`` of shape (N, n).

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.activations.Softmax.backward` and with
        central differences of :math:`E = \sum g \odot \mathrm{softmax}(u)`.

    Examples
    --------
    >>> from bpteach.exercises import check_softmax_backward
    >>> check_softmax_backward(lambda y, g: y * (g - (g * y).sum(axis=1, keepdims=True))).passed
    True
    """
    rng = np.random.default_rng(103)
    cases = []
    for n, width in ((1, 3), (5, 4), (4, 4)):
        u, g = rng.normal(size=(n, width)), rng.normal(size=(n, width))
        y = Softmax().forward(u)
        numeric = _central(lambda u=u, g=g: float(np.sum(g * Softmax().forward(u))), u)
        variants = {
            "softmax_elementwise": (g * y * (1 - y),),
            "softmax_sum_over_batch": (y * (g - (g * y).sum(axis=0, keepdims=True)),),
            "softmax_sum_all": (y * (g - (g * y).sum()),),
            "missing_y_factor": (g - (g * y).sum(axis=1, keepdims=True),),
        }
        if n == width:
            variants["softmax_no_keepdims"] = (y * (g - (g * y).sum(axis=1)),)
        label = _batch_label(n) + f", {width} outputs" + (" (square)" if n == width else "")
        expected = Softmax().backward(y, g)
        cases.append(_Case(label, {"y": y, "grad_y": g}, (expected,), (numeric,), variants, n))
    checker = _Checker("Exercise 3: the softmax's backward pass", "softmax_backward(y, grad_y) -> delta",
                       ["delta"], {"delta": "delta-softmax"}, tuple_output=False)
    return checker.run(softmax_backward, cases)


# ---------------------------------------------------------------------------
# Exercise 4: the dense layer's three gradients
# ---------------------------------------------------------------------------


def _product(a, b):
    """a @ b if the shapes allow it, else None (a mistake that cannot occur with these shapes)."""
    return a @ b if a.shape[-1] == b.shape[0] else None


def check_dense_backward(dense_backward):
    r"""Check ``dense_backward(x, W, delta)``: a dense layer's three gradients for a batch.

    Given the layer input `x` (N, n_in), its weights `W` (n_in, n_out) and
    the error signal `delta` :math:`= \partial E/\partial u` (N, n_out),
    return ``(grad_W, grad_b, grad_x)`` of shapes (n_in, n_out), (n_out,)
    and (N, n_in): equations :eq:`dense-gradients`.

    Parameters
    ----------
    dense_backward : callable
        ``dense_backward(x, W, delta) -> (grad_W, grad_b, grad_x)``.

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.layers.Dense.backward_delta` and with
        central differences of :math:`E = \sum \delta \odot (xW + b)`.

    Examples
    --------
    >>> from bpteach.exercises import check_dense_backward
    >>> check_dense_backward(lambda x, W, d: (x.T @ d, d.sum(axis=0), d @ W.T)).passed
    True
    """
    rng = np.random.default_rng(104)
    cases = []
    for n, n_in, n_out in ((1, 2, 3), (5, 3, 2), (4, 4, 4)):
        layer = Dense(n_in, n_out, Identity(), rng=rng, wb_width=1.0)
        x, d = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))
        layer.forward(x)
        layer.backward_delta(d)
        expected = (layer.grad_W.copy(), layer.grad_b.copy(), layer.grad_x.copy())
        W, b = layer.W.copy(), layer.b.copy()

        def energy(x=x, W=W, b=b, d=d):
            return float(np.sum(d * (x @ W + b)))

        numeric = (_central(energy, W), _central(energy, b), _central(energy, x))
        per_sample = x[:, :, None] * d[:, None, :]
        variants = {
            "x_deltaT": (_product(x, d.T), None, None),
            "delta_xT": (_product(d, x.T), None, None),
            "W_not_transposed": (None, None, _product(d, W)),
            "elementwise_product": (x.T * d if x.T.shape == d.shape else None, None,
                                    d * W.T if d.shape == W.T.shape else None),
            "missing_batch_sum": (None, d, None),
            "per_sample_not_summed": (per_sample, None, None),
            "first_sample_only": ((x[:1].T @ d[:1], d[0], None) if n > 1 else (None, None, None)),
            "sum_all": (None, np.asarray(d.sum()), None),
            "sum_wrong_axis": (None, d.sum(axis=1), None),
            "bias_keepdims": (None, d.sum(axis=0, keepdims=True), None),
        }
        label = f"{_batch_label(n)}, n_in = {n_in}, n_out = {n_out}" + (
            " (square)" if n == n_in == n_out else "")
        cases.append(_Case(label, {"x": x, "W": W, "delta": d}, expected, numeric, variants, n))
    checker = _Checker("Exercise 4: the dense layer's three gradients",
                       "dense_backward(x, W, delta) -> (grad_W, grad_b, grad_x)",
                       ["grad_W", "grad_b", "grad_x"],
                       dict.fromkeys(["grad_W", "grad_b", "grad_x"], "dense-gradients"))
    return checker.run(dense_backward, cases)


# ---------------------------------------------------------------------------
# Exercise 5: the delta recursion through a hidden layer
# ---------------------------------------------------------------------------


def check_hidden_delta(hidden_delta):
    r"""Check ``hidden_delta(delta, W, y)``: the error signal of a sigmoid hidden layer.

    `delta` is the error signal of the layer above (N, n_out), `W` that
    layer's weights (n_hidden, n_out), `y` the hidden layer's sigmoid output
    (N, n_hidden). Return :math:`\delta` of the hidden layer, shape
    (N, n_hidden): equation :eq:`delta-recursion`.

    Parameters
    ----------
    hidden_delta : callable
        ``hidden_delta(delta, W, y) -> numpy.ndarray`` of shape (N, n_hidden).

    Returns
    -------
    CheckResult
        Compared with bpteach's backward pass (:meth:`Dense.backward_delta
        <bpteach.layers.Dense.backward_delta>` of the layer above, then
        :meth:`Sigmoid.backward <bpteach.activations.Sigmoid.backward>`) and
        with central differences of :math:`E = \sum \delta \odot (\sigma(u) W)`.

    Examples
    --------
    >>> from bpteach.exercises import check_hidden_delta
    >>> check_hidden_delta(lambda d, W, y: (d @ W.T) * y * (1 - y)).passed
    True
    """
    rng = np.random.default_rng(105)
    cases = []
    for n, n_hidden, n_out in ((1, 3, 1), (5, 3, 2), (3, 3, 3)):
        above = Dense(n_hidden, n_out, Identity(), rng=rng, wb_width=1.0)
        u = rng.normal(size=(n, n_hidden))
        y = Sigmoid().forward(u)
        d = rng.normal(size=(n, n_out))
        above.forward(y)
        grad_y = above.backward_delta(d)
        expected = Sigmoid().backward(y, grad_y)
        W = above.W.copy()
        numeric = _central(lambda u=u, d=d, W=W: float(np.sum(d * (Sigmoid().forward(u) @ W))), u)
        s = Sigmoid().forward(y)
        variants = {
            "missing_fprime": (d @ W.T,),
            "derivative_at_u": ((d @ W.T) * s * (1 - s),),
            "W_not_transposed": (None if n_hidden != n_out else (d @ W) * y * (1 - y),),
        }
        label = f"{_batch_label(n)}, n_hidden = {n_hidden}, n_out = {n_out}" + (
            " (square)" if n_hidden == n_out else "")
        cases.append(_Case(label, {"delta": d, "W": W, "y": y}, (expected,), (numeric,), variants, n))
    checker = _Checker("Exercise 5: the δ recursion through a hidden layer",
                       "hidden_delta(delta, W, y) -> delta of the hidden layer", ["delta"],
                       {"delta": "delta-recursion"}, tuple_output=False)
    return checker.run(hidden_delta, cases)


# ---------------------------------------------------------------------------
# Exercise 6: the whole backward pass of the 1-3-1 network
# ---------------------------------------------------------------------------


def _network_131(W1, b1, W2, b2):
    """bpteach's 1-3-1 network with the given parameters (copied in)."""
    net = Network([Dense(1, 3, Sigmoid(), rng=np.random.default_rng(0)),
                   Dense(3, 1, Identity(), rng=np.random.default_rng(0))], loss=SumOfSquares())
    for layer, (W, b) in zip(net.layers, ((W1, b1), (W2, b2))):
        layer.W[...] = W
        layer.b[...] = b
    return net


def _wrong_backward_131(x, t, W1, b1, W2, b2, *, back=None, fprime="y", output_fprime=False, sum_b=True):
    """A backward pass of the 1-3-1 network with one deliberate mistake (for the diagnoses)."""
    y1 = Sigmoid().forward(x @ W1 + b1)
    y = y1 @ W2 + b2
    delta2 = y - t
    if output_fprime:
        delta2 = delta2 * y * (1 - y)
    back_W = W2.T if back is None else back
    grad_y1 = delta2 @ back_W
    if fprime == "y":
        delta1 = grad_y1 * y1 * (1 - y1)
    elif fprime == "u":
        s = Sigmoid().forward(y1)
        delta1 = grad_y1 * s * (1 - s)
    else:
        delta1 = grad_y1
    sum_ = (lambda d: d.sum(axis=0)) if sum_b else (lambda d: d)
    return x.T @ delta1, sum_(delta1), y1.T @ delta2, sum_(delta2)


def check_backward_131(backward_131):
    r"""Check ``backward_131(x, t, W1, b1, W2, b2)``: every gradient of the 1-3-1 network for one sample.

    The textbook's regression network: a sigmoid hidden layer of 3 neurons
    and an identity output, with the sum-of-squares error. `x` and `t` have
    shape (1, 1); `W1` (1, 3), `b1` (3,), `W2` (3, 1), `b2` (1,). Run the
    forward pass, then return ``(grad_W1, grad_b1, grad_W2, grad_b2)``, each
    of the shape of its parameter: equations :eq:`net131-grad-W2`,
    :eq:`net131-delta1` and :eq:`net131-grad-W1`.

    Parameters
    ----------
    backward_131 : callable
        ``backward_131(x, t, W1, b1, W2, b2) -> (grad_W1, grad_b1, grad_W2, grad_b2)``.

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.network.Network.backward` and with
        central differences of :math:`E`.

    Examples
    --------
    >>> from bpteach.exercises import check_backward_131
    >>> from bpteach.exercise_solutions import backward_131
    >>> check_backward_131(backward_131).passed
    True
    """
    rng = np.random.default_rng(106)
    cases = []
    for k in range(3):
        W1, b1 = rng.normal(size=(1, 3)), rng.normal(size=3)
        W2, b2 = rng.normal(size=(3, 1)), rng.normal(size=1)
        x, t = rng.uniform(-1, 1, size=(1, 1)), rng.uniform(-1, 1, size=(1, 1))
        net = _network_131(W1, b1, W2, b2)
        net.forward(x)
        net.backward(t)
        expected = tuple(g.copy() for layer in net.layers for g in (layer.grad_W, layer.grad_b))

        def error(net=net, x=x, t=t):
            net.forward(x)
            return net.error(t)

        numeric = tuple(_central(error, p) for layer in net.layers for p in (layer.W, layer.b))
        args = (x, t, W1, b1, W2, b2)
        variants = {
            "wrong_weight_matrix": _wrong_backward_131(*args, back=W1),
            "missing_fprime": _wrong_backward_131(*args, fprime=None),
            "derivative_at_u": _wrong_backward_131(*args, fprime="u"),
            "identity_fprime": _wrong_backward_131(*args, output_fprime=True),
            "missing_batch_sum": _wrong_backward_131(*args, sum_b=False),
        }
        variants["wrong_weight_matrix"] = variants["wrong_weight_matrix"][:2] + (None, None)
        variants["missing_fprime"] = variants["missing_fprime"][:2] + (None, None)
        variants["derivative_at_u"] = variants["derivative_at_u"][:2] + (None, None)
        cases.append(_Case(f"one sample, parameters drawn from seed {k}",
                           {"x": x, "t": t, "W1": W1, "b1": b1, "W2": W2, "b2": b2},
                           expected, numeric, variants, 1))
    names = ["grad_W1", "grad_b1", "grad_W2", "grad_b2"]
    checker = _Checker("Exercise 6: the backward pass of the 1-3-1 network",
                       "backward_131(x, t, W1, b1, W2, b2) -> (grad_W1, grad_b1, grad_W2, grad_b2)", names,
                       {"grad_W1": "net131-delta1", "grad_b1": "net131-delta1",
                        "grad_W2": "net131-grad-W2", "grad_b2": "net131-grad-W2"})
    return checker.run(backward_131, cases)


# ---------------------------------------------------------------------------
# Exercise 7: one SGD update, and one epoch of online training
# ---------------------------------------------------------------------------


def check_sgd_update(sgd_update):
    r"""Check ``sgd_update(W, grad_W, learning_rate)``: one step of gradient descent.

    Return the updated parameter :math:`W - \eta\,\partial E/\partial W` as a
    new array of the shape of `W`, and leave `W` itself unchanged (the check
    compares the new value with the old): equation :eq:`sgd-update`.
    The same function serves the biases.

    Parameters
    ----------
    sgd_update : callable
        ``sgd_update(W, grad_W, learning_rate) -> numpy.ndarray``.

    Returns
    -------
    CheckResult
        Compared with the update that :meth:`bpteach.optimizers.SGD.step`
        applies to every parameter.

    Examples
    --------
    >>> from bpteach.exercises import check_sgd_update
    >>> check_sgd_update(lambda W, g, eta: W - eta * g).passed
    True
    """
    rng = np.random.default_rng(107)
    cases = []
    for (n_in, n_out), name, eta in (((1, 3), "W", 0.1), ((1, 3), "b", 0.5), ((6, 2), "W", 0.01)):
        # bpteach's own step: SGD.step on a one-layer network holding W (or b) and its gradient
        net = Network([Dense(n_in, n_out, Identity(), rng=rng)], loss=SumOfSquares())
        layer = net.layers[0]
        W, g = rng.normal(size=getattr(layer, name).shape), rng.normal(size=getattr(layer, name).shape)
        getattr(layer, name)[...] = W
        getattr(layer, "grad_" + name)[...] = g
        SGD(eta).step(net)
        expected = getattr(layer, name).copy()
        shape = W.shape
        variants = {"plus_instead_of_minus": (W + eta * g,), "no_learning_rate": (W - g,)}
        cases.append(_Case(f"{name} of shape {shape}, learning_rate = {eta}",
                           {"W": W, "grad_W": g, "learning_rate": eta}, (expected,), None, variants, 1))
    checker = _Checker("Exercise 7a: one SGD update", "sgd_update(W, grad_W, learning_rate) -> new W",
                       ["new W"], {"new W": "sgd-update"}, tuple_output=False)
    return checker.run(sgd_update, cases)


class _RngWatch:
    """Give the learner a fresh generator and see afterwards how much it drew."""

    def __init__(self, seed, n):
        self.seed, self.n = seed, n

    def prepare(self, arguments, state):
        state["rng"] = np.random.default_rng(self.seed)
        return {**arguments, "rng": state["rng"]}

    def __call__(self, value, arguments, state):
        start = np.random.default_rng(self.seed).bit_generator.state
        used = state["rng"].bit_generator.state
        if used == start:
            return [("rng_not_used", DIAGNOSES["rng_not_used"][0], "online-learning")]
        return []


def _epoch_variant(params, x, t, eta, seed, *, order="shuffle", sign=-1.0, full_batch=False):
    """One epoch of the 1-3-1 network with one deliberate mistake (for the diagnoses)."""
    net = _network_131(*params)
    rng = np.random.default_rng(seed)
    n = len(x)
    if order == "shuffle":
        idx_x = idx_t = rng.permutation(n)
    elif order == "separate":
        idx_x, idx_t = rng.permutation(n), rng.permutation(n)
    else:
        idx_x = idx_t = np.arange(n)
    xs, ts = x[idx_x], t[idx_t]
    if full_batch:
        net.forward(xs)
        net.backward(ts)
        net.theta[...] += sign * eta * net.grad_theta
    else:
        for i in range(n):
            net.forward(xs[i:i + 1])
            net.backward(ts[i:i + 1])
            net.theta[...] += sign * eta * net.grad_theta
    return tuple(p.copy() for layer in net.layers for p in (layer.W, layer.b))


def check_online_epoch(online_epoch):
    r"""Check ``online_epoch(params, x, t, learning_rate, rng)``: one epoch of online training.

    `params` is the list ``[W1, b1, W2, b2]`` of the 1-3-1 network (shapes
    (1, 3), (3,), (3, 1), (1,)), `x` and `t` the data (N_data, 1), `rng` a
    ``numpy.random.Generator``. Draw one order of the samples with
    ``rng.permutation(len(x))``, then for each sample in that order run the
    forward and backward pass and update every parameter
    (:eq:`sgd-update`). Return the new ``[W1, b1, W2, b2]`` as new arrays:
    the ones in `params` stay unchanged. The result must equal that of
    ``bpteach.train(..., epochs=1, batch_size=1)`` with a generator in the
    same state, to rounding.

    Parameters
    ----------
    online_epoch : callable
        ``online_epoch(params, x, t, learning_rate, rng) -> [W1, b1, W2, b2]``.

    Returns
    -------
    CheckResult
        Compared with :func:`bpteach.training.train` for one epoch.

    Examples
    --------
    >>> from bpteach.exercises import check_online_epoch
    >>> from bpteach.exercise_solutions import online_epoch
    >>> check_online_epoch(online_epoch).passed
    True
    """
    from bpteach import datasets

    rng = np.random.default_rng(108)
    cases = []
    x_sin, t_sin = datasets.sin_curve()
    for k, (x, t, eta) in enumerate(((x_sin, t_sin, 0.1),
                                     (rng.uniform(-1, 1, (8, 1)), rng.uniform(-1, 1, (8, 1)), 0.5))):
        params = (rng.normal(size=(1, 3)), rng.normal(size=3), rng.normal(size=(3, 1)), rng.normal(size=1))
        seed = 500 + k
        net = _network_131(*params)
        train(net, x, t, epochs=1, learning_rate=eta, rng=np.random.default_rng(seed), log=None)
        expected = tuple(p.copy() for layer in net.layers for p in (layer.W, layer.b))
        variants = {
            "no_shuffle": _epoch_variant(params, x, t, eta, seed, order="none"),
            "separate_shuffles": _epoch_variant(params, x, t, eta, seed, order="separate"),
            "plus_instead_of_minus": _epoch_variant(params, x, t, eta, seed, sign=1.0),
            "full_batch_step": _epoch_variant(params, x, t, eta, seed, full_batch=True),
        }
        label = ("the textbook's 63 points of sin x" if k == 0 else f"{len(x)} random points") + \
            f", learning_rate = {eta}, rng = default_rng({seed})"
        case = _Case(label, {"params": [p.copy() for p in params], "x": x, "t": t, "learning_rate": eta,
                             "rng": None}, expected, None, variants, 1)
        case.compare = _RngWatch(seed, len(x))
        cases.append(case)
    names = ["W1", "b1", "W2", "b2"]
    checker = _Checker("Exercise 7b: one epoch of online training",
                       "online_epoch(params, x, t, learning_rate, rng) -> [W1, b1, W2, b2]", names,
                       dict.fromkeys(names, "online-learning"))
    return checker.run(online_epoch, cases)
