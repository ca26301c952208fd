"""The Playground page: real bpteach runs, precomputed when the site is built, drawn in the browser.

Python cannot run in the reader's browser, and a second implementation of the maths
in JavaScript would break the site's promise that every number on it is computed by
the code it documents. So the runs are computed here, with
:func:`bpteach.stacked.train_stacked`, and stored, quantised, in one JavaScript file
(``_static/playground-data.js``, loaded by a ``<script>`` tag: it works from
``file://``, where a browser refuses to fetch a JSON file). The page's script,
``_static/playground.js``, only draws.

What is precomputed (the textbook's settings, and one factor at a time around them):

* the architecture: every hidden size of ``HIDDEN`` with the sigmoid, and each
  activation of ``ACTIVATIONS`` with the textbook's hidden size; one stacked run per
  architecture (:func:`train_stacked` needs one architecture per run);
* in each of those runs, the copies: ``SEEDS`` for every learning rate of
  ``LEARNING_RATES`` with the textbook's initial width 0.01, and for every width of
  ``WB_WIDTHS`` with the textbook's learning rate 0.1 (``COMBINATIONS``).

How it is stored (the page prints the largest error each quantisation made):

* errors: ``log10(E)`` on a grid of 65534 steps over ``[ERROR_LOG_MIN, ERROR_LOG_MAX]``
  (uint16; 0 means "no error": the run had diverged);
* the regression's outputs: clipped to ``[-OUTPUT_LIMIT, OUTPUT_LIMIT]`` and rounded to
  one of 254 steps (uint8; 0 means NaN);
* the classification's outputs: the probability of "below the curve" in one of 16
  bins (4 bits), the bin's centre drawn; the predicted class (p >= 0.5) is exact;
* the weights: each parameter's sign and its size in half-decade steps of |w| (4 bits,
  :func:`quantise_weights`), enough to draw a line's colour and width, and the largest
  |w| and |b| of each stored network (as the errors are), printed on the drawing;
* the diagnostics: each warning that ``train_stacked`` recorded for a run, as
  ``[kind, epoch, English, Japanese]`` (its ``text("en")`` and ``text("ja")``), and a
  diverged run's "why it stopped" as ``[English, Japanese]``; the page shows the one in
  its own language.

The data are generated once per build folder and shared by both editions: the
English build writes ``<build>/playground/<key>.js``, keyed by a hash of the
package's source and of this file, and the Japanese build copies the same file.
"""

import base64
import hashlib
import json
import re
import shutil
import time
import warnings
from pathlib import Path

import numpy as np
from docutils import nodes
from docutils.parsers.rst import Directive

DOCS = Path(__file__).resolve().parent.parent
ROOT = DOCS.parent

SEEDS = (0, 1, 2, 3, 4)
LEARNING_RATES = {"regression": (0.01, 0.1, 0.3, 1.0, 3.0), "classification": (0.01, 0.1, 1.0, 10.0, 100.0)}
WB_WIDTHS = (0.01, 0.1, 1.0)
TEXTBOOK_RATE, TEXTBOOK_WIDTH = 0.1, 0.01
COMBINATIONS = {problem: tuple([(rate, TEXTBOOK_WIDTH) for rate in rates]
                               + [(TEXTBOOK_RATE, width) for width in WB_WIDTHS if width != TEXTBOOK_WIDTH])
                for problem, rates in LEARNING_RATES.items()}
HIDDEN = {"regression": (1, 2, 3, 5, 10, 30), "classification": (1, 2, 3, 5, 6, 10, 30)}
TEXTBOOK_HIDDEN = {"regression": 3, "classification": 6}
ACTIVATIONS = ("sigmoid", "tanh", "relu")
# Epochs and snapshot interval: chosen so that generating everything stays within the
# page's budget of build time (online SGD, as in the textbook).
EPOCHS = {"regression": 121, "classification": 15}
INTERVAL = {"regression": 12, "classification": 2}

# Errors from 1e-12 to 1e308, near the largest float64 (about 1.8e308): a diverging run's errors
# (1e36, 1e73, ... before it overflows) are stored as they are, not clamped.
ERROR_LOG_MIN, ERROR_LOG_MAX = -12.0, 308.0
OUTPUT_LIMIT = 1.5
DATA_FILE = "playground-data.js"


