"""Facts of the programme itself that the rules of several apps rest on."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

# The first two pilot villages were formed in 2016 (DOMAIN-RULES A5.6): no deliberation, session
# or referral of the programme can be older.
PROGRAMME_START = datetime.date(2016, 1, 1)
BEFORE_PROGRAMME = _("The date cannot be before %(year)s, when the programme began.")


def before_programme(day: datetime.date) -> bool:
    return day < PROGRAMME_START
