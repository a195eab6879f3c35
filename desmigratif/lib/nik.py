"""NIK (Nomor Induk Kependudukan) parsing and checks.

Format (DOMAIN-RULES E1–E6): ``PP KK CC DD MM YY SSSS`` — the district where the NIK was first
registered (6 digits), the birth date DDMMYY with 40 added to the day for women, and a serial
from 0001. There is no checksum. The structure is checked with python-stdnum; the century is
ambiguous, so the date is cross-checked against the declared birth date instead of guessed.
Whether the district prefix exists in the current region edition is the caller's concern: old
NIKs keep the code of their first registration, so an unknown prefix is only a warning.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik
from stdnum.util import isdigits

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40

NIK_NOT_DIGITS = _("NIK must contain digits only.")
NIK_BAD_LENGTH = _("NIK must be exactly 16 digits.")
NIK_BAD_DATE = _("The birth date encoded in this NIK (digits 7–12) is not a real date.")
NIK_ZERO_SERIAL = _("The last four digits of a NIK (the serial) cannot be 0000.")
NIK_ZERO_REGION = _("The first six digits of a NIK must be a district code.")
NIK_DATE_MISMATCH = _("The NIK encodes the birth date %(nik_date)s, but the birth date entered is %(birth_date)s.")
NIK_SEX_MISMATCH = _(
    "The NIK encodes a %(nik_sex)s, but the sex entered is %(sex)s. For women, 40 is added to the birth day."
)
NIK_UNKNOWN_REGION = _(
    "The district code %(code)s at the start of this NIK is not in the current region list. "
    "This is normal for an old NIK from a district that has since been split or renamed; check the KTP."
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SEX_MALE = "M"
SEX_FEMALE = "F"


class NikError(ValueError):
    """A NIK that cannot be right. ``message`` is translatable, ``params`` fill it."""

    def __init__(self, message: StrOrPromise, params: dict[str, str] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.params = params or {}


@dataclass(frozen=True)
class ParsedNik:
    number: str
    district_code: str  # dotted Kemendagri code, e.g. "35.07.33"
    sex: str  # SEX_MALE or SEX_FEMALE
    day: int
    month: int
    year2: int  # two-digit year; the century is not encoded
    serial: str

    def matches_birth_date(self, birth_date: datetime.date) -> bool:
        return (birth_date.day, birth_date.month, birth_date.year % 100) == (
            self.day,
            self.month,
            self.year2,
        )

    def encoded_date_display(self) -> str:
        return f"{self.day:02d}-{self.month:02d}-{self.year2:02d}"


def normalise(raw: str) -> str:
    """Strip spaces, dots and dashes people type or paste from a KTP."""
    return str(stdnum_nik.compact(raw or ""))


def parse(raw: str) -> ParsedNik:
    """Parse a NIK and check its structure; raise NikError when it cannot be valid."""
    number = normalise(raw)
    if not isdigits(number):
        raise NikError(NIK_NOT_DIGITS)
    if len(number) != NIK_LENGTH:
        raise NikError(NIK_BAD_LENGTH)
    encoded_day = int(number[6:8])
    # stdnum takes the day modulo 40, which would read 81–99 as a woman's day 1–19; the day is
    # 1–31 for men and 41–71 for women, nothing above.
    if encoded_day > FEMALE_DAY_OFFSET + 31:
        raise NikError(NIK_BAD_DATE)
    try:
        # stdnum tries 19YY then 20YY; failing both means no century makes it a real date.
        stdnum_nik.get_birth_date(number)
    except StdnumError as exc:
        raise NikError(NIK_BAD_DATE) from exc
    if number[12:16] == "0000":
        raise NikError(NIK_ZERO_SERIAL)
    if number[0:2] == "00" or number[2:4] == "00" or number[4:6] == "00":
        raise NikError(NIK_ZERO_REGION)
    sex = SEX_FEMALE if encoded_day > FEMALE_DAY_OFFSET else SEX_MALE
    return ParsedNik(
        number=number,
        district_code=f"{number[0:2]}.{number[2:4]}.{number[4:6]}",
        sex=sex,
        day=encoded_day - FEMALE_DAY_OFFSET if encoded_day > FEMALE_DAY_OFFSET else encoded_day,
        month=int(number[8:10]),
        year2=int(number[10:12]),
        serial=number[12:16],
    )


def mask(number: str) -> str:
    """Show the registration region and the serial, hide the birth date: 3507********0001."""
    if len(number) != NIK_LENGTH:
        return "*" * len(number)
    return f"{number[:4]}{'*' * 8}{number[12:]}"


def build(*, district_code: str, birth_date: datetime.date, sex: str, serial: int) -> str:
    """Compose a NIK; used by the demo generator and tests to make numbers that are valid."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == SEX_FEMALE else 0)
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    return f"{district_code.replace('.', '')}{day:02d}{birth_date:%m}{birth_date:%y}{serial:04d}"