def architectures(problem):
    """The (hidden size, activation) pairs precomputed for `problem`."""
    pairs = [(size, "sigmoid") for size in HIDDEN[problem]]
    pairs += [(TEXTBOOK_HIDDEN[problem], name) for name in ACTIVATIONS if name != "sigmoid"]
    return pairs


class RecordingDense:
    """Mixed into :class:`bpteach.layers.Dense`: note the layer's parameters at chosen epochs.

    A stacked run copies the first copy's layers (``copy(layer)``) and gives the copies
    the stacked arrays, so the copy shares this layer's ``record`` and ``steps``. Every
    training step calls ``forward`` once with a batch of one sample per copy; at the first
    step of a snapshot epoch, ``W`` and ``b`` are the parameters at the end of the previous
    epoch (a diverged copy's restored to its last complete epoch). The diagnostics' looks
    pass the whole training set, and are not counted.
    """

    def forward(self, x):
        if x.ndim == 3 and x.shape[-2] == 1:
            step = self.steps[0]
            self.steps[0] += 1
            if step % self.n_samples == 0 and step // self.n_samples in self.record:
                self.record[step // self.n_samples] = np.concatenate(
                    [self.W.reshape(len(self.W), -1), self.b], axis=1)
        return super().forward(x)


def builder_for(problem, hidden, activation, logged=(), n_samples=1):
    """``build(rng, wb_width)`` of the network of `problem` (the gallery's networks).

    With `logged`, the layers record their stacked parameters at those epochs
    (see :class:`RecordingDense`); the first network built holds the records.
    """
    import bpteach

    class Layer(RecordingDense, bpteach.Dense):
        pass

    if not logged:  # nothing to record: the plain layer
        Layer = bpteach.Dense  # noqa: N806

    act = {"sigmoid": bpteach.Sigmoid, "tanh": bpteach.activations.Tanh, "relu": bpteach.activations.ReLU}
    n_in, output, loss = ((1, bpteach.Identity, bpteach.SumOfSquares) if problem == "regression"
                          else (2, bpteach.Softmax, bpteach.CrossEntropy))
    built = []

    def build(rng, wb_width=TEXTBOOK_WIDTH):
        layers = [Layer(n_in, hidden, act[activation](), rng=rng, wb_width=wb_width),
                  Layer(hidden, n_in, output(), rng=rng, wb_width=wb_width)]
        for layer in layers if logged else ():
            layer.record, layer.steps, layer.n_samples = dict.fromkeys(logged), [0], n_samples
        built.append(layers)
        return bpteach.Network(layers, loss=loss())

    build.built = built
    return build


def dataset(problem):
    import bpteach

    return bpteach.datasets.sin_curve() if problem == "regression" else bpteach.datasets.sin_boundary()


def copies(problem):
    """The copies of each stacked run, ``(seed, learning rate, wb_width)``, combination by combination."""
    return [(seed, rate, width) for rate, width in COMBINATIONS[problem] for seed in SEEDS]


def train_group(problem, hidden, activation):
    """Train one architecture's copies at once with :func:`~bpteach.stacked.train_stacked`.

    Returns the :class:`~bpteach.stacked.StackedHistory` and every copy's parameters at
    the start of each logged epoch, shape (K, L, n_parameters) (each layer's W then b,
    layer by layer, as in ``Network.theta``).
    """
    from bpteach.stacked import train_stacked

    x, t = dataset(problem)
    logged = range(0, EPOCHS[problem], INTERVAL[problem])
    build = builder_for(problem, hidden, activation, logged, len(x))
    runs = copies(problem)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # each copy's warnings are kept in the result
        result = train_stacked(build, x, t, seeds=[seed for seed, _, _ in runs], epochs=EPOCHS[problem],
                               learning_rate=[rate for _, rate, _ in runs],
                               wb_width=[width for _, _, width in runs], interval=INTERVAL[problem], log=None)
    layers = build.built[0]
    missing = [epoch for epoch in logged if any(layer.record[epoch] is None for layer in layers)]
    if missing:
        raise RuntimeError(f"the playground recorded no parameters at epochs {missing} of the "
                           f"{problem} with {hidden} {activation} neurons: has train_stacked changed?")
    theta = np.stack([np.concatenate([layer.record[epoch] for layer in layers], axis=1) for epoch in logged],
                     axis=1)
    return result, theta


