"""The offer a worker received, as plain answers: the input of the screening engine."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Recruiter(models.TextChoices):
    AGENCY = "agency", _("A placement agency (P3MI) that says it is licensed")
    COMPANY = "company", _("A company without a placement licence")
    INDIVIDUAL = "individual", _("A person (calo, sponsor, relative or neighbour)")
    GOVERNMENT = "government", _("The government (G to G, BP2MI/KP2MI)")
    UNKNOWN = "unknown", _("I don't know")


class Employer(models.TextChoices):
    INDIVIDUAL = "individual", _("A person or household")
    LEGAL_ENTITY = "legal_entity", _("A company or institution")
    UNKNOWN = "unknown", _("I don't know")


class Visa(models.TextChoices):
    WORK = "work", _("Work visa")
    VISIT = "visit", _("Tourist or visit visa")
    UMRAH = "umrah", _("Umrah or ziarah visa")
    INTERNSHIP = "internship", _("Internship (magang) or study")
    UNKNOWN = "unknown", _("I don't know")


class PaidTo(models.TextChoices):
    AGENCY = "agency", _("The agency, with a receipt")
    INDIVIDUAL = "individual", _("A person (calo, sponsor or agent)")


class PassportHolder(models.TextChoices):
    WORKER = "worker", _("The worker")
    AGENCY = "agency", _("The agency or recruiter")
    EMPLOYER = "employer", _("The employer")


class Route(models.TextChoices):
    OFFICIAL = "official", _("An official airport or seaport in Indonesia")
    UNOFFICIAL = "unofficial", _("An unofficial port (pelabuhan tikus) or overland")
    VIA_NEIGHBOUR = "via_neighbour", _("Through a neighbouring country first")


WRONG_VISAS = frozenset({Visa.VISIT, Visa.UMRAH, Visa.INTERNSHIP})


@dataclass(frozen=True)
class Offer:
    """Answers about an offer. ``None`` (or an empty string) means not answered or not known.

    ``nik`` is only read, never stored or logged by the screening.
    """

    recruiter: str = Recruiter.UNKNOWN
    agency: str = ""  # licence (SIP3MI) number or name, when the recruiter says it is an agency
    country: str = ""  # ISO 3166-1 alpha-2
    job_id: int | None = None
    job_text: str = ""
    employer: str = Employer.UNKNOWN
    visa: str = Visa.UNKNOWN
    contract_seen: bool | None = None  # work agreement (Perjanjian Kerja, PK)
    placement_agreement: bool | None = None  # Perjanjian Penempatan (PP)
    fee_amount: Decimal | None = None  # rupiah asked from the worker
    fee_paid_to: str = ""
    passport_holder: str = ""
    birth_date: datetime.date | None = None
    nik: str = ""
    departure_date: datetime.date | None = None
    family_permission: bool | None = None  # acknowledged by the village head
    registered: bool | None = None  # SISKOP2MI / E-KPMI
    route: str = ""
    high_pay_fast: bool | None = None
    female_with_infant: bool | None = None

    def answers(self) -> dict[str, Any]:
        """The answers as JSON-ready values, without the NIK (kept only while screening)."""
        data = asdict(self)
        data.pop("nik")
        data["nik_given"] = bool(self.nik)
        for key, value in data.items():
            if isinstance(value, Decimal | datetime.date):
                data[key] = str(value) if isinstance(value, Decimal) else value.isoformat()
        return data
