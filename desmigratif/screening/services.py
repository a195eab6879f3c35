"""Writes of screenings: a screening saved on a case, with the rule versions it used."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from desmigratif.migration.models import MigrationCase
from desmigratif.screening import rules
from desmigratif.screening.models import CaseScreening
from desmigratif.screening.offer import Offer


@transaction.atomic
def case_screening_record(
    *, case: MigrationCase, offer: Offer, actor: Any, on: datetime.date | None = None, is_demo: bool = False
) -> CaseScreening:
    """Screen an offer for a case and save the answers and a snapshot of the findings.

    The caller has checked that ``actor`` may change the case. The NIK is read from the offer for the
    checks and never saved. Raises ``ValidationError`` for answers that cannot be screened.
    """
    result = rules.screen(offer, on)
    return CaseScreening.objects.create(
        case=case,
        actor=actor,
        rules_on=result.on,
        answers=offer.answers(),
        findings=[f.as_json() for f in result.findings],
        high_count=result.high_count,
        is_demo=is_demo,
    )
