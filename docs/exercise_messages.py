"""The catalogue of the exercise checks' messages: ``python docs/exercise_messages.py``.

Every message that ``bpteach/exercises/`` and the training diagnostics (``bpteach/diagnostics.py``,
``_run.py``, ``stacked.py``, ``training.py``) mark for translation (``_("...")``,
``N_("...")``, ``ngettext("...", "...", n)``) is extracted into
``bpteach/locale/ja/LC_MESSAGES/bpteach.po``, keeping the translations already there
(a message whose English changed starts again untranslated); then the catalogue is
compiled into ``bpteach.mo`` beside it, which the package loads with :mod:`gettext`
(committed, so that the wheel and a checkout hold it without a build step).
``make po`` runs this; ``make ja-style`` recompiles after fixing the style
(``--compile`` compiles only). The package tier's tests fail while a message is missing,
untranslated or fuzzy, or while ``bpteach.mo`` is not the compilation of ``bpteach.po``.
"""

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
#: The modules whose messages are marked: the exercise checks, and the training diagnostics
#: (TrainingWarning, TrainingDiverged and the log line of a diverged copy).
SOURCES = [*sorted((ROOT / "bpteach" / "exercises").glob("*.py")),
           *(ROOT / "bpteach" / name for name in ("diagnostics.py", "_run.py", "stacked.py", "training.py"))]
PO = ROOT / "bpteach" / "locale" / "ja" / "LC_MESSAGES" / "bpteach.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
DATE = datetime(2026, 1, 1, tzinfo=UTC)  # fixed: the files depend on their messages alone


def extract():
    """Every marked message of the SOURCES, in order: ``[(msgid or (singular, plural), place)]``."""
    found = {}
    for path in SOURCES:
        for _lineno, message, _comments, _context in extract_from_file(
                "python", path, keywords=KEYWORDS, strip_comment_tags=True):
            place = (path.relative_to(ROOT).as_posix(), None)  # no line numbers: no churn when code moves
            found.setdefault(message, []).append(place)
    return found


def _new_catalog():
    return Catalog(locale="ja", domain="bpteach", project="bpteach", version="",
                   copyright_holder="the bpteach developers", msgid_bugs_address="",
                   creation_date=DATE, revision_date=DATE, language_team="the bpteach developers",
                   last_translator="the bpteach developers", fuzzy=False)


def read():
    """The catalogue as it is (an empty one if there is none yet)."""
    if not PO.exists():
        return _new_catalog()
    with PO.open("rb") as f:
        return read_po(f, locale="ja")


def update():
    """Bring bpteach.po up to date with the sources; return (messages, untranslated)."""
    old = read()
    new = _new_catalog()
    for message, places in extract().items():
        key = message[0] if isinstance(message, tuple) else message
        before = old.get(key)
        string = before.string if before is not None and before.id == message else (
            ("", "") if isinstance(message, tuple) else "")
        new.add(message, string, locations=places,
                flags=("python-brace-format",) if "{" in key else ())
    write(new)
    untranslated = [m.id for m in new if m.id and not (all(m.string) if isinstance(m.string, tuple)
                                                         else m.string)]
    return len([m for m in new if m.id]), untranslated


def write(catalog):
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, sort_output=False, include_previous=False, omit_header=False)
    compile_catalog()


def compiled(catalog=None):
    """The bytes of the .mo file that `catalog` (default: bpteach.po) compiles to."""
    catalog = catalog or read()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalog():
    MO.write_bytes(compiled())


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    PO.parent.mkdir(parents=True, exist_ok=True)
    if "--compile" in argv:
        compile_catalog()
        return 0
    total, untranslated = update()
    print(f"{PO.relative_to(ROOT)}: {total} messages, {len(untranslated)} untranslated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
