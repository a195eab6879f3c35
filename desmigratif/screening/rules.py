"""The screening engine: one small check per rule code, over an ``Offer``.

Which rules exist, their severity, texts, legal basis and validity dates are data
(``ScreeningRule`` rows); this module only says when each code matches. A rule row without a check
here is never raised (RF13, forced-labour indicators during work, cannot be seen in an offer); a
check without a row in force on the day is not run.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from desmigratif.agencies.models import Agency, AgencyStatus
from desmigratif.lib import nik as nik_lib
from desmigratif.lib.countries import country_name, is_country
from desmigratif.migration.selectors import min_placement_age
from desmigratif.placement import selectors as placement
from desmigratif.placement.models import Job, MoratoriumCountry, ProtectedCost, SpskJob, ZeroCostJob
from desmigratif.screening.models import SEVERITY_ORDER, ScreeningRule, Severity
from desmigratif.screening.offer import (
    WRONG_VISAS,
    Employer,
    Offer,
    PaidTo,
    PassportHolder,
    Recruiter,
    Route,
    Visa,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DETAIL_AGENCY_NOT_FOUND = _("No licensed agency with the number or name “%(agency)s” is in the registry.")
DETAIL_AGENCY_STATUS = _("%(agency)s (SIP3MI %(number)s) is %(status)s in the registry.")
DETAIL_LICENCE_DATES = _("The licence of %(agency)s (SIP3MI %(number)s) is not valid today.")
DETAIL_VISA = _("Visa named in the offer: %(visa)s.")
DETAIL_NO_PK = _("No work agreement (Perjanjian Kerja) was shown.")
DETAIL_NO_PP = _("No placement agreement (Perjanjian Penempatan) was shown.")
DETAIL_FEE = _("Amount asked: Rp%(amount)s.")
DETAIL_ZERO_COST_JOB = _("%(job)s is a zero-cost job.")
DETAIL_MORATORIUM = _("%(country)s is on the moratorium list “%(list)s” (%(basis)s).")
DETAIL_SPSK = _("%(job)s in %(country)s is open under SPSK (%(basis)s).")
DETAIL_UNDER_AGE = _("The worker would be %(age)s years old on the departure date.")
DETAIL_NIK_DATE = _("The NIK encodes the birth date %(nik_date)s, but the birth date given is %(birth_date)s.")
DETAIL_NIK_INVALID = _("The NIK given is not valid: %(reason)s")
DETAIL_PASSPORT = _("The passport is kept by: %(holder)s.")
DETAIL_NOT_REGISTERED = _("Registration in SISKOP2MI: %(answer)s.")
DETAIL_ROUTE = _("Departure route: %(route)s.")
ANSWER_NO = _("no")
ANSWER_UNKNOWN = _("not known")


class Text:
    """A translatable message with its parameters, rendered in the language active when shown."""

    def __init__(self, message: StrOrPromise, **params: Any) -> None:
        self.message = message
        self.params = params

    def __str__(self) -> str:
        params = {k: (str(v) if not isinstance(v, int) else v) for k, v in self.params.items()}
        return str(self.message) % params if params else str(self.message)


@dataclass
class Hit:
    """What a check found: details naming the facts, and listed items (costs the worker may not pay)."""

    details: list[Text] = field(default_factory=list)
    items: list[ProtectedCost] = field(default_factory=list)


@dataclass
class Finding:
    rule: ScreeningRule
    hit: Hit

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def warning(self) -> bool:
        """A finding of an unconfirmed rule: a warning only, never a block."""
        return not self.rule.confirmed

    @property
    def severity(self) -> str:
        if self.warning and self.rule.severity in (Severity.HIGH, Severity.MEDIUM):
            return str(Severity.LOW)
        return str(self.rule.severity)

    def as_json(self) -> dict[str, Any]:
        """A snapshot in both languages, for saving with a case."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "warning": self.warning,
            "rule_id": self.rule.pk,
            "rule_valid_from": self.rule.valid_from.isoformat(),
            "legal_basis": self.rule.legal_basis,
        }
        for language in ("id", "en"):
            with override(language):
                data[language] = {
                    "title": self.rule.title,
                    "explanation": self.rule.explanation,
                    "advice": self.rule.advice,
                    "details": [str(d) for d in self.hit.details],
                    "items": [c.name for c in self.hit.items],
                }
        return data

    def shown(self) -> dict[str, Any]:
        """The finding in the active language, in the shape templates and the API show."""
        return {
            "code": self.code,
            "severity": self.severity,
            "warning": self.warning,
            "legal_basis": self.rule.legal_basis,
            "title": self.rule.title,
            "explanation": self.rule.explanation,
            "advice": self.rule.advice,
            "details": [str(d) for d in self.hit.details],
            "items": [c.name for c in self.hit.items],
        }


