"""Masking of personal values wherever they are shown or logged but not needed in full."""

from __future__ import annotations

from desmigratif.lib import nik as nik_lib


def mask_nik(value: str) -> str:
    return nik_lib.mask(value)


def mask_phone(value: str) -> str:
    """+6281234567890 → +62812*****890: enough to tell numbers apart, not to call."""
    # The first six and last three characters stay; a value that short would show in full.
    if len(value) <= 9:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 9)}{value[-3:]}"


def mask_date(value: str) -> str:
    """1990-05-17 → 1990-**-**: the year stays useful (age), the day identifies."""
    return f"{value[:4]}-**-**" if len(value) >= 4 else "****"


def mask_name(value: str) -> str:
    """Siti Nur Aminah → S. N. A.: the initials only, for children's names in lists and logs."""
    return " ".join(f"{word[0]}." for word in value.split()) or "***"


def mask_text(value: str) -> str:
    return "***" if value else ""


MASKERS = {
    "nik": mask_nik,
    "phone": mask_phone,
    "birth_date": mask_date,
    "address": mask_text,
    "kk_number": mask_nik,
}


def mask_field(field: str, value: object) -> object:
    """Mask a value for the audit log if its field is personal; other values pass through."""
    if value is None or value == "":
        return value
    masker = MASKERS.get(field)
    return masker(str(value)) if masker else value
