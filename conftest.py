"""Settings for every test and doctest that pytest collects (tests/, bpteach/, docs/, README).

The exercise checks print their reports in the language of the environment (``LANG``,
``LANGUAGE``, ... as ``gettext`` reads them; see :mod:`bpteach.exercises.language`). The
expected outputs of the tests and doctests are English unless a test asks for Japanese, so
the verdict must not depend on the language of the machine that runs them: the session
runs in English. Tests of the language choice itself set or remove the variable with
``monkeypatch``.
"""

import os


def pytest_configure(config):
    os.environ["BPTEACH_LANGUAGE"] = "en"
