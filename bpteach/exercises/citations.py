"""The equations on the site that the checks' reports cite: the one place to update.

When a label or a section title of a page changes, change it here (a test checks every
entry against the pages).
"""

from dataclasses import dataclass
from pathlib import Path


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
    "computational-graph": "The chain rule on a computational graph",
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
    "graph-rules": Equation(
        "computational-graph", "graph-rules", "Forward and backward along the edges",
        "add: both inputs get ∂E/∂z; multiply z = p q: ∂E/∂p = ∂E/∂z q, ∂E/∂q = ∂E/∂z p; "
        "branch: the gradients of a value's edges add"),
    "online-learning": Equation(
        "sgd", None, "Online learning, epochs and shuffling",
        "one update per sample, in a fresh random order each epoch: order = rng.permutation(len(x))"),
}

#: Every mistake the checks can name: key -> (what it says, the key of the equation it cites).


def site_url():
    """The site's root for the HTML report's links: ``bpteach.exercises.SITE_URL``, else the local build."""
    from bpteach import exercises

    url = getattr(exercises, "SITE_URL", None)
    if url is not None:
        return url.rstrip("/")
    local = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"
    return local.as_uri() if (local / "index.html").exists() else None
