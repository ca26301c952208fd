r"""The package's languages: English, or Japanese (日本語), through ``gettext``.

The exercise checks' reports (:mod:`bpteach.exercises.language` says how the language is
chosen) and the training diagnostics (:class:`~bpteach.diagnostics.TrainingWarning`,
:class:`~bpteach.training.TrainingDiverged`) are English messages marked for translation;
the Japanese, in the terms of the site's glossary, is the one catalogue
``bpteach/locale/ja/LC_MESSAGES/bpteach.po``. A :class:`Message` keeps the English
templates and the values they report, so one run gives its text in either language.
"""


import gettext
import os
from contextlib import contextmanager
from pathlib import Path

#: The languages of the reports.
LANGUAGES = ("en", "ja")
DOMAIN = "bpteach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

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
      まだです：違う出力が 1 個（全 1 個中）、...もう一度チェックしてください。
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


class Message:
    """A message to show in any language: English templates and the values they report.

    Each part is a template marked with :func:`N_` and its values; :meth:`text` translates
    every template into the language asked for, then fills in the values (a value that is a
    :class:`Message` itself is shown in the same language). ``str(message)`` is the text in
    the language in force (see :func:`set_language`). Adding a message or a plain string
    (not translated: punctuation, code) gives a longer message.

    Parameters
    ----------
    template : str
        The English text, a :meth:`str.format` template (``"{rate:g}"``).
    **values
        The values that `template` names.

    Examples
    --------
    >>> from bpteach._language import Message, N_
    >>> m = Message(N_("their values after epoch {epoch}"), epoch=7)
    >>> m.text("en")
    'their values after epoch 7'
    >>> m.text("ja")
    'エポック 7 の後の値'
    >>> (Message(N_("seed {seed}"), seed=3) + " / " + m).text("ja")
    'シード 3 / エポック 7 の後の値'
    """

    def __init__(self, template="", **values):
        self.parts = [(template, values)] if template else []

    @classmethod
    def _of(cls, parts):
        made = cls()
        made.parts = parts
        return made

    def __add__(self, other):
        if isinstance(other, Message):
            return Message._of(self.parts + other.parts)
        return Message._of(self.parts + [(other, None)])

    def __radd__(self, other):
        return Message._of([(other, None)] + self.parts)

    def text(self, language=None):
        """The message in `language` (``"en"`` or ``"ja"``; default: the language in force)."""
        language = language or get_language()
        gettext_ = translation(language).gettext
        shown = []
        for template, values in self.parts:
            if values is None:  # a plain string, the same in every language
                shown.append(template)
                continue
            shown.append(gettext_(template).format(**{
                name: value.text(language) if isinstance(value, Message) else value
                for name, value in values.items()}))
        return "".join(shown)

    def __str__(self):
        return self.text()

    def __repr__(self):
        return f"Message({self.text('en')!r})"

    def __eq__(self, other):
        return isinstance(other, Message) and self.parts == other.parts

    __hash__ = None


def record_twin(said):
    """A docs build: keep a diagnostic's text in both languages, for the Japanese edition.

    `said` has ``text(language)`` (a :class:`~bpteach.diagnostics.TrainingWarning`, a
    :class:`~bpteach.training.TrainingDiverged`). ``BPTEACH_REPORT_TWINS`` names a folder (set
    by ``docs/_ext/exercise_pages.py`` for the English build, which runs the gallery): each
    diagnostic shown there leaves one JSON file, ``{"en": ..., "ja": ..., "wrapped": true}``,
    and the Japanese build puts the Japanese in place of the English wherever a page's printed
    output shows it, however the script wrapped its lines.
    """
    folder = os.environ.get("BPTEACH_REPORT_TWINS")
    if not folder or get_language() == "ja":
        return
    import hashlib
    import json

    english, japanese = said.text("en"), said.text("ja")
    if english == japanese:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    name = "diagnostic-" + hashlib.sha256(english.encode("utf-8")).hexdigest()[:16] + ".json"
    (Path(folder) / name).write_text(json.dumps({"en": english, "ja": japanese, "wrapped": True},
                                                ensure_ascii=False), encoding="utf-8")
