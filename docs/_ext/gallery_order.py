"""The order of the examples on the gallery pages.

The experiments are meant to be read in a sequence: each one builds on
what the ones before it showed. Every other example keeps the order of
``exercise_pages.GalleryOrder`` (exercises by number, the rest shortest
code first).
"""

from exercise_pages import GalleryOrder

EXPERIMENTS = [
    "plot_hidden_size.py",
    "plot_activations.py",
    "plot_learning_rate.py",
    "plot_initial_width.py",
    "plot_input_scaling.py",
    "plot_harder_targets.py",
    "plot_depth.py",
    "plot_classification_boundary.py",
]


class ReadingOrder:
    """Sort key for ``within_subsection_order``: the experiments in :data:`EXPERIMENTS` order."""

    def __init__(self, src_dir):
        self.default = GalleryOrder(src_dir)

    def __call__(self, filename):
        if filename in EXPERIMENTS:
            return (0, EXPERIMENTS.index(filename))
        return (1, self.default(filename))

    def __repr__(self):
        return f"<{type(self).__name__}>"
