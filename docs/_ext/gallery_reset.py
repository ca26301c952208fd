"""Each gallery script starts with the warning filters the build had before the first one ran.

A script may set a filter of its own: the experiments whose runs fail on purpose ignore
bpteach's ``TrainingWarning`` (each run's warnings stay in its history). Without this
reset that filter would stay in force for every script run after it in the same process
(sphinx-gallery runs them one after another, in one process or in a few workers), and a
warning that a later page should show, or that the tests should catch, would be hidden.
sphinx-gallery calls :func:`reset_warnings` before each script (``reset_modules`` in conf.py).
"""

import warnings

_BEFORE = list(warnings.filters)  # the filters of the process, before any script ran in it


def reset_warnings(gallery_conf, fname):
    """Put the warning filters back to those of :data:`_BEFORE` (public API only)."""
    warnings.resetwarnings()
    for action, message, category, module, lineno in reversed(_BEFORE):
        # A filter holds a compiled pattern, a plain string (some set by the interpreter), or None.
        warnings.filterwarnings(action, _pattern(message), category, _pattern(module), lineno)


def _pattern(regex):
    return getattr(regex, "pattern", regex) or ""