# -- Quantisation -------------------------------------------------------------------------------

def quantise_errors(errors):
    """uint16 codes of log10(errors); 0 for NaN. Returns the codes and the largest relative error."""
    steps = 65534
    logs = np.log10(np.clip(errors, 10 ** ERROR_LOG_MIN, 10 ** ERROR_LOG_MAX))
    codes = np.where(np.isfinite(errors),
                     1 + np.rint((logs - ERROR_LOG_MIN) / (ERROR_LOG_MAX - ERROR_LOG_MIN) * steps), 0)
    codes = codes.astype(np.uint16)
    back = decode_errors(codes)
    finite = np.isfinite(errors)
    inside = finite & (errors >= 10 ** ERROR_LOG_MIN) & (errors <= 10 ** ERROR_LOG_MAX)
    worst = float(np.max(np.abs(back[inside] / errors[inside] - 1))) if inside.any() else 0.0
    return codes, worst, int(np.count_nonzero(finite & ~inside))


def decode_errors(codes):
    codes = np.asarray(codes, dtype=float)
    values = 10 ** (ERROR_LOG_MIN + (codes - 1) / 65534 * (ERROR_LOG_MAX - ERROR_LOG_MIN))
    return np.where(codes == 0, np.nan, values)


def quantise_outputs(y):
    """uint8 codes of regression outputs clipped to +-OUTPUT_LIMIT (0 for NaN)."""
    clipped = np.clip(y, -OUTPUT_LIMIT, OUTPUT_LIMIT)
    codes = np.where(np.isfinite(y), 1 + np.rint((clipped + OUTPUT_LIMIT) / (2 * OUTPUT_LIMIT) * 254), 0)
    codes = codes.astype(np.uint8)
    back = decode_outputs(codes)
    finite = np.isfinite(y)
    worst = float(np.max(np.abs(back[finite] - clipped[finite]))) if finite.any() else 0.0
    return codes, worst, int(np.count_nonzero(finite & (np.abs(y) > OUTPUT_LIMIT)))


def decode_outputs(codes):
    codes = np.asarray(codes, dtype=float)
    return np.where(codes == 0, np.nan, (codes - 1) / 254 * 2 * OUTPUT_LIMIT - OUTPUT_LIMIT)


def quantise_probabilities(p):
    """4-bit bins of the probability of "below the curve"; NaN goes to bin 0 (not drawn)."""
    codes = np.where(np.isfinite(p), np.clip(np.floor(p * 16), 0, 15), 0).astype(np.uint8)
    finite = np.isfinite(p)
    worst = float(np.max(np.abs((codes[finite] + 0.5) / 16 - p[finite]))) if finite.any() else 0.0
    assert np.array_equal((codes[finite] >= 8), p[finite] >= 0.5)  # the predicted class is exact
    return codes, worst


#: The weights' sizes: half-decade steps of |w|, 1 from 10**WEIGHT_LOG_MIN (below it: 0,
#: no line), 7 from 10**(WEIGHT_LOG_MIN + 3) = 3.16 on (the widest line, however large).
WEIGHT_LOG_MIN = -2.5


def quantise_weights(theta):
    """4 bits per parameter: a sign bit and the size of |w| in half-decade steps (0..7).

    The scale is the same for every run and epoch (a growing weight draws a wider line):
    size 0 below ``10**WEIGHT_LOG_MIN`` (not drawn), then one step per half decade, and 7
    from 3.16 on, so that the weights of a diverging run (up to 1e152) still draw, all wide.
    Returns the codes.
    """
    size = np.zeros(theta.shape)
    nonzero = theta != 0
    size[nonzero] = np.floor(2 * (np.log10(np.abs(theta[nonzero])) - WEIGHT_LOG_MIN)) + 1
    codes = (np.clip(np.nan_to_num(size), 0, 7) + 8 * (theta < 0)).astype(np.uint8)
    return codes


