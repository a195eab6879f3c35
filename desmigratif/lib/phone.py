"""Indonesian phone numbers, normalised to E.164 with the phonenumbers library."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext_lazy as _

PHONE_INVALID = _("Enter a valid phone number, for example 0812 3456 7890 or +62 812 3456 7890.")


class PhoneError(ValueError):
    pass


def normalise_phone(raw: str, region: str = "ID") -> str:
    """Return the number in E.164 (+62…); raise PhoneError when it cannot be a real number."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(str(PHONE_INVALID)) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneError(str(PHONE_INVALID))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    if not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164
