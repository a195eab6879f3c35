import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import get_template
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import PASSWORD, VILLAGE_A, login, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.audit.models import AuditEvent
from desmigratif.regions.models import Village
from desmigratif.rules.registry import get_table

PROJECT = Path(__file__).resolve().parents[2]
LOGIN = reverse("accounts:login")

# The pages anyone may open without an account; every other page sends them to sign in.
PUBLIC = {
    "healthz",
    "accounts:login",
    "accounts:language",
    "agency_check",
    "safe:index",
    "safe:steps",
    "safe:costs",
    "safe:moratorium",
    "safe:complain",
    "offer_check",
    "vacancy_search",
    "vacancy_public",
    "complaint_submit",
    "complaint_receipt",
    "complaint_status",
    "broker_report",
    "broker_thanks",
}


def _patterns(patterns=None, prefix="", namespace=""):
    """Every URL pattern of the project as (path with sample arguments, name, view)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            path = re.sub(r"<int:\w+>", "1", prefix + str(pattern.pattern))
            path = re.sub(r"<\w+:\w+>|<\w+>", "x", path)
            yield "/" + path, f"{namespace}{pattern.name}", pattern.callback


PAGES = [(path, name) for path, name, _view in _patterns() if not path.startswith(("/admin/", "/api/"))]


# --- Health check ---------------------------------------------------------------------------------


def test_healthz_answers_without_login_and_checks_the_database(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_rejects_post(db):
    assert Client().post("/healthz").status_code == 405


# --- Default deny ---------------------------------------------------------------------------------


def test_the_url_list_covers_the_pages_we_know(db):
    names = {name for _path, name in PAGES}
    assert {"core:home", "people:list", "people:reveal_nik", "audit:list", "accounts:api_tokens"} <= names
    assert len(PAGES) >= 25


def test_exactly_the_known_public_views_opt_out_of_login():
    public = {
        name
        for path, name, view in _patterns()
        if getattr(view, "login_required", True) is False and not path.startswith("/admin/")
    }
    assert public == PUBLIC


@pytest.mark.parametrize(
    ("path", "name"), [p for p in PAGES if p[1] not in PUBLIC], ids=[p[1] for p in PAGES if p[1] not in PUBLIC]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_other_page_sends_anonymous_visitors_to_sign_in(db, path, name, method):
    response = getattr(Client(), method)(path)
    assert response.status_code == 302, f"{method} {path}"
    assert response["Location"] == f"{LOGIN}?next={path}"


def test_the_public_pages_open_without_an_account(db):
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get(LOGIN).status_code == 200
    assert client.get(reverse("agency_check")).status_code == 200
    for name in ("complaint_submit", "complaint_status", "broker_report", "broker_thanks"):
        assert client.get(reverse(name)).status_code == 200
    assert client.post(reverse("accounts:language"), {"language": "en"}).status_code == 302


def test_the_admin_and_the_api_have_their_own_sign_in(db):
    response = Client().get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Client().get("/api/v1/people/").status_code == 401


# --- Start page -----------------------------------------------------------------------------------


def test_the_start_page_lists_the_users_roles_and_what_it_may_open(client, facilitator_a):
    body = login(client, facilitator_a).get("/").content.decode()
    assert VILLAGE_A in body and reverse("people:list") in body
    assert reverse("audit:list") not in body


def test_the_start_page_tells_a_user_without_a_role_whom_to_ask(client, no_role_user):
    client.cookies["desmigratif_language"] = "en"
    body = login(client, no_role_user).get("/").content.decode()
    assert "You have no role yet." in body and reverse("people:list") not in body


# --- Sign in and out ------------------------------------------------------------------------------


def test_the_login_page_signs_in_and_goes_where_the_user_was_going(client, facilitator_a):
    assert client.get(LOGIN).status_code == 200
    response = client.post(f"{LOGIN}?next=/people/", {"username": "facilitator_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get("/").status_code == 200
    # A signed-in user who opens the login page again goes to the start page.
    assert client.get(LOGIN)["Location"] == reverse("core:home")


def test_a_wrong_password_shows_the_form_again(client, facilitator_a):
    response = client.post(LOGIN, {"username": "facilitator_a", "password": "wrong"})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_never_redirects_to_another_site(client, facilitator_a):
    data = {"username": "facilitator_a", "password": PASSWORD, "next": "https://evil.example/"}
    response = client.post(LOGIN, data)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_signing_in_restores_the_language_the_user_chose(client, facilitator_a):
    facilitator_a.language = "en"
    facilitator_a.save(update_fields=["language"])
    response = client.post(LOGIN, {"username": "facilitator_a", "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_logout_is_post_only(client, facilitator_a):
    login(client, facilitator_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get("/").status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/").status_code == 302


def test_login_is_throttled_after_five_failures_even_for_the_right_password(client, facilitator_a, no_role_user):
    for _ in range(4):
        response = client.post(LOGIN, {"username": "facilitator_a", "password": "wrong"})
        assert response.status_code == 200
    # The fifth failure reaches the limit and is answered with the lock-out page.
    assert client.post(LOGIN, {"username": "facilitator_a", "password": "wrong"}).status_code == 429
    response = client.post(LOGIN, {"username": "facilitator_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The lock is per username (and address): another account still signs in from here.
    assert client.post(LOGIN, {"username": "no_role_user", "password": PASSWORD}).status_code == 302


# --- Language -------------------------------------------------------------------------------------


def test_switching_language_sets_the_cookie_and_remembers_it_on_the_account(client, facilitator_a):
    login(client, facilitator_a)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"
    facilitator_a.refresh_from_db()
    assert facilitator_a.language == "en"
    assert 'lang="en"' in client.get("/").content.decode()


def test_an_anonymous_visitor_switches_language_with_the_cookie_only(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": LOGIN})
    assert response["Location"] == LOGIN and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get(LOGIN).content.decode()


def test_an_unknown_language_or_a_foreign_next_page_is_ignored(client, facilitator_a):
    login(client, facilitator_a)
    response = client.post(reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/" and settings.LANGUAGE_COOKIE_NAME not in response.cookies
    facilitator_a.refresh_from_db()
    assert facilitator_a.language != "xx"


def test_switching_language_is_post_only(client, facilitator_a):
    assert login(client, facilitator_a).get(reverse("accounts:language"), {"language": "en"}).status_code == 405


def test_the_interface_is_indonesian_by_default(client, facilitator_a):
    body = login(client, facilitator_a).get("/").content.decode()
    assert 'lang="id"' in body


# --- Security headers -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", LOGIN, "/api/v1/people/", "/healthz"])
def test_security_headers_are_sent_on_every_kind_of_response(client, facilitator_a, path):
    response = login(client, facilitator_a).get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# --- Templates ------------------------------------------------------------------------------------


def _template_names():
    names = set()
    for path in PROJECT.rglob("templates/**/*.html"):
        root = next(parent for parent in path.parents if parent.name == "templates")
        name = str(path.relative_to(root))
        # Widget templates render a widget, not a page (test_select_widget.py renders them).
        if not name.startswith("django/forms/"):
            names.add(name)
    return sorted(names)


def test_the_template_list_is_complete():
    names = _template_names()
    assert {"base.html", "404.html", "people/person_list.html", "audit/audit_list.html"} <= set(names)
    assert len(names) >= 20


@pytest.fixture
def minimal_context(facilitator_a, person_a, treasurer):
    from desmigratif.cooperatives.services import cooperative_create, member_join
    from desmigratif.migration.forms import CaseCloseForm
    from desmigratif.migration.services import case_open
    from desmigratif.people.services import household_create

    household = household_create(
        kk_number="3507330101010001", village=VILLAGE_A, address="", head=person_a, actor=facilitator_a
    )
    case = case_open(
        person=person_a,
        destination_country="MY",
        job_title="Caregiver",
        employer_type="individual",
        actor=facilitator_a,
    )
    from desmigratif.vacancies.tests.conftest import make_vacancy, register_agency

    staff = make_user("template_staff", Role.NATIONAL_STAFF)
    vacancy = make_vacancy(staff, register_agency(staff))
    cooperative = cooperative_create(
        village=Village.objects.get(code=VILLAGE_A),
        name="Koperasi Contoh",
        founded_on=datetime.date(2020, 1, 1),
        principal_savings_amount=Decimal("100000"),
        mandatory_savings_amount=Decimal("20000"),
        actor=treasurer,
    )
    member = member_join(cooperative=cooperative, person=person_a, date=datetime.date(2026, 1, 5), actor=treasurer)
    from desmigratif.enterprises.tests.conftest import register, train
    from desmigratif.partners.tests.conftest import make_programme, refer

    programme = make_programme(staff)
    from desmigratif.monitoring.models import ProgrammeReport

    report = ProgrammeReport.objects.create(
        requested_by=staff, region_name="Indonesia", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 1)
    )
    from desmigratif.facilitators.tests.conftest import appointed

    officer = make_user("template_officer", Role.REGENCY_OFFICER, "35.07")
    from desmigratif.learning import services as learning
    from desmigratif.learning.tests import conftest as learning_tests

    volunteer = make_person(facilitator_a, VILLAGE_A, full_name="Relawan", birth_date=learning_tests.years_ago(30))
    house = learning_tests.make_house(facilitator_a, VILLAGE_A, volunteer)
    child = learning_tests.register(facilitator_a, house, learning_tests.make_family(facilitator_a))
    return {
        "report": report,
        "programme": programme,
        "referral": refer(facilitator_a, person_a, programme),
        "a": appointed(officer, VILLAGE_A, "Sri Rahayu", ""),
        "due_days": 10,
        "house": house,
        "child_count": 1,
        "present_count": 0,
        "child": child,
        "session": learning_tests.hold(facilitator_a, house, volunteer),
        "concern": learning.concern_create(child=child, category="health", note="Demam.", actor=facilitator_a),
        "enterprise": register(facilitator_a, [person_a]),
        "training": train(facilitator_a),
        "cooperative": cooperative,
        "member": member,
        "case": case,
        "vacancy": vacancy,
        "document": case.documents.first(),
        "steps": [],
        "documents": [],
        "close_form": CaseCloseForm(),
        "now": timezone.now(),
        "form": None,
        "page": Paginator([], 10).get_page(1),
        "person": person_a,
        "household": household,
        "members": [],
        "consents": [],
        "links": {},
        "tokens": [],
        "events": [],
        "assignments": [],
        "age": 36,
        "table": get_table("steps"),
    }


@pytest.mark.parametrize("name", _template_names())
def test_every_template_renders_with_a_minimal_context(rf, facilitator_a, minimal_context, name):
    request = rf.get("/")
    request.user = facilitator_a
    if name == "_pager.html":  # nothing to show for a single page
        minimal_context = {**minimal_context, "page": Paginator([1, 2, 3], 2).get_page(1)}
    assert get_template(name).render(minimal_context, request).strip(), name


def test_audit_events_have_labels():
    assert all(label for _value, label in AuditEvent.choices)
