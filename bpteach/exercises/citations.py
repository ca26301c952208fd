"""The equations on the site that the checks' reports cite: the one place to update.

Each is cited as the site shows it: its number and its page ("(6.6) in “Backpropagation,
derived”"), in the language of the report. When a page's equations are renumbered, or a
label or a section title changes, change it here: ``tests/package/test_exercises.py``
computes every number from the pages' sources, and ``tests/site/test_exercise_pages.py``
compares them with the numbers that both built editions show.
"""

from dataclasses import dataclass
from pathlib import Path

from bpteach.exercises.language import N_, translation


@dataclass(frozen=True)
class Equation:
    """An equation (or a section) of the site, cited by a diagnosis."""

    page: str  # the page's docname, e.g. "backpropagation"
    label: str | None  # the equation's label on that page; None to cite the section alone
    number: str | None  # the equation's number on the site, e.g. "6.6" (chapter.rank)
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

    def cite(self, language=None):
        """The equation as the site names it: formula, number, page and section.

        In `language` (``"en"`` or ``"ja"``; default: the language in force, see
        :func:`~bpteach.exercises.set_language`), e.g. ``σ′(u) = y (1 − y), y = σ(u): (6.2)
        in “Backpropagation, derived” › The sigmoid's derivative``.
        """
        _ = translation(language).gettext
        fields = {"formula": _(self.formula), "page": _(PAGE_TITLES[self.page]), "section": _(self.section)}
        if self.number:
            return _("{formula}: ({number}) in “{page}” › {section}").format(number=self.number, **fields)
        return _("{formula}: “{page}” › {section}").format(**fields)


#: The pages' titles, as the English edition shows them (the Japanese edition's are the translations).
PAGE_TITLES = {
    "backpropagation": N_("Backpropagation, derived"),
    "computational-graph": N_("The chain rule on a computational graph"),
    "errors": N_("Error functions"),
    "sgd": N_("Stochastic gradient descent and online learning"),
}

#: Every equation that a diagnosis cites, by key.
EQUATIONS = {
    "sigmoid-derivative": Equation(
        "backpropagation", "sigmoid-derivative", "6.2", N_("The sigmoid's derivative"),
        N_("σ′(u) = y (1 − y), y = σ(u)")),
    "delta-elementwise": Equation(
        "backpropagation", "delta-elementwise", "6.7", N_("From ∂E/∂y to δ: the activation"),
        N_("δ = ∂E/∂y ⊙ f′(u)")),
    "delta-softmax": Equation(
        "backpropagation", "delta-softmax", "6.10", N_("The softmax Jacobian"),
        N_("δ_k = y_k (∂E/∂y_k − Σ_j ∂E/∂y_j y_j), one sum per row")),
    "delta-identity-sos": Equation(
        "backpropagation", "delta-identity-sum-of-squares", "6.11",
        N_("Two famous simplifications: δ = y − t"),
        N_("identity + sum of squares: δ = y − t")),
    "delta-softmax-ce": Equation(
        "backpropagation", "delta-softmax-cross-entropy", "6.12", N_("Two famous simplifications: δ = y − t"),
        N_("softmax + cross-entropy: δ = y − t")),
    "sos-gradient": Equation(
        "errors", "sos-gradient", "4.2", N_("Sum of squares, for regression"),
        N_("E = ½ Σ (y − t)², ∂E/∂y = y − t")),
    "dense-gradients": Equation(
        "backpropagation", "dense-gradients", "6.6", N_("Any dense layer, in matrix form"),
        N_("∂E/∂W = xᵀ δ, ∂E/∂b = Σ_rows δ, ∂E/∂x = δ Wᵀ")),
    "batch-sum": Equation(
        "sgd", "batch-gradient-sum", "7.3", N_("Online learning, epochs and shuffling"),
        N_("the gradient of a batch is the sum of its samples' gradients")),
    "delta-recursion": Equation(
        "backpropagation", "delta-recursion", "6.8", N_("Through the whole network"),
        N_("δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ f⁽ˡ⁻¹⁾′(u⁽ˡ⁻¹⁾)")),
    "net131-delta1": Equation(
        "backpropagation", "net131-delta1", "6.4", N_("The hidden layer's weights"),
        N_("δ⁽¹⁾_j = δ⁽²⁾ W⁽²⁾_j1 y⁽¹⁾_j (1 − y⁽¹⁾_j)")),
    "net131-grad-W2": Equation(
        "backpropagation", "net131-grad-W2", "6.3", N_("The output layer's weights"),
        N_("δ⁽²⁾ = y − t, ∂E/∂W⁽²⁾_j1 = y⁽¹⁾_j δ⁽²⁾, ∂E/∂b⁽²⁾ = δ⁽²⁾")),
    "sgd-update": Equation(
        "sgd", "sgd-update", "7.1", N_("The update"),
        N_("W ← W − η ∂E/∂W, b ← b − η ∂E/∂b")),
    "graph-rules": Equation(
        "computational-graph", "graph-rules", "5.1", N_("Forward and backward along the edges"),
        N_("add: both inputs get ∂E/∂z; multiply z = p q: ∂E/∂p = ∂E/∂z q, ∂E/∂q = ∂E/∂z p; "
           "branch: the gradients of a value's edges add")),
    "backward-order": Equation(
        "computational-graph", None, None, N_("The order of the backward pass"),
        N_("the nodes in reverse topological order, each after every node that uses its value")),
    "online-learning": Equation(
        "sgd", None, None, N_("Online learning, epochs and shuffling"),
        N_("one update per sample, in a fresh random order each epoch: order = rng.permutation(len(x))")),
}


def site_url():
    """The site's root for the HTML report's links: ``bpteach.exercises.SITE_URL``, else the local build."""
    from bpteach import exercises

    url = getattr(exercises, "SITE_URL", None)
    if url is not None:
        return url.rstrip("/")
    local = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"
    return local.as_uri() if (local / "index.html").exists() else None
