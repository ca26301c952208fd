r"""Exercises: write the backward pass yourself, and let bpteach name your mistake.

Two exercises follow :doc:`/computational-graph`, and seven more the reader's
path through :doc:`/backpropagation` and :doc:`/sgd`. One call checks each
and returns a :class:`CheckResult`, which prints as a short report in a
terminal and shows as a table in a notebook:

* exercise 0a, the gradient on every edge of five small drawn graphs, as
  ``gradients_k(values)`` or a dict, checked by :func:`check_graph`;
* exercise 0b, a tiny autograd, a scalar class ``Value`` with ``+``, ``*``,
  ``.sigmoid()`` and ``.backward()``, checked by :func:`check_value`;

and exercises 1 to 7, each a plain function of NumPy arrays:

1. ``sigmoid_derivative(y)``, checked by :func:`check_sigmoid_derivative`;
2. ``output_delta(y, t)``, by :func:`check_output_delta`;
3. ``softmax_backward(y, grad_y)``, by :func:`check_softmax_backward`;
4. ``dense_backward(x, W, delta)``, by :func:`check_dense_backward`;
5. ``hidden_delta(delta, W, y)``, by :func:`check_hidden_delta`;
6. ``backward_131(x, t, W1, b1, W2, b2)``, by :func:`check_backward_131`;
7. ``sgd_update(W, grad_W, learning_rate)``, by :func:`check_sgd_update`, and
   ``online_epoch(params, x, t, learning_rate, rng)``, by :func:`check_online_epoch`
   (with :func:`network_131_gradients` as the backward pass, for a learner without one).

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
gives the shapes and the largest difference, and reasons from what it
measured. Each exercise declares the quantities a learner can confuse (its
inputs, their transposes, sums over either axis, a loss and its gradient, a
derivative at :math:`u` and at :math:`y`, old and updated weights...); the
check compares the wrong output with the expressions built from them, and
with the mistakes it knows by name, in every failing case. A mistake is
named only if it explains every failing case (a single number or a single
sample cannot decide a factor, a sign or a shape on its own); otherwise the
report says in how many cases it holds, and what was measured: which rows
or columns are wrong, a constant factor or offset, a sign pattern, zeros.
A shape error gets a hint computed from the shapes on the failing line, and
a function with its parameters in another order is told so. A function
that raises, returns the wrong type, returns NaN, modifies its input or
returns a view that is overwritten later gets a message saying so, never a
traceback from inside the checker.

The equations cited by the diagnoses are listed in one place,
:data:`~bpteach.exercises.EQUATIONS`. The reference solutions are not
part of the package: each is on its exercise's page, folded.

Reports in Japanese (日本語)
------------------------------
Every report can be printed in English or in Japanese, with the terms of the
site's glossary (中間層, 学習係数, ...). Call ``set_language("ja")`` before
the check (``set_language("en")`` for English), or set the environment
variable ``BPTEACH_LANGUAGE=ja``; otherwise the reports follow the
environment as ``gettext`` does (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``: a system in Japanese gets Japanese reports). The
Japanese edition of the site shows the Japanese reports. Code, names and
shapes stay as they are in both languages.

>>> from bpteach.exercises import check_sigmoid_derivative, set_language
>>> def sigmoid_derivative(y):
...     raise NotImplementedError("write the derivative here")
>>> set_language("ja")
>>> print(str(check_sigmoid_derivative(sigmoid_derivative)).splitlines()[-1])
  まだです：違う出力が 1 個（全 1 個中）、...もう一度チェックしてください。
>>> set_language(None)  # back to the environment's language

The package's rooms: ``citations`` (the site's equations), ``diagnoses``
(the mistakes the checks can name), ``report`` (text and HTML), ``engine``
(running, comparing, reasoning), ``language`` (the reports' language, with
the catalogue ``bpteach/locale/ja/LC_MESSAGES/bpteach.po``), and one module
per exercise.

Examples
--------
A wrong derivative of the sigmoid (:eq:`sigmoid-derivative`), which applies
:math:`\sigma'` to :math:`y` as if it were :math:`u`, is named. (No example here
shows a right solution: the solutions are on the exercises' pages, folded, and a
site built without them must not give them away on its API pages.)

>>> import numpy as np
>>> from bpteach.exercises import check_sigmoid_derivative
>>> def at_u(y):
...     s = 1 / (1 + np.exp(-y))          # treats y as if it were u
...     return s * (1 - s)
>>> result = check_sigmoid_derivative(at_u)
>>> bool(result), result.diagnoses()
(False, ['derivative_at_u'])
"""

from bpteach.exercises.autograd import check_value
from bpteach.exercises.backward_131 import check_backward_131, network_131_gradients
from bpteach.exercises.citations import EQUATIONS, PAGE_TITLES  # noqa: F401 (PAGE_TITLES: for the tests)
from bpteach.exercises.dense_backward import check_dense_backward
from bpteach.exercises.diagnoses import DIAGNOSES
from bpteach.exercises.graph_gradients import check_graph
from bpteach.exercises.hidden_delta import check_hidden_delta
from bpteach.exercises.language import get_language, set_language
from bpteach.exercises.online_epoch import check_online_epoch
from bpteach.exercises.output_delta import check_output_delta
from bpteach.exercises.report import CheckResult, OutputReport
from bpteach.exercises.sgd_update import check_sgd_update
from bpteach.exercises.sigmoid_derivative import check_sigmoid_derivative
from bpteach.exercises.softmax_backward import check_softmax_backward

#: Where the reference site lives; the HTML report links into it. None: the
#: local build (``docs/_build/html`` of a clone) if there is one.
SITE_URL = None

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
    "check_value",
    "check_graph",
    "network_131_gradients",
    "set_language",
    "get_language",
]
