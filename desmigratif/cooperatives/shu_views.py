"""Year-end SHU pages: distribute a closed fiscal year, and the pools and member shares (XLSX, CSV)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from desmigratif.cooperatives import exports, pdf, selectors, shu
from desmigratif.cooperatives.models import Cooperative, ShuDistribution
from desmigratif.core.exports import FORMATS, attachment, requested_format


class DistributeForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Fiscal year starting in"), coerce=int)


def _open_years(cooperative: Cooperative) -> list[int]:
    """Fiscal years that have ended and are not distributed yet, newest first."""
    today = timezone.localdate()
    done = set(ShuDistribution.objects.filter(cooperative=cooperative).values_list("year_start__year", flat=True))
    years = []
    for year in range(today.year, cooperative.founded_on.year - 1, -1):
        _start, end = shu.fiscal_year(cooperative, year)
        if end < today and year not in done:
            years.append(year)
    return years


@require_http_methods(["GET", "POST"])
def shu_list(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=request.method == "POST")
    form = DistributeForm(request.POST or None)
    year_field = form.fields["year"]
    assert isinstance(year_field, forms.TypedChoiceField)
    year_field.choices = [(y, str(y)) for y in _open_years(cooperative)]
    if request.method == "POST" and form.is_valid():
        try:
            distribution = shu.shu_distribute(
                cooperative=cooperative, year=form.cleaned_data["year"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The year is closed and its SHU distributed."))
            return redirect("shu:detail", cooperative_id=cooperative.pk, distribution_id=distribution.pk)
    return render(
        request,
        "cooperatives/shu/list.html",
        {
            "cooperative": cooperative,
            "form": form,
            "distributions": ShuDistribution.objects.filter(cooperative=cooperative).order_by("-year_end"),
            "can_change": selectors.can_change(request.user, cooperative),
            "allocations": cooperative.shu_allocations.order_by("pool"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def shu_detail(request: HttpRequest, cooperative_id: int, distribution_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    distribution = get_object_or_404(ShuDistribution, cooperative=cooperative, pk=distribution_id)
    fmt = requested_format(request, ("pdf", *FORMATS))
    if fmt == "pdf":
        report = selectors.annual_report(cooperative, distribution)
        name = f"laporan-rat-{distribution.year_start:%Y%m}-{distribution.year_end:%Y%m}"
        return attachment(pdf.rat_pdf(report), name, "pdf")
    pools = list(distribution.pools.order_by("pool"))
    shares = list(distribution.member_shares.select_related("member__person").order_by("member__number"))
    if fmt:
        return exports.shu(fmt, cooperative, distribution, pools, shares)
    total = sum((s.jasa_modal + s.jasa_usaha for s in shares), Decimal(0))
    return render(
        request,
        "cooperatives/shu/detail.html",
        {"cooperative": cooperative, "distribution": distribution, "pools": pools, "shares": shares, "total": total},
    )
