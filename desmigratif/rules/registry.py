"""The reference-rule tables national staff edit in the app, each described once.

One entry per table says which model it is, which fields an edit changes, which fields a new row
needs (none: rows cannot be added), whether rows are ended instead of edited, the order and the
related rows to load with the list. Views, forms, services and the API read this registry; no
table has a hand-written view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import Rule
from desmigratif.facilitators.models import FacilitatorQuota
from desmigratif.migration.models import DocumentType, Step
from desmigratif.placement.models import Job, MoratoriumCountry, MoratoriumList, ProtectedCost, SpskJob, ZeroCostJob


@dataclass(frozen=True)
class CountrySet:
    """Rows of a child table holding one country each, edited as a country multi-select."""

    related_name: str
    model: type[models.Model]
    parent_field: str
    country_field: str = "country"


@dataclass(frozen=True)
class RuleTable:
    slug: str
    model: type[models.Model]
    title: str | Promise
    description: str | Promise
    # What a row shows in the list, after its name and validity.
    columns: tuple[str, ...]
    # Fields an edit changes; empty: existing rows are only ever ended.
    edit_fields: tuple[str, ...] = ()
    # Fields of a new row; empty: rows cannot be added here.
    add_fields: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("pk",)
    related: tuple[str, ...] = ()
    # Plain country-code fields, offered as a choice of countries.
    country_fields: tuple[str, ...] = ()
    countries: CountrySet | None = None
    # The attribute path of a row's name in lists and the audit log.
    title_path: str = "name"

    def row_title(self, row: Any) -> str:
        value = row
        for part in self.title_path.split("."):
            value = getattr(value, part)
        return str(value)

    @property
    def is_rule(self) -> bool:
        """Rows carry a legal basis and validity dates, and end instead of being deleted."""
        return issubclass(self.model, Rule)

    @property
    def can_add(self) -> bool:
        return bool(self.add_fields)

    @property
    def can_edit(self) -> bool:
        return bool(self.edit_fields)

    @property
    def can_end(self) -> bool:
        return self.is_rule

    @property
    def audited_fields(self) -> tuple[str, ...]:
        """Every field an add, edit or end may change, in a stable order, for the audit diff."""
        names = [*self.add_fields, *self.edit_fields, *(("valid_to",) if self.is_rule else ())]
        if self.countries:
            names.append(self.countries.related_name)
        return tuple(dict.fromkeys(names))

    def rows(self) -> models.QuerySet[Any]:
        qs = self.model._default_manager.all()
        if self.related:
            qs = qs.select_related(*self.related)
        if self.countries:
            qs = qs.prefetch_related(self.countries.related_name)
        return qs.order_by(*self.ordering)


RULE_BASIS = ("legal_basis", "valid_from", "valid_to")

TABLES: tuple[RuleTable, ...] = (
    RuleTable(
        slug="steps",
        model=Step,
        title=_("Placement steps"),
        description=_("The steps of a migration case in order, with their service-time targets (A1.7)."),
        columns=("target_days", "min_age_to_complete"),
        edit_fields=("name_id", "name_en", "target_days", "min_age_to_complete", *RULE_BASIS),
        ordering=("order",),
    ),
    RuleTable(
        slug="document-types",
        model=DocumentType,
        title=_("Document types"),
        description=_("The documents a worker needs and the step that needs each (A1.4, A1.5)."),
        columns=("required_for", "expires"),
        edit_fields=("name_id", "name_en", "required_for", "expires", *RULE_BASIS),
        add_fields=("code", "name_id", "name_en", "required_for", "expires", *RULE_BASIS),
        ordering=("required_for__order", "code"),
        related=("required_for",),
    ),
    RuleTable(
        slug="jobs",
        model=Job,
        title=_("Jobs"),
        description=_("The job titles offered in forms, with their sector."),
        columns=("sector", "is_active"),
        edit_fields=("name_id", "name_en", "sector", "is_active"),
        ordering=("name_id", "pk"),
    ),
    RuleTable(
        slug="zero-cost-jobs",
        model=ZeroCostJob,
        title=_("Zero-cost jobs"),
        description=_("Jobs whose workers may not be charged placement costs (A2)."),
        columns=("note",),
        add_fields=("job", "note", *RULE_BASIS),
        ordering=("job__name_id", "valid_from", "pk"),
        related=("job",),
        title_path="job.name",
    ),
    RuleTable(
        slug="protected-costs",
        model=ProtectedCost,
        title=_("Costs the worker may not be charged"),
        description=_("Cost items a worker in a zero-cost job may never be charged (A2.7)."),
        columns=("order",),
        add_fields=("code", "order", "name_id", "name_en", *RULE_BASIS),
        ordering=("order", "pk"),
    ),
    RuleTable(
        slug="moratorium-lists",
        model=MoratoriumList,
        title=_("Moratorium lists"),
        description=_("Countries closed to placement with individual employers; only enforced lists apply (A3)."),
        columns=("is_applied", "countries", "note"),
        edit_fields=("name", "is_applied", "note", *RULE_BASIS),
        add_fields=("code", "name", "is_applied", "note", *RULE_BASIS),
        ordering=("-is_applied", "code"),
        countries=CountrySet(related_name="countries", model=MoratoriumCountry, parent_field="moratorium"),
    ),
    RuleTable(
        slug="spsk-jobs",
        model=SpskJob,
        title=_("SPSK jobs"),
        description=_("Jobs open under SPSK, the one-channel placement with Saudi Arabia (A3.6)."),
        columns=("country",),
        add_fields=("country", "job", *RULE_BASIS),
        ordering=("country", "job__name_id", "pk"),
        related=("job",),
        country_fields=("country",),
        title_path="job.name",
    ),
    RuleTable(
        slug="facilitators-per-village",
        model=FacilitatorQuota,
        title=_("Facilitators per village"),
        description=_(
            "How many facilitators a programme village may have active at once; the newest row in force applies (A5.3)."
        ),
        columns=("source", "note"),
        add_fields=("per_village", "source", "note", *RULE_BASIS),
        ordering=("valid_from", "pk"),
    ),
)

_BY_SLUG = {table.slug: table for table in TABLES}


def get_table(slug: str) -> RuleTable:
    table = _BY_SLUG.get(slug)
    if table is None:
        raise Http404
    return table
