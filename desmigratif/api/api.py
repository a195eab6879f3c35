"""The JSON API under /api/v1/: same services and selectors as the pages, one error body."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from desmigratif.agencies.api import router as agencies_router
from desmigratif.api.auth import TokenAuth
from desmigratif.brokers.api import router as brokers_router
from desmigratif.complaints.api import router as complaints_router
from desmigratif.cooperatives.api import router as cooperatives_router
from desmigratif.cooperatives.loan_api import router as cooperative_loans_router
from desmigratif.enterprises.api import router as enterprises_router
from desmigratif.enterprises.api import training_router as trainings_router
from desmigratif.facilitators.api import report_router as facilitator_reports_router
from desmigratif.facilitators.api import router as facilitators_router
from desmigratif.facilitators.api import visit_router as facilitator_visits_router
from desmigratif.learning.api import router as learning_router
from desmigratif.migration.api import router as cases_router
from desmigratif.partners.api import organisation_router as partner_organisations_router
from desmigratif.partners.api import programme_router as partner_programmes_router
from desmigratif.partners.api import referral_router as partner_referrals_router
from desmigratif.partners.api import support_router as partner_supports_router
from desmigratif.people.api import router as people_router
from desmigratif.rules.api import router as rules_router
from desmigratif.screening.api import case_router as case_screening_router
from desmigratif.screening.api import router as screening_router
from desmigratif.vacancies.api import router as vacancies_router

api = NinjaAPI(
    title="Desmigratif API",
    version="1",
    description=(
        "JSON API of the Desmigratif information system. Authenticate with a per-user token "
        "(`Authorization: Bearer dsm_…`, created on the account's API tokens page). Every answer is "
        "limited to the regions of the token owner's roles; a record outside them answers 404. "
        'Money amounts are strings holding a decimal number with two decimals (e.g. "1500000.00"), '
        "never JSON floats."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs page loads its assets from a CDN; the OpenAPI document is served
)


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return body


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", []) if p not in ("body", "payload", "query", "path")]
        fields.setdefault(".".join(loc) or "request", []).append(str(error.get("msg", "")))
    return api.create_response(
        request,
        error_body("invalid_input", _("The request has invalid or missing fields."), fields),
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def domain_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    fields = (
        {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else {}
    )
    message = " ".join(str(m) for m in exc.messages)
    return api.create_response(request, error_body("rejected", message, fields), status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, error_body("forbidden", message), status=403)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals, chiefly a request body it cannot parse, in our one error shape."""
    if exc.status_code == 400:
        return api.create_response(
            request, error_body("malformed_body", _("The request body is not valid JSON.")), status=400
        )
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, error_body("unauthenticated", _("A valid API token is required.")), status=401)


api.add_router("/people", people_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", case_screening_router)
api.add_router("/screening", screening_router)
api.add_router("/agencies", agencies_router)
api.add_router("/vacancies", vacancies_router)
api.add_router("/complaints", complaints_router)
api.add_router("/broker-reports", brokers_router)
api.add_router("/rules", rules_router)
api.add_router("/cooperatives", cooperatives_router)
api.add_router("/cooperatives", cooperative_loans_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/trainings", trainings_router)
api.add_router("/partner-organisations", partner_organisations_router)
api.add_router("/partner-programmes", partner_programmes_router)
api.add_router("/village-support", partner_supports_router)
api.add_router("/referrals", partner_referrals_router)
api.add_router("/facilitators", facilitators_router)
api.add_router("/facilitator-visits", facilitator_visits_router)
api.add_router("/facilitator-reports", facilitator_reports_router)
api.add_router("/learning", learning_router)