class Context:
    """The offer and what the registries say about it on a day; each lookup runs at most once."""

    def __init__(self, offer: Offer, on: datetime.date) -> None:
        self.offer = offer
        self.on = on

    @cached_property
    def agency(self) -> Agency | None:
        term = " ".join(self.offer.agency.split())
        if not term:
            return None
        return (
            Agency.objects.filter(licence_number__iexact=term).first()
            or Agency.objects.filter(name__iexact=term).order_by("id").first()
        )

    @cached_property
    def job(self) -> Job | None:
        if self.offer.job_id is not None:
            return Job.objects.filter(pk=self.offer.job_id).first()
        text = " ".join(self.offer.job_text.split())
        if not text:
            return None
        return Job.objects.filter(name_id__iexact=text).first() or Job.objects.filter(name_en__iexact=text).first()

    @cached_property
    def min_age(self) -> int | None:
        """The placement's minimum age in force (18, UU 18/2017 Pasal 5), from the step data."""
        return min_placement_age(self.on)

    @cached_property
    def zero_cost(self) -> ZeroCostJob | None:
        return placement.zero_cost_rule(self.job, self.on) if self.job else None

    @cached_property
    def moratorium(self) -> MoratoriumCountry | None:
        return (
            placement.moratorium_for(self.offer.country, Employer.INDIVIDUAL, self.on) if self.offer.country else None
        )

    @cached_property
    def spsk(self) -> SpskJob | None:
        if not (self.offer.country and self.job):
            return None
        return placement.spsk_rule(self.offer.country, self.job, self.on)

    @cached_property
    def nik(self) -> nik_lib.ParsedNik | nik_lib.NikError | None:
        if not self.offer.nik:
            return None
        try:
            return nik_lib.parse(self.offer.nik)
        except nik_lib.NikError as exc:
            return exc

    @cached_property
    def birth_date(self) -> datetime.date | None:
        """The declared birth date, else the one a valid NIK encodes (the latest plausible century)."""
        if self.offer.birth_date:
            return self.offer.birth_date
        parsed = self.nik
        if not isinstance(parsed, nik_lib.ParsedNik):
            return None
        for century in (2000, 1900):
            try:
                day = datetime.date(century + parsed.year2, parsed.month, parsed.day)
            except ValueError:
                continue
            if day <= self.on:
                return day
        return None


Check = Callable[[Context], Hit | None]
CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    def register(func: Check) -> Check:
        CHECKS[code] = func
        return func

    return register


def _hit(*details: Text, items: list[ProtectedCost] | None = None) -> Hit:
    return Hit(details=list(details), items=items or [])


def _answer(value: bool | None) -> StrOrPromise:
    return ANSWER_UNKNOWN if value is None else ANSWER_NO


# --- A4 red flags -------------------------------------------------------------------------------


@check("RF1")
def wrong_visa(ctx: Context) -> Hit | None:
    if ctx.offer.visa in WRONG_VISAS:
        return _hit(Text(DETAIL_VISA, visa=Visa(ctx.offer.visa).label))
    return None


@check("RF2")
def no_contract(ctx: Context) -> Hit | None:
    details = []
    if ctx.offer.contract_seen is False:
        details.append(Text(DETAIL_NO_PK))
    if ctx.offer.placement_agreement is False:
        details.append(Text(DETAIL_NO_PP))
    return _hit(*details) if details else None


@check("RF3")
def no_family_permission(ctx: Context) -> Hit | None:
    return _hit() if ctx.offer.family_permission is False else None


@check("RF4")
def unlicensed_recruiter(ctx: Context) -> Hit | None:
    recruiter = ctx.offer.recruiter
    if recruiter in (Recruiter.INDIVIDUAL, Recruiter.COMPANY):
        return _hit()
    if recruiter == Recruiter.AGENCY and ctx.agency is None:
        return _hit(Text(DETAIL_AGENCY_NOT_FOUND, agency=" ".join(ctx.offer.agency.split()) or "—"))
    return None


@check("RECRUITER_UNKNOWN")
def recruiter_unknown(ctx: Context) -> Hit | None:
    return _hit() if ctx.offer.recruiter == Recruiter.UNKNOWN else None


@check("RF5")
def fees_to_individual(ctx: Context) -> Hit | None:
    offer = ctx.offer
    if offer.fee_amount and offer.fee_amount > 0 and offer.fee_paid_to == PaidTo.INDIVIDUAL:
        return _hit(Text(DETAIL_FEE, amount=f"{offer.fee_amount:,.0f}".replace(",", ".")))
    return None


