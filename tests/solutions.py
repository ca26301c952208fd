"""The exercises' reference solutions, read from their one source: the exercise scripts.

Each script of ``exercises/`` holds its solution in the part after the line that ends the
student's download (``docs/_ext/student_downloads.py`` cuts it there, for the site's
downloads and for a site built without solutions). The tests take the ``def`` statements
of that part, and of the typical mistakes after it, from the same text; nothing else of
the script runs. The solutions are not part of the installed package.

``solutions`` has one attribute per solution function or class (``solutions.gradients_1``,
..., ``solutions.Value``, ``solutions.sigmoid_derivative``, ..., ``solutions.online_epoch``),
defined in one namespace in the order of the exercises, so that exercise 7's ``online_epoch``
calls exercise 6's ``backward_131``.
"""

import math
import sys
from types import SimpleNamespace

import numpy as np
from helpers import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import student_downloads  # noqa: E402
from student_downloads import mistake_functions, solution_functions, student_version  # noqa: E402, F401

SCRIPTS = sorted((ROOT / "exercises").glob("exercise_*.py"))


def _load():
    namespace, names = {"np": np, "math": math}, []
    for script in SCRIPTS:
        names += student_downloads.solution_functions(script.read_text(encoding="utf-8"), namespace, script)
    return SimpleNamespace(**{name: namespace[name] for name in names}), names


solutions, NAMES = _load()
