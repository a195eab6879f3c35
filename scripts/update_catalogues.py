"""Regenerate and fill the message catalogues (developer tool).

Runs makemessages for id and en, fills the English catalogue with msgstr = msgid (the msgids are
English), and, given a translations module, fills untranslated Indonesian entries from it. Run:

    uv run python scripts/update_catalogues.py [path/to/translations.py]

where the translations module defines ``T = {msgid: msgstr}`` and ``P = {(msgid, plural): msgstr}``.
Entries it cannot fill stay empty, and ``make check`` (scripts/check_messages.py) reports them.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "desmigratif" / "locale"


def makemessages() -> None:
    subprocess.run(
        [
            sys.executable,
            "../manage.py",
            "makemessages",
            "--locale",
            "id",
            "--locale",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=ROOT / "desmigratif",
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fill_english() -> None:
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Language"] = "en"
    po.metadata_is_fuzzy = False
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save()


def fill_indonesian(translations: Path | None) -> None:
    po = polib.pofile(str(LOCALE / "id" / "LC_MESSAGES" / "django.po"))
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "id"
    po.metadata_is_fuzzy = False
    singular: dict[str, str] = {}
    plural: dict[tuple[str, str], str] = {}
    if translations is not None:
        spec = importlib.util.spec_from_file_location("translations", translations)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        singular, plural = module.T, module.P
    for entry in po:
        if "fuzzy" in entry.flags:
            # msgmerge's guess from a similar msgid is not a translation: start again.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            entry.msgstr = ""
            entry.msgstr_plural = {0: ""} if entry.msgid_plural else {}
        if entry.msgid_plural:
            if not entry.msgstr_plural.get(0) and (entry.msgid, entry.msgid_plural) in plural:
                entry.msgstr_plural = {0: plural[(entry.msgid, entry.msgid_plural)]}
        elif not entry.msgstr and entry.msgid in singular:
            entry.msgstr = singular[entry.msgid]
    po.save()


if __name__ == "__main__":
    makemessages()
    fill_english()
    fill_indonesian(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