@check("RF6")
def moratorium_individual_employer(ctx: Context) -> Hit | None:
    row = ctx.moratorium
    if row is None or ctx.offer.employer != Employer.INDIVIDUAL:
        return None
    return _hit(_moratorium_detail(ctx, row))


@check("A3_EMPLOYER_UNKNOWN")
def moratorium_employer_unknown(ctx: Context) -> Hit | None:
    row = ctx.moratorium
    if row is None or ctx.offer.employer != Employer.UNKNOWN:
        return None
    return _hit(_moratorium_detail(ctx, row))


@check("A3_SPSK")
def spsk_only_selected_agencies(ctx: Context) -> Hit | None:
    if ctx.moratorium is None or ctx.offer.employer != Employer.LEGAL_ENTITY or ctx.spsk is None:
        return None
    assert ctx.job is not None
    return _hit(
        Text(DETAIL_SPSK, job=ctx.job.name, country=country_name(ctx.offer.country), basis=ctx.spsk.legal_basis)
    )


def _moratorium_detail(ctx: Context, row: MoratoriumCountry) -> Text:
    return Text(
        DETAIL_MORATORIUM,
        country=country_name(ctx.offer.country),
        list=row.moratorium.name,
        basis=row.moratorium.legal_basis,
    )


@check("RF7")
def under_age_or_falsified(ctx: Context) -> Hit | None:
    details = []
    parsed = ctx.nik
    declared = ctx.offer.birth_date
    if isinstance(parsed, nik_lib.ParsedNik) and declared and not parsed.matches_birth_date(declared):
        details.append(
            Text(DETAIL_NIK_DATE, nik_date=parsed.encoded_date_display(), birth_date=declared.strftime("%d-%m-%Y"))
        )
    born = ctx.birth_date
    if born:
        departure = ctx.offer.departure_date or ctx.on
        age = departure.year - born.year - ((departure.month, departure.day) < (born.month, born.day))
        if ctx.min_age is not None and age < ctx.min_age:
            details.append(Text(DETAIL_UNDER_AGE, age=age))
    return _hit(*details) if details else None


@check("RF8")
def invalid_nik(ctx: Context) -> Hit | None:
    parsed = ctx.nik
    if isinstance(parsed, nik_lib.NikError):
        return _hit(Text(DETAIL_NIK_INVALID, reason=Text(parsed.message, **parsed.params)))
    return None


@check("RF9")
def passport_retained(ctx: Context) -> Hit | None:
    holder = ctx.offer.passport_holder
    if holder in (PassportHolder.AGENCY, PassportHolder.EMPLOYER):
        return _hit(Text(DETAIL_PASSPORT, holder=PassportHolder(holder).label))
    return None


@check("RF10")
def not_registered(ctx: Context) -> Hit | None:
    if ctx.offer.registered is True:
        return None
    return _hit(Text(DETAIL_NOT_REGISTERED, answer=_answer(ctx.offer.registered)))


@check("RF11")
def too_good_to_be_true(ctx: Context) -> Hit | None:
    return _hit() if ctx.offer.high_pay_fast is True else None


@check("RF12")
def unofficial_route(ctx: Context) -> Hit | None:
    route = ctx.offer.route
    if route in (Route.UNOFFICIAL, Route.VIA_NEIGHBOUR):
        return _hit(Text(DETAIL_ROUTE, route=Route(route).label))
    return None


@check("RF14")
def mother_of_infant(ctx: Context) -> Hit | None:
    return _hit() if ctx.offer.female_with_infant is True else None


# --- A2 zero cost -------------------------------------------------------------------------------


@check("A2_ZERO_COST")
def fees_in_zero_cost_job(ctx: Context) -> Hit | None:
    offer = ctx.offer
    if not (offer.fee_amount and offer.fee_amount > 0) or ctx.zero_cost is None:
        return None
    assert ctx.job is not None
    return _hit(
        Text(DETAIL_FEE, amount=f"{offer.fee_amount:,.0f}".replace(",", ".")),
        Text(DETAIL_ZERO_COST_JOB, job=ctx.job.name),
        items=list(placement.protected_costs(ctx.on)),
    )


@check("A2_FEES")
def fees_to_agency_in_other_job(ctx: Context) -> Hit | None:
    """Fees paid to an agency for a job that is not zero cost: only what the cost structure allows."""
    offer = ctx.offer
    if not (offer.fee_amount and offer.fee_amount > 0) or offer.fee_paid_to == PaidTo.INDIVIDUAL:
        return None
    if ctx.zero_cost is not None:
        return None
    return _hit(Text(DETAIL_FEE, amount=f"{offer.fee_amount:,.0f}".replace(",", ".")))


