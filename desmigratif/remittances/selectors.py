"""Reads of remittances: scoped lists and the village and regency summaries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.remittances.models import CostTarget, Remittance

CENT = Decimal("0.01")


def remittances_for_user(user: Any) -> QuerySet[Remittance]:
    return scope_for(user, Perm.REMITTANCES_VIEW).apply(Remittance.objects.all(), "village__code")


def get_remittance_for_user(user: Any, remittance_id: int) -> Remittance:
    return get_object_or_404(
        remittances_for_user(user).select_related("recipient", "sender", "benchmark", "savings_deposit"),
        pk=remittance_id,
    )


def ceiling_percent(on: datetime.date | None = None) -> Decimal | None:
    """The SDG 10.c corridor ceiling in force (C2), from data; None when no such rule is in force."""
    return (
        CostTarget.objects.filter(CostTarget.in_force_q(on or timezone.localdate()), code="sdg_10c_corridor")
        .values_list("percent", flat=True)
        .first()
    )


@dataclass(frozen=True)
class SummaryRow:
    area: str  # a village code or a regency code
    count: int
    volume: Decimal
    average_cost: Decimal
    above_ceiling: int

    @property
    def share_above_ceiling(self) -> Decimal:
        return (Decimal(self.above_ceiling) * 100 / self.count).quantize(CENT) if self.count else Decimal(0)


def summary(
    user: Any, *, by: str, start: datetime.date, end: datetime.date, ceiling: Decimal | None = None
) -> list[SummaryRow]:
    """Volume, average total cost and the number above the SDG ceiling per village or regency:
    one grouped query (regencies are the first five characters of the village code)."""
    ceiling = ceiling_percent(end) if ceiling is None else ceiling
    # Without a ceiling rule in force nothing counts as above it.
    above = Count("id", filter=Q(total_cost_percent__gt=ceiling)) if ceiling is not None else Value(0)
    area = Substr("village_id", 1, 5) if by == "regency" else Substr("village_id", 1, 13)
    rows = (
        remittances_for_user(user)
        .filter(received_on__range=(start, end))
        .annotate(area=area)
        .values("area")
        .annotate(
            count=Count("id"),
            volume=Sum("amount_received"),
            average_cost=Avg("total_cost_percent"),
            above=above,
        )
        .order_by("area")
    )
    return [
        SummaryRow(
            area=row["area"],
            count=row["count"],
            volume=Decimal(str(row["volume"] or 0)).quantize(CENT),
            average_cost=Decimal(str(row["average_cost"] or 0)).quantize(CENT),
            above_ceiling=row["above"],
        )
        for row in rows
    ]
