"""Fail when a message catalogue is incomplete: untranslated, fuzzy or with wrong placeholders.

uv run python scripts/check_messages.py desmigratif/locale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def problems(po: polib.POFile) -> list[str]:
    found = ["fuzzy: the catalogue header"] if po.metadata_is_fuzzy else []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not translations or any(not t for t in translations):
            found.append(f"untranslated: {entry.msgid!r}")
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for translation in translations:
            if set(PLACEHOLDER.findall(translation)) - expected or (
                not entry.msgid_plural and set(PLACEHOLDER.findall(translation)) != expected
            ):
                found.append(f"placeholders differ: {entry.msgid!r} -> {translation!r}")
    return found


def main(locale_dir: str) -> int:
    failed = False
    for language in ("id", "en"):
        path = Path(locale_dir) / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            print(f"{language}: missing {path}")
            failed = True
            continue
        po = polib.pofile(str(path))
        issues = problems(po)
        print(f"{language}: {len(po)} entries, {len(issues)} problems")
        for issue in issues:
            print(f"  {issue}")
        failed = failed or bool(issues)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "desmigratif/locale"))