def largest_sizes(theta, n_in, hidden):
    """uint16 codes (as :func:`quantise_errors`) of the largest |w| and the largest |b| of each
    stored network, shape (..., 2): the drawing prints them, since its widths stop at 3.16."""
    n_out = n_in
    ends = np.cumsum([n_in * hidden, hidden, hidden * n_out, n_out])
    w = np.concatenate([theta[..., :ends[0]], theta[..., ends[1]:ends[2]]], axis=-1)
    b = np.concatenate([theta[..., ends[0]:ends[1]], theta[..., ends[2]:]], axis=-1)
    sizes = np.stack([np.max(np.abs(w), axis=-1), np.max(np.abs(b), axis=-1)], axis=-1)
    return quantise_errors(np.maximum(sizes, 10 ** ERROR_LOG_MIN))[0]


def pack4(codes):
    """Two 4-bit codes per byte, the first in the high half."""
    flat = codes.ravel()
    if flat.size % 2:
        flat = np.append(flat, 0)
    return (flat[0::2] << 4 | flat[1::2]).astype(np.uint8)


def one_run(line):
    """The package's log line of a diverged copy, said of one run (the page trains no copies).

    ``"Copy 20 (seed 0) diverged in epoch 8 of 121: ...; the other copies go on. (...)"``
    becomes ``"Diverged in epoch 8 of 121: ... (...)"``.
    """
    said = re.sub(r"^Copy \d+ \([^)]*\) diverged", "Diverged", line)
    said = said.replace("; the other copies go on.", ".")
    if said == line or "copies" in said:
        raise RuntimeError(f"the playground cannot say this log line of one run: {line!r}")
    return said


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


# -- Generation --------------------------------------------------------------------------------

def generate():
    """Train every precomputed run; return the page's data (a dict, JSON-ready) and its CPU seconds."""
    from bpteach.stacked import diverged_copy

    start = time.process_time()
    worst = {"error": 0.0, "output": 0.0, "probability": 0.0}
    clipped = {"error": 0, "output": 0}
    problems = {}
    for problem in ("regression", "classification"):
        x, t = dataset(problem)
        groups = []
        for hidden, activation in architectures(problem):
            result, theta = train_group(problem, hidden, activation)
            error_codes, rel, out_of_range = quantise_errors(result.errors)
            worst["error"], clipped["error"] = max(worst["error"], rel), clipped["error"] + out_of_range
            if problem == "regression":
                output_codes, gap, off = quantise_outputs(result.outputs[..., 0])
                worst["output"], clipped["output"] = max(worst["output"], gap), clipped["output"] + off
                outputs = b64(output_codes)
            else:
                p_codes, gap = quantise_probabilities(result.outputs[..., 1])
                worst["probability"] = max(worst["probability"], gap)
                outputs = b64(pack4(p_codes))
            weight_codes = quantise_weights(theta)
            largest = largest_sizes(theta, 1 if problem == "regression" else 2, hidden)
            runs = []
            for k in range(result.n_copies):
                run = {"diverged": int(result.diverged_epoch[k])}
                if result.warnings[k]:
                    run["warnings"] = [[w.kind, w.epoch, w.text("en"), w.text("ja")]
                                       for w in result.warnings[k]]
                if result.diverged_epoch[k] >= 0:
                    line = next(line for line in result.log_lines if line.startswith(f"Copy {k} "))
                    said = diverged_copy(k, None, int(result.diverged_epoch[k]), result.epochs, one_run=True)
                    if said.text("en") != one_run(line):
                        raise RuntimeError(f"the playground's one-run wording of {line!r} is not the log's")
                    run["log"] = [said.text("en"), said.text("ja")]
                runs.append(run)
            groups.append({"hidden": hidden, "activation": activation, "errors": b64(error_codes),
                           "outputs": outputs, "weights": b64(pack4(weight_codes)), "largest": b64(largest),
                           "runs": runs})
        problems[problem] = {
            "epochs": EPOCHS[problem], "interval": INTERVAL[problem], "logged": list(range(0, EPOCHS[problem],
                                                                                          INTERVAL[problem])),
            "textbook_hidden": TEXTBOOK_HIDDEN[problem], "hidden": list(HIDDEN[problem]),
            "learning_rates": list(LEARNING_RATES[problem]),
            "combinations": [list(c) for c in COMBINATIONS[problem]],
            "x": np.round(x, 6).tolist(), "t": np.round(t[:, -1], 6).tolist(),
            "groups": groups,
        }
        if problem == "classification":  # the true boundary x2 = sin(pi x1) of datasets.sin_boundary
            x1 = np.linspace(-1, 1, 101)
            problems[problem]["boundary"] = np.round(np.stack([x1, np.sin(np.pi * x1)], axis=1), 4).tolist()
    data = {"seeds": list(SEEDS), "wb_widths": list(WB_WIDTHS), "activations": list(ACTIVATIONS),
            "textbook_rate": TEXTBOOK_RATE, "textbook_width": TEXTBOOK_WIDTH,
            "error_log_range": [ERROR_LOG_MIN, ERROR_LOG_MAX], "output_limit": OUTPUT_LIMIT,
            "worst": worst, "clipped": clipped, "problems": problems}
    # The CPU time is printed by the build, not stored: a second build must give the same bytes.
    return data, time.process_time() - start


