"""Public safe-migration pages: steps, documents, costs, the moratorium, how to complain.

For anyone, without an account, Indonesian first and light on a phone. Every fact shown comes
from the rule tables (steps, document types, zero-cost jobs, protected costs, moratorium lists),
so the pages change when national staff change a rule.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from desmigratif.lib.countries import country_name
from desmigratif.migration.models import DocumentType, Step
from desmigratif.placement import selectors
from desmigratif.placement.models import MoratoriumList, SpskJob, ZeroCostJob


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "placement/safe_index.html")


@login_not_required
@require_GET
def steps(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # The steps before departure: those a case is still "in progress" at.
    step_list = Step.objects.filter(Step.in_force_q(today), case_status="active").order_by("order")
    documents = DocumentType.objects.filter(DocumentType.in_force_q(today), required_for__isnull=False)
    by_step: dict[int, list[DocumentType]] = {}
    for document in documents.order_by("name_id"):
        by_step.setdefault(document.required_for_id or 0, []).append(document)
    rows = [(step, by_step.get(step.pk, [])) for step in step_list]
    return render(request, "placement/safe_steps.html", {"rows": rows})


@login_not_required
@require_GET
def costs(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "placement/safe_costs.html",
        {
            "zero_cost": ZeroCostJob.objects.filter(ZeroCostJob.in_force_q(today)).select_related("job"),
            "protected": selectors.protected_costs(today),
        },
    )


@login_not_required
@require_GET
def moratorium(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    lists = (
        MoratoriumList.objects.filter(MoratoriumList.in_force_q(today), is_applied=True)
        .prefetch_related("countries")
        .order_by("code")
    )
    applied = [
        (moratorium, sorted((country_name(c.country) for c in moratorium.countries.all()), key=str.casefold))
        for moratorium in lists
    ]
    spsk = SpskJob.objects.filter(SpskJob.in_force_q(today)).select_related("job").order_by("country", "job__name_id")
    spsk_rows = [(country_name(row.country), row) for row in spsk]
    return render(request, "placement/safe_moratorium.html", {"applied": applied, "spsk": spsk_rows})


@login_not_required
@require_GET
def complain(request: HttpRequest) -> HttpResponse:
    return render(request, "placement/safe_complain.html")
