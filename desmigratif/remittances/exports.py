"""XLSX and CSV download of the remittance summary (core.exports): the page's table, amounts and
percentages in Decimal. Column headers follow the active language."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from desmigratif.core.exports import table_response
from desmigratif.remittances.selectors import SummaryRow


def summary(
    fmt: str,
    rows: list[tuple[SummaryRow, str]],
    *,
    by: str,
    start: datetime.date,
    end: datetime.date,
    ceiling: Decimal | None,
) -> HttpResponse:
    """``rows`` are (row, area name) as the page lists them."""
    title = _("Remittance summary")
    area = (_("Regency code"), _("Regency")) if by == "regency" else (_("Village code"), _("Village"))
    above = _("Above %(pct)s%% (share, %%)") % {"pct": f"{ceiling:.0f}"} if ceiling is not None else "—"
    header = [*area, _("Remittances"), _("Volume (Rp)"), _("Average cost (%)"), above]
    lines = ([r.area, name, r.count, r.volume, r.average_cost, r.share_above_ceiling] for r, name in rows)
    return table_response(
        fmt,
        filename=f"ringkasan-remitansi-{by}-{start.isoformat()}-{end.isoformat()}",
        title=title,
        preamble=[[title], [_("Received"), f"{start.isoformat()} – {end.isoformat()}"]],
        header=header,
        rows=lines,
    )