# --- Licence of the agency (A2.1, A2.2) ----------------------------------------------------------


def _agency_status(ctx: Context, status: str) -> Hit | None:
    agency = ctx.agency
    if ctx.offer.recruiter != Recruiter.AGENCY or agency is None or agency.status != status:
        return None
    return _hit(
        Text(
            DETAIL_AGENCY_STATUS,
            agency=agency.name,
            number=agency.licence_number,
            status=AgencyStatus(agency.status).label,
        )
    )


@check("LICENCE_SUSPENDED")
def licence_suspended(ctx: Context) -> Hit | None:
    return _agency_status(ctx, AgencyStatus.SUSPENDED)


@check("LICENCE_REVOKED")
def licence_revoked(ctx: Context) -> Hit | None:
    return _agency_status(ctx, AgencyStatus.REVOKED)


@check("LICENCE_EXPIRED")
def licence_not_in_force(ctx: Context) -> Hit | None:
    agency = ctx.agency
    if ctx.offer.recruiter != Recruiter.AGENCY or agency is None or agency.status != AgencyStatus.ACTIVE:
        return None
    if agency.licence_valid_from <= ctx.on and (
        agency.licence_valid_until is None or ctx.on <= agency.licence_valid_until
    ):
        return None
    return _hit(Text(DETAIL_LICENCE_DATES, agency=agency.name, number=agency.licence_number))


# --- The engine ---------------------------------------------------------------------------------


def rules_in_force(on: datetime.date) -> list[ScreeningRule]:
    """One row per code: the latest version in force on the day."""
    rows: dict[str, ScreeningRule] = {}
    for rule in ScreeningRule.objects.filter(ScreeningRule.in_force_q(on)).order_by("order", "code", "-valid_from"):
        rows.setdefault(rule.code, rule)
    return list(rows.values())


@dataclass
class Result:
    on: datetime.date
    findings: list[Finding]

    @property
    def high_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.HIGH)

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def by_code(self, code: str) -> Finding:
        return next(f for f in self.findings if f.code == code)


OFFER_BAD_COUNTRY = _("Choose a destination country from the list.")
OFFER_BAD_JOB = _("Choose a job from the list.")
OFFER_BAD_FEE = _("The amount must be zero or more rupiah.")
OFFER_FUTURE_BIRTH = _("The birth date cannot be in the future.")
OFFER_DEPARTURE_BEFORE_BIRTH = _("The departure date cannot be before the birth date.")
MAX_FEE = Decimal("1000000000000")  # a trillion rupiah: beyond any offer, within the JSON and DB range
OFFER_FEE_TOO_BIG = _("The amount is too large.")


def validate(offer: Offer, ctx: Context) -> None:
    """Answers that cannot be screened: a clear message per field (shape is the form's or schema's job)."""
    errors: dict[str, list[StrOrPromise]] = {}
    if offer.country and not is_country(offer.country):
        errors["country"] = [OFFER_BAD_COUNTRY]
    if offer.job_id is not None and ctx.job is None:
        errors["job_id"] = [OFFER_BAD_JOB]
    if offer.fee_amount is not None and offer.fee_amount < 0:
        errors["fee_amount"] = [OFFER_BAD_FEE]
    elif offer.fee_amount is not None and offer.fee_amount >= MAX_FEE:
        errors["fee_amount"] = [OFFER_FEE_TOO_BIG]
    if offer.birth_date and offer.birth_date > ctx.on:
        errors["birth_date"] = [OFFER_FUTURE_BIRTH]
    elif offer.birth_date and offer.departure_date and offer.departure_date < offer.birth_date:
        errors["departure_date"] = [OFFER_DEPARTURE_BEFORE_BIRTH]
    if errors:
        raise ValidationError(errors)


def screen(offer: Offer, on: datetime.date | None = None) -> Result:
    """Run every rule in force on the day over the offer; findings most serious first.

    Raises ``ValidationError`` (by field) for answers that cannot be screened.
    """
    day = on or timezone.localdate()
    ctx = Context(offer, day)
    validate(offer, ctx)
    findings = []
    for rule in rules_in_force(day):
        run = CHECKS.get(rule.code)
        hit = run(ctx) if run else None
        if hit is not None:
            findings.append(Finding(rule=rule, hit=hit))
    findings.sort(key=lambda f: (SEVERITY_ORDER[Severity(f.severity)], f.rule.order))
    return Result(on=day, findings=findings)
