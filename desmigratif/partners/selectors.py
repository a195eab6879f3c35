"""Reads of the partners app, always through the user's scope.

Organisations and programmes are national reference data: whoever may see partner programmes sees
them all, with the figures of their own area only. Village support is scoped by its village;
referrals by the person's village, for users who may see both partner programmes and people.
Partners (role PARTNER) see none of these rows: only ``partner_figures``, with small counts hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import Scope, scope_for
from desmigratif.core.selectors import one
from desmigratif.monitoring import selectors as monitoring
from desmigratif.partners.models import (
    TAKEN_UP_STATUSES,
    Organisation,
    Programme,
    Referral,
    ReferralEvent,
    VillageSupport,
)
from desmigratif.people.models import Person
from desmigratif.regions.models import Village

NOT_FOUND = _("This page does not exist, or it is outside your area.")
CANNOT_CHANGE = _("You can see this record but not change it.")
# The largest id a database row can have (SQLite refuses to even compare a larger integer).
MAX_ID = 2**63 - 1


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404(NOT_FOUND)
    return value


def _scope_q(scope: Scope, field: str) -> Q | None:
    """A filter for an annotation (None: the whole country, no filter)."""
    return None if scope.is_national else scope.q(field)


def can_view(user: Any) -> bool:
    return not scope_for(user, Perm.PARTNERS_VIEW).is_empty


def can_change(user: Any) -> bool:
    return not scope_for(user, Perm.PARTNERS_CHANGE).is_empty


def can_refer(user: Any) -> bool:
    return not scope_for(user, Perm.REFERRALS_CHANGE).is_empty


def _require_view(user: Any) -> Scope:
    scope = scope_for(user, Perm.PARTNERS_VIEW)
    if scope.is_empty:
        raise Http404(NOT_FOUND)
    return scope


# --- Organisations and programmes -----------------------------------------------------------------


def organisations_for_user(user: Any) -> QuerySet[Organisation]:
    if not can_view(user):
        return Organisation.objects.none()
    return Organisation.objects.annotate(programme_count=Count("programmes")).order_by("name", "id")


def get_organisation_for_user(user: Any, organisation_id: int, *, for_write: bool = False) -> Organisation:
    organisation = one(organisations_for_user(user).filter(pk=_id(organisation_id)))
    if organisation is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change(user):
        raise PermissionDenied(CANNOT_CHANGE)
    return organisation


@dataclass(frozen=True)
class ProgrammeFilter:
    organisation: int | None = None
    pillar: str = ""
    active: str = ""  # "", "yes", "no"


def programmes_for_user(user: Any, filters: ProgrammeFilter | None = None) -> QuerySet[Programme]:
    """Programmes with the number of villages they support and of referrals, in the user's area."""
    if not can_view(user):
        return Programme.objects.none()
    f = filters or ProgrammeFilter()
    qs = Programme.objects.all()
    if f.organisation:
        qs = qs.filter(organisation_id=f.organisation)
    if f.pillar:
        qs = qs.filter(pillar=f.pillar)
    if f.active:
        qs = qs.filter(is_active=f.active == "yes")
    supports = _scope_q(scope_for(user, Perm.PARTNERS_VIEW), "supports__village__code")
    return (
        qs.select_related("organisation")
        .annotate(village_count=Count("supports__village", filter=supports, distinct=True))
        .order_by("name", "id")
    )


def get_programme_for_user(user: Any, programme_id: int, *, for_write: bool = False) -> Programme:
    _require_view(user)
    programme = one(Programme.objects.select_related("organisation").filter(pk=_id(programme_id)))
    if programme is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change(user):
        raise PermissionDenied(CANNOT_CHANGE)
    return programme


def active_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_active=True).select_related("organisation").order_by("name", "id")


# --- Village support ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportFilter:
    programme: int | None = None
    village: str = ""


def supports_for_user(user: Any, filters: SupportFilter | None = None) -> QuerySet[VillageSupport]:
    f = filters or SupportFilter()
    qs = scope_for(user, Perm.PARTNERS_VIEW).apply(VillageSupport.objects.all(), "village__code")
    if f.programme:
        qs = qs.filter(programme_id=f.programme)
    if f.village:
        qs = qs.filter(village_id=f.village)
    return qs.select_related("programme__organisation", "village__district").order_by("-since", "-id")


def get_support_for_user(user: Any, support_id: int) -> VillageSupport:
    support = one(supports_for_user(user).filter(pk=_id(support_id)))
    if support is None:
        raise Http404(NOT_FOUND)
    return support


def villages_for_support(user: Any) -> QuerySet[Village]:
    """The programme villages where the user may record support (a country holds 80,000 villages)."""
    scope = scope_for(user, Perm.PARTNERS_CHANGE)
    qs = scope.apply(Village.objects.filter(is_active=True, program__isnull=False), "code")
    return qs.select_related("district").order_by("name", "code")


def get_village_for_user(user: Any, code: str) -> Village:
    village = Village.objects.filter(code=code[:13]).select_related("district__regency").first()
    if village is None or not scope_for(user, Perm.PARTNERS_VIEW).contains(village.code):
        raise Http404(NOT_FOUND)
    return village


# --- Referrals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralFilter:
    programme: int | None = None
    status: str = ""


def _visible_referrals(user: Any) -> QuerySet[Referral]:
    """The one place the referral scope is applied: the partner and the people scope both."""
    qs = scope_for(user, Perm.PARTNERS_VIEW).apply(Referral.objects.all(), "village__code")
    return scope_for(user, Perm.PEOPLE_VIEW).apply(qs, "village__code")


