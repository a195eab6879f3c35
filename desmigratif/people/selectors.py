"""Reads of the people registry. Every query goes through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.core.selectors import one
from desmigratif.lib import nik as nik_lib
from desmigratif.people.models import (
    ConsentPurpose,
    Household,
    MigrantFamilyLink,
    Person,
    VillagePeopleCount,
)
from desmigratif.regions.models import Village, regency_key

NOT_FOUND = _("No such person.")
HOUSEHOLD_NOT_FOUND = _("No such household.")
CANNOT_CHANGE = _("You can see this record but not change it.")


@dataclass(frozen=True)
class PeopleFilter:
    q: str = ""
    migrant_status: str = ""
    sex: str = ""
    village: str = ""


def _visible_people(user: Any, *, by_regency: bool = False) -> QuerySet[Person]:
    """The one place the people-view scope is applied to persons.

    ``by_regency`` writes a regency's scope as the key of the index of a regency's persons in name
    order (``people_person_regency_name_idx``), for a page in name order without a search. Counts and
    searches keep the range of village codes, which PostgreSQL combines with the status and trigram
    indexes (at 1M people a status count took 3.6 ms that way and 6.4 ms by the regency key).
    """
    key = regency_key("domicile_village") if by_regency else None
    return scope_for(user, Perm.PEOPLE_VIEW).apply(Person.objects.all(), "domicile_village__code", regency_key=key)


def _nik_search(term: str) -> str:
    """The NIK digits a search term stands for, or "" when it searches names."""
    digits = nik_lib.normalise(term)
    # A number is a NIK (or its start); names never contain digits.
    return digits if digits.isdigit() and len(digits) >= 4 else ""


def _nik_prefix(digits: str) -> Q:
    """NIKs that start with ``digits``, as a range of the NIK index.

    NIKs are all digits, so "3507" starts exactly the NIKs from "3507" up to (not including) "3508"
    in any collation. A LIKE 'digits%' serves as well on PostgreSQL, but SQLite's LIKE ignores case
    and so never uses an index: 120 ms at 100,000 people (bench/people_list.py), against 1 ms.
    """
    head = digits.rstrip("9")
    if not head:
        return Q(nik__gte=digits)
    return Q(nik__gte=digits, nik__lt=head[:-1] + str(int(head[-1]) + 1))


def people_for_user(user: Any, filters: PeopleFilter | None = None) -> QuerySet[Person]:
    """People the user may see, filtered and in name order, ready for a list page.

    A page of it should go through ``people_in_page_order`` once the count is known.
    """
    f = filters or PeopleFilter()
    return (
        _filtered(user, f, by_regency=not f.q.strip())
        .select_related("domicile_village__district")
        .order_by("full_name", "id")
    )


def _filtered(user: Any, f: PeopleFilter, *, by_regency: bool) -> QuerySet[Person]:
    qs = _visible_people(user, by_regency=by_regency)
    term = f.q.strip()
    if term:
        digits = _nik_search(term)
        if not digits:
            qs = qs.filter(full_name__icontains=term)
        elif len(digits) >= nik_lib.NIK_LENGTH:
            qs = qs.filter(nik=digits)
        else:
            # Searching by the start of a NIK reveals NIK digits one by one: only where the user
            # may reveal NIKs. Elsewhere only a full NIK the user already knows finds a person.
            qs = scope_for(user, Perm.PEOPLE_REVEAL_NIK).apply(qs.filter(_nik_prefix(digits)), "domicile_village__code")
    if f.migrant_status:
        qs = qs.filter(migrant_status=f.migrant_status)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.village:
        qs = qs.filter(domicile_village_id=f.village)
    return qs


def count_people(user: Any, filters: PeopleFilter | None) -> int:
    """How many persons ``people_for_user(user, filters)`` holds.

    Without a search, a status or a sex, that is the people of the user's villages (or of the one
    village chosen): on PostgreSQL, summed from the per-village counts the triggers keep
    (``VillagePeopleCount``), a few dozen rows for a regency, where counting the persons reads an
    index entry per person (18,000 for Kabupaten Malang, a million for national staff: 60 ms).
    """
    f = filters or PeopleFilter()
    if f.q.strip() or f.migrant_status or f.sex or connection.vendor != "postgresql":
        return _filtered(user, f, by_regency=False).count()
    counts = scope_for(user, Perm.PEOPLE_VIEW).apply(VillagePeopleCount.objects.all(), "village_code")
    if f.village:
        counts = counts.filter(village_code=f.village)
    return int(counts.aggregate(n=Coalesce(Sum("people"), 0))["n"])


# Up to this many matches, a name search sorts its matches for a page; beyond, it walks the name index.
FEW_MATCHES = 5_000


def people_to_list(user: Any, filters: PeopleFilter | None = None) -> tuple[QuerySet[Person], int | None]:
    """The people of a list page (``people_for_user``) in page order, and how many they are, or None
    when the page should count them with its rows (``core.pages.page_with_count``).

    A name search in a regency or less (a village, a district; a village chosen in the filters)
    counts with its rows: the count and the page would each look the name up in the trigram index,
    the most costly part of the search (bench/README.md, eighth session), and such a scope holds too
    few people for sorting all the matches to cost much. Wider searches, and the lists that are no
    name search, count first (``count_people``) and are then planned for that count.
    """
    f = filters or PeopleFilter()
    people = people_for_user(user, f)
    if _is_name_search(f) and (f.village or scope_for(user, Perm.PEOPLE_VIEW).is_within_regencies):
        return _sorted(people), None
    count = count_people(user, f)
    return people_in_page_order(people, f, count), count


def _is_name_search(f: PeopleFilter) -> bool:
    term = f.q.strip()
    return bool(term) and not _nik_search(term)


def _sorted(people: QuerySet[Person]) -> QuerySet[Person]:
    # Name order by an expression no index serves: PostgreSQL sorts the matches it found.
    return people.order_by(Concat("full_name", Value("")), "id")


def people_in_page_order(people: QuerySet[Person], filters: PeopleFilter | None, count: int) -> QuerySet[Person]:
    """``people`` (from ``people_for_user``) in the same order, with a query plan fit for ``count`` rows.

    For a name search PostgreSQL chooses between walking the name index until a page is full and
    sorting the matches it finds through the trigram index, by its estimate of how many names match.
    The estimate can be tenfold off and the matches of a first name sit together under one letter:
    at 100,000 people, "siti" walked 36,000 index entries to fill page one (bench/people_list.py).
    The paginator's count is exact, so when it is small the page sorts the matches: the same order,
    by an expression no index serves.
    """
    if not _is_name_search(filters or PeopleFilter()) or count > FEW_MATCHES:
        return people
    return _sorted(people)


def get_person_for_user(user: Any, person_id: int, *, for_write: bool = False) -> Person:
    """The person, or 404 if it does not exist or lies outside the user's scope."""
    # What the person pages show; not who registered the person (shown nowhere): each join adds to
    # PostgreSQL's planning (0.8 ms with that one, 0.5 ms without, at 1M people).
    person = one(_visible_people(user).select_related("domicile_village__district__regency").filter(pk=person_id))
    if person is None:
        raise Http404(NOT_FOUND)
    if for_write and not scope_for(user, Perm.PEOPLE_CHANGE).contains(person.domicile_village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return person


# What the person page (people/person_detail.html) reads of a person and of their village, district
# and regency. Django compiles each column selected on every request: 39 with the whole rows.
_PERSON_PAGE_FIELDS = (
    "nik",
    "full_name",
    "sex",
    "birth_date",
    "birth_place",
    "phone",
    "address",
    "education",
    "marital_status",
    "migrant_status",
    "nik_region_unknown",
    "is_demo",
    "created_at",
    "domicile_village__name",
    "domicile_village__district__name",
    "domicile_village__district__regency__name",
)


def get_person_for_page(user: Any, person_id: int) -> Person:
    """The person as their page shows them, or 404 like ``get_person_for_user``. The other fields
    are deferred: each read costs a query, and the person is not for saving (use ``get_person_for_user``)."""
    person = one(
        _visible_people(user)
        .select_related("domicile_village__district__regency")
        .only(*_PERSON_PAGE_FIELDS)
        .filter(pk=person_id)
    )
    if person is None:
        raise Http404(NOT_FOUND)
    return person


def can_change_person(user: Any, person: Person) -> bool:
    return scope_for(user, Perm.PEOPLE_CHANGE).contains(person.domicile_village_id)


def can_reveal_nik(user: Any, person: Person) -> bool:
    return scope_for(user, Perm.PEOPLE_REVEAL_NIK).contains(person.domicile_village_id)


def villages_for_registration(user: Any) -> QuerySet[Village]:
    """Villages where the user may register people."""
    return (
        scope_for(user, Perm.PEOPLE_CHANGE)
        .apply(Village.objects.filter(is_active=True), "code")
        .select_related("district")
        .order_by("district__name", "name")
    )


def villages_for_filter(user: Any) -> QuerySet[Village]:
    """Programme villages within the user's scope, for the list filter.

    A regency holds hundreds of villages; the filter offers the few the programme works in (name
    search still finds anyone). National staff filter by search instead: no list of 400+ villages.
    """
    scope = scope_for(user, Perm.PEOPLE_VIEW)
    if scope.is_national or scope.is_empty:
        return Village.objects.none()
    return (
        scope.apply(Village.objects.filter(is_active=True, program__isnull=False), "code")
        .select_related("district")
        .order_by("district__name", "name")
    )


def get_household_for_user(user: Any, household_id: int, *, for_write: bool = False) -> Household:
    household = one(
        scope_for(user, Perm.PEOPLE_VIEW)
        .apply(Household.objects.all(), "village__code")
        .select_related("village__district")
        .filter(pk=household_id)
    )
    if household is None:
        raise Http404(HOUSEHOLD_NOT_FOUND)
    if for_write and not scope_for(user, Perm.PEOPLE_CHANGE).contains(household.village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return household


def household_members(household: Household) -> QuerySet[Any]:
    return household.members.select_related("person").order_by("relationship", "person__full_name")


# What the person page shows of a linked person.
_LINKED_FIELDS = ("full_name", "domicile_village_id")


def person_family_links(person: Person, user: Any) -> dict[str, list[Any]]:
    """Links from and to this person, limited to people the viewer may see (one query): the
    migrants this person is family of, and this person's family at home."""
    visible = scope_for(user, Perm.PEOPLE_VIEW)
    shown = ("relation", *(f"{side}__{f}" for side in ("migrant", "family_member") for f in _LINKED_FIELDS))
    links = (
        MigrantFamilyLink.objects.filter(Q(family_member=person) | Q(migrant=person))
        .select_related("migrant", "family_member")
        .only(*shown)
        .order_by("pk")
    )
    found: dict[str, list[Any]] = {"migrants": [], "family": []}
    for link in links:
        # A link never joins a person to themselves (a check constraint): one side is this person.
        if link.family_member_id == person.pk:
            key, other = "migrants", link.migrant
        else:
            key, other = "family", link.family_member
        if visible.contains(other.domicile_village_id):
            found[key].append(link)
    return found


def find_person_by_nik_for_user(user: Any, raw_nik: str) -> Person | None:
    """The person with this NIK if the user may see them; None otherwise (same answer either way)."""
    nik = nik_lib.normalise(raw_nik)
    if not nik.isdigit():
        return None
    return _visible_people(user).filter(nik=nik).first()


def _consents_visible(person: Person, user: Any) -> QuerySet[Any]:
    """A person's consents the user may see: a child's consent to the learning house (which tells
    that the child is in it) only to those who may see the village's learning house."""
    consents = person.consents.all()
    if not scope_for(user, Perm.LEARNING_VIEW).contains(person.domicile_village_id):
        consents = consents.exclude(text__purpose=ConsentPurpose.LEARNING_HOUSE)
    return consents


def person_consents(person: Person, user: Any) -> QuerySet[Any]:
    """The person's consents, newest first, as their page shows them: of the text its purpose and
    version (not the bodies), of who recorded it the name (not the whole user row); and the person,
    which the related manager sets on each row (the other fields are deferred)."""
    return (
        _consents_visible(person, user)
        .select_related("text", "recorded_by")
        .only(
            "person",
            "given_by",
            "guardian_name",
            "guardian_relation",
            "given_at",
            "withdrawn_at",
            "text__purpose",
            "text__version",
            "recorded_by__full_name",
            "recorded_by__username",
        )
        .order_by("-given_at")
    )


def person_household(person: Person) -> Any:
    """The person's place on a family card, if any, as their page shows it (the other fields are
    deferred). A person is on one card at most (a one-to-one field), so no order is needed."""
    from desmigratif.people.models import HouseholdMember

    return one(
        HouseholdMember.objects.select_related("household")
        .only("relationship", "household__kk_number")
        .filter(person=person)
    )


def can_change_household(user: Any, household: Household) -> bool:
    return scope_for(user, Perm.PEOPLE_CHANGE).contains(household.village_id)


def get_consent_of_person(person: Person, consent_id: int, user: Any) -> Any:
    """A consent record of a person the caller has already resolved through the access helper."""
    consent = one(_consents_visible(person, user).select_related("text").filter(pk=consent_id))
    if consent is None:
        raise Http404(NOT_FOUND)
    return consent


def get_member_of_household(household: Household, member_id: int) -> Any:
    """A member of a household the caller has already resolved through the access helper."""
    member = one(household.members.select_related("person", "household").filter(pk=member_id))
    if member is None:
        raise Http404(HOUSEHOLD_NOT_FOUND)
    return member
