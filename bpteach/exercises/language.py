"""The language of the checks' reports: English, or Japanese (日本語), through ``gettext``.

Every sentence that a check can print is an English message marked for translation
(``_("...")``) in this package's modules; the Japanese translations, in the terms of the
site's glossary, are the catalogue ``bpteach/locale/ja/LC_MESSAGES/bpteach.po`` and its
compiled twin ``bpteach.mo`` (committed, and shipped in the wheel). A check builds its
report in the language in force when it runs, chosen by, in this order:

1. :func:`set_language` (``"en"`` or ``"ja"``; ``None`` gives the choice back to the
   environment);
2. the environment variable ``BPTEACH_LANGUAGE`` (``en`` or ``ja``);
3. the variables that ``gettext`` reads, ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``
   and ``LANG``, the first one set (a system in Japanese, ``LANG=ja_JP.UTF-8``, gets
   Japanese reports);

and English otherwise. Code (names, expressions such as ``x.T @ delta``, shapes) stays
as it is in both languages.
"""

import gettext
import os
from contextlib import contextmanager
from pathlib import Path

#: The languages of the reports.
LANGUAGES = ("en", "ja")
DOMAIN = "bpteach"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

_chosen = None  # set by set_language
_translations = {}


def set_language(language):
    """Choose the language of the reports of the checks that run from now on.

    Parameters
    ----------
    language : {"en", "ja"} or None
        ``"ja"`` for Japanese (日本語), ``"en"`` for English; ``None`` follows the
        environment again (``BPTEACH_LANGUAGE``, then ``LANGUAGE``, ``LC_ALL``,
        ``LC_MESSAGES``, ``LANG``, as ``gettext`` reads them).

    Raises
    ------
    ValueError
        If `language` is not one of ``"en"``, ``"ja"`` or None.

    Examples
    --------
    >>> from bpteach.exercises import check_sigmoid_derivative, set_language
    >>> def sigmoid_derivative(y):
    ...     raise NotImplementedError("write the derivative here")
    >>> set_language("ja")
    >>> print(str(check_sigmoid_derivative(sigmoid_derivative)).splitlines()[-1])
      まだです：1 個の出力のうち 1 個が違います、...もう一度チェックしてください。
    >>> set_language("en")
    >>> print(str(check_sigmoid_derivative(sigmoid_derivative)).splitlines()[-1])
      NOT YET: 1 of 1 output wrong, 1 problem. Fix the first ✗ and run the check again.
    >>> set_language(None)
    """
    global _chosen
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(map(repr, LANGUAGES))} or None; "
                         f"got {language!r}")
    _chosen = language


def get_language():
    """The language in force: ``"en"`` or ``"ja"`` (see :func:`set_language`).

    Raises
    ------
    ValueError
        If the environment variable ``BPTEACH_LANGUAGE`` is set to another value.
    """
    if _chosen is not None:
        return _chosen
    own = os.environ.get("BPTEACH_LANGUAGE")
    if own:
        if own not in LANGUAGES:
            raise ValueError(f"the environment variable BPTEACH_LANGUAGE must be one of "
                             f"{', '.join(LANGUAGES)}; got {own!r}")
        return own
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # as gettext.find reads them
        value = os.environ.get(variable)
        if value:
            for entry in value.split(":"):
                code = entry.split(".")[0].split("@")[0].split("_")[0].lower()
                if code in LANGUAGES:
                    return code
            return "en"
    return "en"


def translation(language=None):
    """The :class:`gettext.NullTranslations` of `language` (default: the language in force)."""
    language = language or get_language()
    if language not in _translations:
        _translations[language] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language],
                                                      fallback=True)
    return _translations[language]


def _(message):
    """`message` in the language in force (English is the message itself)."""
    return translation().gettext(message)


def ngettext(singular, plural, n):
    """The singular or the plural of a message with a count `n`, in the language in force."""
    return translation().ngettext(singular, plural, n)


def N_(message):
    """Mark `message` for translation where it is defined; :func:`_` translates it where it is used."""
    return message


@contextmanager
def using(language):
    """Run a block with the reports in `language`, then restore the previous choice."""
    global _chosen
    before = _chosen
    set_language(language)
    try:
        yield
    finally:
        _chosen = before