def referrals_for_user(user: Any, filters: ReferralFilter | None = None) -> QuerySet[Referral]:
    f = filters or ReferralFilter()
    qs = _visible_referrals(user)
    if f.programme:
        qs = qs.filter(programme_id=f.programme)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.select_related("person", "programme__organisation", "village").order_by("-referred_on", "-id")


def get_referral_for_user(user: Any, referral_id: int, *, for_write: bool = False) -> Referral:
    referral = one(
        _visible_referrals(user)
        .select_related("person__domicile_village", "programme__organisation", "village", "created_by")
        .filter(pk=_id(referral_id))
    )
    if referral is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change_referral(user, referral):
        raise PermissionDenied(CANNOT_CHANGE)
    return referral


def can_change_referral(user: Any, referral: Referral) -> bool:
    return scope_for(user, Perm.REFERRALS_CHANGE).contains(referral.village_id)


def referral_history(referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("actor").order_by("at", "id")


def people_for_referral(user: Any) -> QuerySet[Person]:
    """Everyone the user may refer: in both their referral and their people-view area."""
    field = "domicile_village__code"
    people = scope_for(user, Perm.PEOPLE_VIEW).apply(Person.objects.all(), field)
    return scope_for(user, Perm.REFERRALS_CHANGE).apply(people, field)


def referral_candidates(user: Any, q: str, limit: int = 20) -> list[Person]:
    term = " ".join(q.split())[:100]
    if not term:
        return []
    qs = people_for_referral(user).select_related("domicile_village").filter(full_name__icontains=term)
    return list(qs.order_by("full_name", "id")[:limit])


def referrals_for_export(user: Any, filters: ReferralFilter | None = None) -> QuerySet[Referral]:
    return referrals_for_user(user, filters)


# --- Aggregates for partners ----------------------------------------------------------------------


@dataclass
class Count_:
    value: int | None
    suppressed: bool = False  # a count of 1–4, shown as "< 5"
    # Not small itself, but with the row's other count it would give away a small one (taken up 5
    # of 6 referred: 1 not taken up), so it is hidden too.
    withheld: bool = False


@dataclass
class AggregateRow:
    key: str
    label: str
    villages: Count_
    referrals: Count_
    taken_up: Count_
    uptake: Decimal | None  # a percentage to one decimal, None when hidden or nothing to divide


def _count(value: int, suppress: bool) -> Count_:
    # The monitoring rule (monitoring.selectors.is_small): counts of 1–4 are hidden from partners.
    if suppress and monitoring.is_small(value):
        return Count_(None, True)
    return Count_(value)


def _row(key: str, label: str, counts: list[int], suppress: bool) -> AggregateRow:
    villages, referrals, taken = counts
    r, t = _count(referrals, suppress), _count(taken, suppress)
    if suppress and not r.suppressed and not t.suppressed and monitoring.is_small(referrals - taken):
        # The referrals not taken up are a count too: hidden with what would give them away.
        t = Count_(None, withheld=True)
    uptake = None
    if referrals and t.value is not None and not r.suppressed:
        uptake = (Decimal(taken * 100) / referrals).quantize(Decimal("0.1"))
    return AggregateRow(key, label, Count_(villages), r, t, uptake)


def aggregate_region(user: Any, code: str) -> str:
    """The region whose figures the user asks for ("" the nation): inside their aggregates scope."""
    if code:
        monitoring.region_for_user(user, code)
        return code
    return monitoring.home_region(user)


def partner_figures(user: Any, code: str) -> tuple[list[AggregateRow], list[AggregateRow], bool]:
    """Villages supported, referrals, taken up and uptake per programme and per sub-region of
    ``code``: four grouped queries, names of programmes and regions only, never of people."""
    suppress = monitoring.suppresses(user, code)
    supports = VillageSupport.objects.all()
    referrals = Referral.objects.all()
    if code:
        region = Q(village_id=code) | Q(village__code__startswith=code + ".")
        supports, referrals = supports.filter(region), referrals.filter(region)
    taken = Q(status__in=TAKEN_UP_STATUSES)
    by_programme: dict[int, list[int]] = {}
    for row in supports.values("programme_id").annotate(n=Count("village", distinct=True)).order_by():
        by_programme.setdefault(row["programme_id"], [0, 0, 0])[0] = row["n"]
    for row in referrals.values("programme_id").annotate(n=Count("pk"), t=Count("pk", filter=taken)).order_by():
        counts = by_programme.setdefault(row["programme_id"], [0, 0, 0])
        counts[1], counts[2] = row["n"], row["t"]
    names = {p.pk: f"{p.name} · {p.organisation}" for p in Programme.objects.select_related("organisation")}
    programmes = sorted(
        (_row(str(pk), names.get(pk, str(pk)), counts, suppress) for pk, counts in by_programme.items()),
        key=lambda r: r.label,
    )
    length = monitoring.child_length(code)
    regions: list[AggregateRow] = []
    if length is not None:
        by_region: dict[str, list[int]] = {}
        child = Substr("village_id", 1, length)
        for row in (
            supports.annotate(child=child).values("child").annotate(n=Count("village", distinct=True)).order_by()
        ):
            by_region.setdefault(row["child"], [0, 0, 0])[0] = row["n"]
        grouped = referrals.annotate(child=child).values("child")
        for row in grouped.annotate(n=Count("pk"), t=Count("pk", filter=taken)).order_by():
            counts = by_region.setdefault(row["child"], [0, 0, 0])
            counts[1], counts[2] = row["n"], row["t"]
        region_names = monitoring.region_names(list(by_region))
        regions = sorted(
            (
                _row(key, region_names.get(key, key), counts, monitoring.suppresses(user, key))
                for key, counts in by_region.items()
            ),
            key=lambda r: r.label,
        )
    return programmes, regions, suppress
