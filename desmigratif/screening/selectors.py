"""Reads of screenings. A case's screenings are read through the case, already scoped by its selector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desmigratif.core.selectors import one
from desmigratif.lib.languages import current_language
from desmigratif.migration.models import MigrationCase
from desmigratif.placement.models import Job
from desmigratif.screening.models import CaseScreening
from desmigratif.screening.offer import Employer, Recruiter

CASE_SCREENINGS_SHOWN = 5


@dataclass(frozen=True)
class ShownScreening:
    screening: CaseScreening
    findings: list[dict[str, Any]]


def shown_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Saved findings in the active language, in the same shape as a live screening's."""
    language = current_language()
    shown = []
    for finding in findings:
        texts = finding.get(language) or finding.get("id") or {}
        shown.append(
            {
                "code": finding["code"],
                "severity": finding["severity"],
                "warning": finding.get("warning", False),
                "legal_basis": finding.get("legal_basis", ""),
                **texts,
            }
        )
    return shown


def case_screenings(case: MigrationCase, limit: int = CASE_SCREENINGS_SHOWN) -> list[ShownScreening]:
    """The case's latest screenings, newest first (the case comes from the migration selectors,
    scoped), as the case page and the API show them: not the answers, and of the actor only the
    name; and the case, which the related manager sets on each row (the other fields are deferred)."""
    rows = (
        case.screenings.select_related("actor")
        .only("case", "at", "rules_on", "findings", "high_count", "actor__full_name", "actor__username")
        .order_by("-at", "-id")[:limit]
    )
    return [ShownScreening(screening=s, findings=shown_findings(s.findings)) for s in rows]


def get_screening_of_case(case: MigrationCase, screening_id: int) -> CaseScreening | None:
    return one(case.screenings.select_related("actor").filter(pk=screening_id))


def job_for_title(title: str) -> Job | None:
    """The catalogue job a case's free-text job title names, if it names one exactly."""
    text = " ".join(title.split())
    if not text:
        return None
    return Job.objects.filter(name_id__iexact=text).first() or Job.objects.filter(name_en__iexact=text).first()


def offer_initial(case: MigrationCase) -> dict[str, Any]:
    """Answers known from the case and its person, to pre-fill the screening form."""
    job = job_for_title(case.job_title)
    person = case.person
    initial: dict[str, Any] = {
        "country": case.destination_country,
        "job": str(job.pk) if job else "",
        "job_text": "" if job else case.job_title,
        "employer": case.employer_type if case.employer_type in Employer.values else Employer.UNKNOWN,
        "recruiter": Recruiter.AGENCY if case.agency_name else Recruiter.UNKNOWN,
        "agency": case.agency_name,
        "birth_date": person.birth_date,
    }
    if person.sex == "M":
        initial["female_with_infant"] = "no"
    return initial
