"""Reads of the placement rules, each for a date (rules carry validity periods)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from desmigratif.placement.models import Job, MoratoriumCountry, ProtectedCost, SpskJob, ZeroCostJob


def _today() -> datetime.date:
    return timezone.localdate()


def jobs() -> QuerySet[Job]:
    """Jobs offered in forms, by Indonesian name."""
    return Job.objects.filter(is_active=True).order_by("name_id")


def get_job(code: str) -> Job:
    """An active job of the catalogue by code, or 404."""
    job = jobs().filter(code=code).first()
    if job is None:
        raise Http404
    return job


def zero_cost_job_ids(on: datetime.date | None = None) -> set[int]:
    """Jobs whose workers may not be charged placement costs on a date (A2.6, A2.8)."""
    return set(ZeroCostJob.objects.filter(ZeroCostJob.in_force_q(on or _today())).values_list("job_id", flat=True))


def is_zero_cost(job: Job | int, on: datetime.date | None = None) -> bool:
    job_id = job if isinstance(job, int) else job.pk
    return ZeroCostJob.objects.filter(ZeroCostJob.in_force_q(on or _today()), job_id=job_id).exists()


def zero_cost_rule(job: Job | int, on: datetime.date | None = None) -> ZeroCostJob | None:
    job_id = job if isinstance(job, int) else job.pk
    return ZeroCostJob.objects.filter(ZeroCostJob.in_force_q(on or _today()), job_id=job_id).first()


def protected_costs(on: datetime.date | None = None) -> QuerySet[ProtectedCost]:
    return ProtectedCost.objects.filter(ProtectedCost.in_force_q(on or _today())).order_by("order")


def moratorium_countries(employer_type: str = "individual", on: datetime.date | None = None) -> set[str]:
    """Countries closed to placement with this employer type on a date, from the enforced lists (A3)."""
    day = on or _today()
    return set(
        MoratoriumCountry.objects.filter(
            moratorium__is_applied=True,
            moratorium__employer_type=employer_type,
            moratorium__valid_from__lte=day,
        )
        .exclude(moratorium__valid_to__lt=day)
        .values_list("country", flat=True)
    )


def moratorium_for(country: str, employer_type: str, on: datetime.date | None = None) -> MoratoriumCountry | None:
    """The enforced moratorium row closing this country to this employer type, if any."""
    day = on or _today()
    return (
        MoratoriumCountry.objects.select_related("moratorium")
        .filter(
            country=country,
            moratorium__is_applied=True,
            moratorium__employer_type=employer_type,
            moratorium__valid_from__lte=day,
        )
        .exclude(moratorium__valid_to__lt=day)
        .first()
    )


def spsk_rule(country: str, job: Job | int, on: datetime.date | None = None) -> SpskJob | None:
    """The SPSK row opening this job in this country (with a syarikah employer), if any (A3.6)."""
    job_id = job if isinstance(job, int) else job.pk
    return SpskJob.objects.filter(SpskJob.in_force_q(on or _today()), country=country, job_id=job_id).first()
