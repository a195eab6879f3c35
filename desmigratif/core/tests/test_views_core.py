from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, login
from desmigratif.audit.models import AuditEvent

TEMPLATE_ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_without_login_and_checks_the_database(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/people/",
        "/people/new/",
        "/people/1/",
        "/people/1/edit/",
        "/people/households/1/",
        "/audit/",
        "/accounts/tokens/",
    ],
)
def test_every_page_requires_login_by_default(db, url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_login_page_signs_in_and_logout_is_post_only(client, facilitator_a):
    assert client.get(reverse("accounts:login")).status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "facilitator_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_login_is_throttled_after_repeated_failures(client, facilitator_a):
    for _ in range(4):
        response = client.post(reverse("accounts:login"), {"username": "facilitator_a", "password": "wrong"})
        assert response.status_code == 200
    # The fifth failure locks the username out from this address; the right password no longer helps.
    assert client.post(reverse("accounts:login"), {"username": "facilitator_a", "password": "x"}).status_code == 429
    response = client.post(reverse("accounts:login"), {"username": "facilitator_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_switching_language_sets_the_cookie_and_remembers_it_on_the_account(client, facilitator_a):
    login(client, facilitator_a)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert response.cookies["desmigratif_language"].value == "en"
    facilitator_a.refresh_from_db()
    assert facilitator_a.language == "en"
    assert "Sign out" in client.get("/").content.decode()
    response = client.post(reverse("accounts:language"), {"language": "id", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_interface_is_indonesian_by_default(client, facilitator_a):
    body = login(client, facilitator_a).get("/").content.decode()
    assert "Keluar" in body and 'lang="id"' in body


def test_security_headers_are_sent(client, facilitator_a):
    response = login(client, facilitator_a).get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_every_template_renders_with_a_minimal_context(rf, facilitator_a, person_a):
    from django.core.paginator import Paginator

    from desmigratif.people.services import household_create

    household = household_create(
        kk_number="3507330101010001",
        village=person_a.domicile_village_id,
        address="",
        head=person_a,
        actor=facilitator_a,
    )
    from django.utils import timezone

    from desmigratif.migration.forms import CaseCloseForm
    from desmigratif.migration.services import case_open

    case = case_open(
        person=person_a,
        destination_country="MY",
        job_title="Caregiver",
        employer_type="individual",
        actor=facilitator_a,
    )
    request = rf.get("/")
    request.user = facilitator_a
    context = {
        "case": case,
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
    }
    names = sorted(
        str(path.relative_to(path.parents[1] if path.parent.name != "templates" else path.parent))
        for path in TEMPLATE_ROOT.rglob("templates/**/*.html")
    )
    assert "base.html" in names and "people/person_list.html" in names
    for name in names:
        template = get_template(name)
        assert template.render(context, request), name
    assert engines["django"] is not None


def test_the_api_token_page_creates_and_revokes_a_token(client, facilitator_a):
    login(client, facilitator_a)
    response = client.post(reverse("accounts:api_tokens"), {"name": "sync", "read_only": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "dsm_" in body
    token = facilitator_a.api_tokens.get()
    assert token.read_only
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post(reverse("accounts:api_tokens"), {"name": ""}).status_code == 400


def test_another_users_token_cannot_be_revoked(client, facilitator_a, facilitator_b):
    from desmigratif.accounts.services import api_token_create

    token, _key = api_token_create(user=facilitator_b, name="b", read_only=True, actor=facilitator_b)
    assert login(client, facilitator_a).post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404


def test_audit_events_have_labels():
    assert all(label for _value, label in AuditEvent.choices)


def test_the_api_token_page_query_count_is_fixed(client, facilitator_a, django_assert_num_queries):
    from desmigratif.accounts.services import api_token_create

    login(client, facilitator_a)
    client.get(reverse("accounts:api_tokens"))
    with django_assert_num_queries(4):
        client.get(reverse("accounts:api_tokens"))
    for index in range(5):
        api_token_create(user=facilitator_a, name=f"t{index}", read_only=True, actor=facilitator_a)
    with django_assert_num_queries(4):
        client.get(reverse("accounts:api_tokens"))