def cache_key():
    """A hash of what the data depend on: the package's source and this file."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "bpteach").rglob("*.py")) + [Path(__file__)]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def data_file(app):
    """The data of this build folder, generated by the first edition that needs it."""
    folder = Path(app.doctreedir).parent.parent / "playground"
    path = folder / f"{cache_key()}.js"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        data, seconds = generate()
        print(f"  the Playground's runs: {seconds:.1f} s of CPU", flush=True)  # shown with sphinx -q too
        text = ("// The Playground's runs, computed by docs/_ext/playground.py with bpteach.train_stacked.\n"
                "window.BPTEACH_PLAYGROUND = " + json.dumps(data, separators=(",", ":"), sort_keys=True)
                + ";\n")
        partial = path.with_suffix(".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path


# -- The page ---------------------------------------------------------------------------------

class playground(nodes.General, nodes.Element):
    """The Playground's controls and drawings; its children hold the page's translated texts."""


class PlaygroundDirective(Directive):
    """``{playground}``: the controls and the drawings, with the texts of the page's script.

    Its content is a bullet list; each item starts with a key in backquotes (```alt```)
    followed by the text, translated with the rest of the page. ``{name}`` in a text is
    filled in by the script.
    """

    has_content = True

    def run(self):
        node = playground()
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def texts(node):
    """``{key: text}`` from the directive's bullet list (after translation)."""
    found = {}
    for item in node.findall(nodes.list_item):
        paragraph = item.next_node(nodes.paragraph)
        literal = paragraph.next_node(nodes.literal)
        if literal is None:
            continue
        key = literal.astext()
        found[key] = paragraph.astext()[len(key):].strip()
    return found


def visit_playground_html(self, node):
    strings = texts(node)
    self.body.append(
        '<div id="bpteach-playground" class="bpteach-playground" data-texts="'
        + self.encode(json.dumps(strings, ensure_ascii=False, sort_keys=True)) + '">'
        '<noscript><p>' + self.encode(strings.get("noscript", "")) + "</p></noscript></div>\n")
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def add_page_scripts(app, pagename, templatename, context, doctree):
    """The data and the script, on the Playground page only."""
    if doctree is not None and any(doctree.findall(playground)):
        app.add_js_file(DATA_FILE)
        app.add_js_file("playground.js")
        app.add_css_file("playground.css")


def copy_data(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    shutil.copyfile(data_file(app), Path(app.outdir) / "_static" / DATA_FILE)


def setup(app):
    app.add_node(playground, html=(visit_playground_html, None), text=(skip, None), latex=(skip, None),
                 man=(skip, None), texinfo=(skip, None))
    app.add_directive("playground", PlaygroundDirective)
    app.connect("html-page-context", add_page_scripts)
    app.connect("build-finished", copy_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":  # print the budgets of a generation: python docs/_ext/playground.py
    import sys

    sys.path.insert(0, str(ROOT))
    data, seconds = generate()
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    print(f"{len(text.encode()) / 1e6:.2f} MB, {seconds:.1f} s of CPU; worst: {data['worst']}, "
          f"clipped: {data['clipped']}")
