"""bpteach: backpropagation built from scratch with NumPy, to learn from.

The public names are importable from the package itself::

    from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares, train, save, load
"""

from bpteach import datasets, diagnostics, gradcheck
from bpteach._version import __version__ as __version__
from bpteach.activations import Identity, ReLU, Sigmoid, Softmax, Tanh, sigmoid, softmax
from bpteach.diagnostics import TrainingWarning
from bpteach.io import load, save
from bpteach.layers import Dense
from bpteach.losses import CrossEntropy, SumOfSquares, cross_entropy, sum_of_squares
from bpteach.network import Network
from bpteach.optimizers import SGD
from bpteach.stacked import StackedHistory, train_stacked
from bpteach.training import History, TrainingDiverged, TrainingInterrupted, train

__all__ = [
    "CrossEntropy",
    "Dense",
    "History",
    "Identity",
    "Network",
    "ReLU",
    "SGD",
    "StackedHistory",
    "Sigmoid",
    "Softmax",
    "SumOfSquares",
    "Tanh",
    "TrainingDiverged",
    "TrainingInterrupted",
    "TrainingWarning",
    "cross_entropy",
    "datasets",
    "diagnostics",
    "gradcheck",
    "load",
    "save",
    "sigmoid",
    "softmax",
    "sum_of_squares",
    "train",
    "train_stacked",
]
