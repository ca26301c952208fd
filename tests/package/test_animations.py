"""The animations of a training run (bpteach.plotting) as the site embeds them: size, text, frames.

The site draws each animation's frames at ``FRAME_DPI`` (docs/_ext/offline_animation.py) and
shows them at that size (tests/site/test_projection.py checks it in the browser), so a text of
``s`` points is ``s * FRAME_DPI / 72`` px high on the page: at least 12 px for every text of
every frame, and the frames at least 900 px wide, fitting the 904 px column of a gallery page
at 1280 px.
"""

import base64
import io
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from helpers import ROOT  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from bpteach.plotting import animate_decision_regions, animate_regression_fit, snapshot_epochs  # noqa: E402

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import offline_animation  # noqa: E402

MIN_TEXT_PX = 12
MIN_WIDTH_PX, MAX_WIDTH_PX = 900, 904


MADE = []  # the animations of a test: matplotlib warns when one is deleted unplayed


@pytest.fixture(autouse=True)
def close_figures():
    yield
    for animation in MADE:
        animation._draw_was_started = True  # not played on purpose: no warning
    MADE.clear()
    plt.close("all")


def regression_animation(n_frames=5):
    x = np.linspace(-1, 1, 63).reshape(-1, 1)
    x_fine = np.linspace(-1, 1, 50).reshape(-1, 1)
    epochs = snapshot_epochs(2001, n_frames)
    fits = np.array([np.sin(np.pi * x_fine[:, 0] + np.pi) * epoch / 2000 for epoch in epochs])
    errors = 0.3 * np.exp(-np.arange(2001) / 300)
    MADE.append(animate_regression_fit(x, -np.sin(np.pi * x), x_fine, epochs, fits, errors))
    return MADE[-1], epochs


def classification_animation(n_frames=5):
    grid = np.linspace(-1, 1, 21)
    x = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
    below = x[:, 1] < np.sin(np.pi * x[:, 0])
    t = np.c_[~below, below].astype(float)
    epochs = snapshot_epochs(101, n_frames)
    maps = np.array([(np.sin(np.pi * grid)[None, :] * epoch / 100 > grid[:, None]) * 1.0 for epoch in epochs])
    accuracies = np.linspace(0.5, 0.97, len(epochs))
    MADE.append(animate_decision_regions(x, t, grid, epochs, maps, accuracies, 0.7 - np.arange(101) / 200))
    return MADE[-1], epochs


@pytest.mark.parametrize("make", [regression_animation, classification_animation])
def test_every_text_of_every_frame_is_at_least_12_px_and_the_frames_900_px_wide(make):
    animation, epochs = make()
    fig = animation._fig
    width = fig.get_figwidth() * offline_animation.FRAME_DPI
    assert MIN_WIDTH_PX <= width <= MAX_WIDTH_PX
    seen = 0
    for frame in range(len(epochs)):
        animation._func(frame)
        fig.canvas.draw()
        for text in fig.findobj(Text):
            if text.get_visible() and text.get_text().strip() and text.get_window_extent().width > 0:
                seen += 1
                assert text.get_fontsize() * offline_animation.FRAME_DPI / 72 >= MIN_TEXT_PX, text
    assert seen > 10 * len(epochs)  # titles, axis labels, tick labels, the legend


def test_the_text_check_can_fail():
    animation, _ = regression_animation()
    animation._fig.axes[0].set_title("small", fontsize=6)
    sizes = [text.get_fontsize() * offline_animation.FRAME_DPI / 72 for text in animation._fig.findobj(Text)
             if text.get_text() == "small"]
    assert sizes and min(sizes) < MIN_TEXT_PX


def test_the_player_frames_are_palette_pngs_of_the_figures_size():
    animation, epochs = regression_animation(3)
    html = offline_animation.offline_player(animation)
    frames = re.findall(r'frames\[\d+\] = "data:image/png;base64,([^"]*)"', html)
    assert len(frames) == len(epochs)
    image = Image.open(io.BytesIO(base64.b64decode(frames[0])))
    width = round(animation._fig.get_figwidth() * offline_animation.FRAME_DPI)
    assert image.mode == "P" and image.size[0] == width
    assert len(image.getcolors()) <= offline_animation.FRAME_COLORS


def test_the_titles_name_the_frames_epoch():
    animation, epochs = classification_animation(8)
    animation._func(len(epochs) - 1)
    assert animation._fig.axes[0].get_title() == f"after epoch {epochs[-1]}: 97% correct"


def test_snapshot_epochs_run_from_the_first_epoch_to_the_last():
    for epochs, n_frames in [(2001, 60), (101, 50), (5, 10), (1, 2)]:
        shots = snapshot_epochs(epochs, n_frames)
        assert shots[0] == 0 and shots[-1] == epochs - 1 and np.all(np.diff(shots) > 0)
        assert len(shots) <= min(n_frames, epochs)
    assert len(snapshot_epochs(2001, 60)) >= 40  # the site's regression animation


@pytest.mark.parametrize("call, message", [
    (lambda: snapshot_epochs(10, 1), "n_frames must be at least 2"),
    (lambda: snapshot_epochs(0, 5), "epochs"),
    (lambda: animate_regression_fit([[0.0]], [[0.0]], [[0.0]], [0, 1], [[0.0]] * 2, [0.1]),
     r"epochs must be a 1-D array of increasing integers from 0 to 0"),
    (lambda: animate_regression_fit([[0.0]], [[0.0]], [[0.0], [1.0]], [0], [[0.0]], [0.1]),
     r"fits must have shape \(K, 2\)"),
    (lambda: animate_regression_fit([[0.0]], [[0.0]], [[0.0]], [1, 0], [[0.0]] * 2, [0.1, 0.1]),
     "increasing"),
    (lambda: animate_regression_fit([[0.0]], [[0.0]], [[0.0]], [0], [[0.0]], [-0.1]),
     "errors must be a 1-D array of the positive"),
    (lambda: animate_decision_regions([[0.0, 0.0]], [[1.0, 0.0]], [0.0, 1.0], [0], np.zeros((1, 3, 3)),
                                      [0.5], [0.1]), r"probabilities must have shape \(K, 2, 2\)"),
    (lambda: animate_decision_regions([[0.0, 0.0]], [[1.0, 0.0]], [0.0, 1.0], [0], np.zeros((1, 2, 2)),
                                      [50], [0.1]), "accuracies must hold one share from 0 to 1"),
    (lambda: animate_decision_regions([[0.0, 0.0]], [[1.0, 0.0]], [1.0, 0.0], [0], np.zeros((1, 2, 2)),
                                      [0.5], [0.1]), "grid must be a 1-D array of at least 2 increasing"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
