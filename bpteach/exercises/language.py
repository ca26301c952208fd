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

# The machinery is the package's (the training diagnostics speak both languages too).
from bpteach._language import (  # noqa: F401
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    N_,
    _,
    get_language,
    ngettext,
    set_language,
    translation,
    using,
)
