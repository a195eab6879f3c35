"""The reference-rules editor: who may read and change the rules, what a change writes, what it does."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import login, make_user
from desmigratif.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.migration.models import DocumentType, Step
from desmigratif.placement import selectors as placement
from desmigratif.placement.models import Job, MoratoriumList, ProtectedCost, SpskJob, ZeroCostJob
from desmigratif.rules import selectors, services
from desmigratif.rules.registry import TABLES, get_table

TODAY = datetime.date(2026, 11, 22)


def _zero_cost(code="juru_masak"):
    return ZeroCostJob.objects.get(job__code=code)


def test_every_rule_table_is_registered_once_and_describes_real_fields():
    assert len({t.slug for t in TABLES}) == len(TABLES) == 8
    for table in TABLES:
        for name in (*table.columns, *table.edit_fields, *table.add_fields):
            if not (table.countries and name == table.countries.related_name):
                table.model._meta.get_field(name)
        # Rule rows are never edited without their legal basis in reach, nor added without it.
        if table.is_rule and table.add_fields:
            assert {"legal_basis", "valid_from", "valid_to"} <= set(table.add_fields)


def test_pages_matrix(client, ministry_staff, regency_officer, facilitator_a, treasurer, partner, sysadmin):
    zero = _zero_cost()
    step = Step.objects.get(code="registration")
    readers = [ministry_staff, regency_officer, facilitator_a]
    no_access = [treasurer, partner, sysadmin]
    for url in (reverse("rules:index"), *(reverse("rules:table", args=[t.slug]) for t in TABLES)):
        assert_access(client, url, allowed=readers, forbidden=no_access)
    for url in (
        reverse("rules:create", args=["zero-cost-jobs"]),
        reverse("rules:edit", args=["steps", step.pk]),
        reverse("rules:end", args=["zero-cost-jobs", zero.pk]),
    ):
        assert_access(client, url, allowed=[ministry_staff], forbidden=[regency_officer, facilitator_a, *no_access])
        assert_access(
            client,
            url,
            method="post",
            data={"valid_to": "2026-01-01", "target_days": "3", "legal_basis": "x"},
            allowed=[],
            forbidden=[regency_officer, facilitator_a, *no_access],
        )
    zero.refresh_from_db()
    step_before = Step.objects.get(pk=step.pk)
    assert zero.valid_to is None and step_before.target_days == step.target_days
    assert not AuditLog.objects.filter(event__startswith="rule.").exists()


def test_what_a_table_does_not_offer_is_not_found(client, ministry_staff):
    login(client, ministry_staff)
    job = Job.objects.earliest("pk")
    zero = _zero_cost()
    assert client.get(reverse("rules:table", args=["no-such-table"])).status_code == 404
    assert client.get(reverse("rules:end", args=["jobs", job.pk])).status_code == 404  # jobs are not rules
    assert client.get(reverse("rules:edit", args=["zero-cost-jobs", zero.pk])).status_code == 404  # end, add anew
    assert client.get(reverse("rules:create", args=["steps"])).status_code == 404  # steps drive the case flow
    assert client.get(reverse("rules:edit", args=["steps", 999999])).status_code == 404


def test_readers_see_no_edit_links_and_editors_do(client, ministry_staff, facilitator_a):
    url = reverse("rules:table", args=["zero-cost-jobs"])
    body = login(client, facilitator_a).get(url).content.decode()
    assert "Perban BP2MI 9/2020" in body and "/end/" not in body and "/new/" not in body
    body = login(client, ministry_staff).get(url).content.decode()
    assert "/end/" in body and "/new/" in body


def test_national_staff_change_a_steps_target_days_and_the_audit_keeps_both_values(client, ministry_staff):
    step = Step.objects.get(code="registration")
    old_days = step.target_days
    assert old_days is not None
    response = login(client, ministry_staff).post(
        reverse("rules:edit", args=["steps", step.pk]),
        {
            "name_id": step.name_id,
            "name_en": step.name_en,
            "target_days": old_days + 5,
            "min_age_to_complete": "",
            "legal_basis": step.legal_basis,
            "valid_from": step.valid_from.isoformat(),
            "valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    step.refresh_from_db()
    assert step.target_days == old_days + 5
    log = AuditLog.objects.get(event=AuditEvent.RULE_UPDATED)
    assert log.actor == ministry_staff and log.subject_type == "migration_cases.step" and log.subject_id == str(step.pk)
    assert log.changes == {"target_days": [old_days, old_days + 5]}
    assert log.region_code == ""


def test_an_edit_that_changes_nothing_writes_no_audit_row(ministry_staff):
    table = get_table("jobs")
    job = Job.objects.get(code="juru_masak")
    services.rule_update(
        table=table,
        row=job,
        values={"name_id": job.name_id, "name_en": job.name_en, "sector": job.sector, "is_active": True},
        actor=ministry_staff,
    )
    assert not AuditLog.objects.exists()


def test_ending_a_zero_cost_rule_changes_what_placement_reads_after_its_end(client, ministry_staff):
    zero = _zero_cost()
    end = datetime.date(2026, 12, 31)
    assert placement.is_zero_cost(zero.job, datetime.date(2027, 1, 1))
    response = login(client, ministry_staff).post(
        reverse("rules:end", args=["zero-cost-jobs", zero.pk]), {"valid_to": end.isoformat()}
    )
    assert response.status_code == 302
    assert placement.is_zero_cost(zero.job, end)
    assert not placement.is_zero_cost(zero.job, datetime.date(2027, 1, 1))
    assert zero.job_id not in placement.zero_cost_job_ids(datetime.date(2027, 1, 1))
    # The row stays, with its end, and the list still shows it.
    zero.refresh_from_db()
    assert zero.valid_to == end
    log = AuditLog.objects.get(event=AuditEvent.RULE_ENDED)
    assert log.changes == {"valid_to": [None, "2026-12-31"]}
    assert ZeroCostJob.objects.count() == 10


def test_an_ended_rule_is_shown_as_ended_and_stays_in_the_list(client, ministry_staff):
    zero = _zero_cost()
    services.rule_end(
        table=get_table("zero-cost-jobs"), row=zero, valid_to=TODAY.replace(year=2021), actor=ministry_staff
    )
    body = login(client, ministry_staff).get(reverse("rules:table", args=["zero-cost-jobs"])).content.decode()
    assert f'id="row-{zero.pk}"' in body
    assert body.count(">berakhir<") == 1 and body.count(">berlaku<") == 9


def test_a_rule_ends_only_earlier_than_it_already_does_and_not_before_it_starts(ministry_staff):
    table = get_table("zero-cost-jobs")
    zero = _zero_cost()
    with pytest.raises(ValidationError) as exc:
        services.rule_end(
            table=table, row=zero, valid_to=zero.valid_from - datetime.timedelta(days=1), actor=ministry_staff
        )
    assert "valid_to" in exc.value.message_dict
    services.rule_end(table=table, row=zero, valid_to=datetime.date(2030, 1, 1), actor=ministry_staff)
    with pytest.raises(ValidationError):
        services.rule_end(table=table, row=zero, valid_to=datetime.date(2030, 1, 1), actor=ministry_staff)
    services.rule_end(table=table, row=zero, valid_to=datetime.date(2029, 1, 1), actor=ministry_staff)
    assert AuditLog.objects.filter(event=AuditEvent.RULE_ENDED).count() == 2


def test_validation_errors_save_nothing_and_say_why_in_indonesian(client, ministry_staff):
    step = Step.objects.get(code="registration")
    before = {f: getattr(step, f) for f in ("target_days", "legal_basis", "valid_to", "name_id")}
    response = login(client, ministry_staff).post(
        reverse("rules:edit", args=["steps", step.pk]),
        {
            "name_id": "Nama baru",
            "name_en": step.name_en,
            "target_days": 1,
            "legal_basis": "   ",
            "valid_from": "2020-01-01",
            "valid_to": "2019-12-31",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in body
    assert "Sebutkan dasar hukum aturan ini" in body
    step.refresh_from_db()
    assert {f: getattr(step, f) for f in before} == before
    assert not AuditLog.objects.exists()


def test_a_service_error_after_form_checks_saves_nothing(ministry_staff):
    table = get_table("moratorium-lists")
    applied = MoratoriumList.objects.get(is_applied=True)
    countries = sorted(applied.countries.values_list("country", flat=True))
    with pytest.raises(ValidationError):
        services.rule_update(
            table=table,
            row=applied,
            values={
                "name": "x",
                "is_applied": True,
                "note": "",
                "legal_basis": "Kepmenaker 260/2015",
                "valid_from": datetime.date(2015, 7, 1),
                "valid_to": datetime.date(2014, 1, 1),
            },
            countries=["SA"],
            actor=ministry_staff,
        )
    applied.refresh_from_db()
    assert applied.name != "x" and sorted(applied.countries.values_list("country", flat=True)) == countries
    assert not AuditLog.objects.exists()


def test_moratorium_countries_are_edited_as_a_set_and_the_change_is_what_placement_enforces(client, ministry_staff):
    applied = MoratoriumList.objects.get(is_applied=True)
    countries = sorted(applied.countries.values_list("country", flat=True))
    new = [c for c in countries if c != "JO"] + ["PK"]
    response = login(client, ministry_staff).post(
        reverse("rules:edit", args=["moratorium-lists", applied.pk]),
        {
            "name": applied.name,
            "is_applied": "on",
            "note": applied.note,
            "legal_basis": applied.legal_basis,
            "valid_from": applied.valid_from.isoformat(),
            "valid_to": "",
            "countries": new,
        },
    )
    assert response.status_code == 302, response.content.decode()
    closed = placement.moratorium_countries("individual", TODAY)
    assert "PK" in closed and "JO" not in closed and len(closed) == 19
    log = AuditLog.objects.get(event=AuditEvent.RULE_UPDATED)
    assert log.changes == {"countries": [",".join(countries), ",".join(sorted(new))]}


def test_switching_off_the_enforced_list_is_a_flag(ministry_staff):
    table = get_table("moratorium-lists")
    applied = MoratoriumList.objects.get(is_applied=True)
    services.rule_update(
        table=table,
        row=applied,
        values={"is_applied": False},
        actor=ministry_staff,
    )
    assert placement.moratorium_countries("individual", TODAY) == set()
    assert AuditLog.objects.get().changes == {"is_applied": [True, False]}


def test_a_country_list_needs_real_countries(ministry_staff):
    table = get_table("moratorium-lists")
    applied = MoratoriumList.objects.get(is_applied=True)
    for countries in ([], ["XX"], ["ID"]):
        with pytest.raises(ValidationError) as exc:
            services.rule_update(table=table, row=applied, values={}, countries=countries, actor=ministry_staff)
        assert "countries" in exc.value.message_dict


def test_staff_add_a_zero_cost_row_and_an_spsk_row(client, ministry_staff):
    job = Job.objects.get(code="production_operator")
    login(client, ministry_staff)
    response = client.post(
        reverse("rules:create", args=["zero-cost-jobs"]),
        {"job": job.pk, "note": "", "legal_basis": "Permen P2MI 17/2025", "valid_from": "2027-01-01", "valid_to": ""},
    )
    assert response.status_code == 302, response.content.decode()
    assert not placement.is_zero_cost(job, TODAY)
    assert placement.is_zero_cost(job, datetime.date(2027, 1, 1))
    log = AuditLog.objects.get(event=AuditEvent.RULE_CREATED)
    assert log.changes["job"] == [None, job.pk] and log.changes["legal_basis"] == [None, "Permen P2MI 17/2025"]
    # SPSK rows are unique per country and job: a second one is refused with a message.
    spsk = SpskJob.objects.select_related("job").earliest("pk")
    data = {"country": spsk.country, "job": spsk.job_id, "legal_basis": "x", "valid_from": "2026-01-01", "valid_to": ""}
    response = client.post(reverse("rules:create", args=["spsk-jobs"]), data)
    assert response.status_code == 400
    assert SpskJob.objects.filter(country=spsk.country, job=spsk.job).count() == 1
    response = client.post(reverse("rules:create", args=["spsk-jobs"]), {**data, "country": "XX"})
    assert response.status_code == 400
    assert AuditLog.objects.count() == 1


def test_a_new_protected_cost_needs_its_own_code(ministry_staff):
    table = get_table("protected-costs")
    values = {
        "code": "paspor",
        "order": 20,
        "name_id": "Paspor",
        "name_en": "Passport",
        "legal_basis": "x",
        "valid_from": TODAY,
        "valid_to": None,
    }
    with pytest.raises(ValidationError) as exc:
        services.rule_create(table=table, values=values, actor=ministry_staff)
    assert "code" in exc.value.message_dict
    services.rule_create(table=table, values={**values, "code": "biaya_baru"}, actor=ministry_staff)
    assert ProtectedCost.objects.count() == 15


def test_only_national_staff_write_through_the_services(regency_officer, facilitator_a):
    zero = _zero_cost()
    for actor in (regency_officer, facilitator_a):
        with pytest.raises(PermissionDenied):
            services.rule_end(table=get_table("zero-cost-jobs"), row=zero, valid_to=TODAY, actor=actor)
        with pytest.raises(PermissionDenied):
            services.rule_update(table=get_table("jobs"), row=zero.job, values={"is_active": False}, actor=actor)


def test_document_types_are_added_with_the_step_that_needs_them(ministry_staff):
    step = Step.objects.get(code="registration")
    row = services.rule_create(
        table=get_table("document-types"),
        values={
            "code": "sertifikat_bahasa",
            "name_id": "Sertifikat bahasa",
            "name_en": "Language certificate",
            "required_for": step,
            "expires": True,
            "legal_basis": "Permen P2MI 4/2025",
            "valid_from": TODAY,
            "valid_to": None,
        },
        actor=ministry_staff,
    )
    assert DocumentType.objects.get(code="sertifikat_bahasa").required_for == step
    assert AuditLog.objects.get().changes["required_for"] == [None, step.pk]
    assert row.pk


def test_index_page_has_a_fixed_number_of_queries(client, ministry_staff, django_assert_num_queries):
    # session, user with role assignments, then one count per table
    login(client, ministry_staff)
    with django_assert_num_queries(2 + len(TABLES)):
        assert client.get(reverse("rules:index")).status_code == 200


@pytest.mark.parametrize("slug", [t.slug for t in TABLES])
def test_list_pages_have_a_fixed_number_of_queries_whatever_the_rows(
    client, ministry_staff, django_assert_num_queries, slug
):
    # session, user with role assignments, the rows with their related rows (the tables hold 2 to 27
    # rows, so one query per row would show), and the countries of the moratorium lists
    table = get_table(slug)
    login(client, ministry_staff)
    with django_assert_num_queries(3 + (1 if table.countries else 0)):
        assert client.get(reverse("rules:table", args=[slug])).status_code == 200


def test_only_national_staff_hold_the_right_to_change_the_rules():
    holders = {role for role, perms in ROLE_PERMISSIONS.items() if Perm.RULES_CHANGE in perms}
    assert holders == {Role.NATIONAL_STAFF}


def test_a_national_role_assigned_to_a_regency_by_mistake_may_not_write(regions):
    # Only a national assignment counts, as for the agency registry.
    staff = make_user("staff_x", Role.NATIONAL_STAFF, "35.07")
    assert selectors.may_read(staff) and not selectors.may_change(staff)
    with pytest.raises(PermissionDenied):
        services.rule_end(table=get_table("zero-cost-jobs"), row=_zero_cost(), valid_to=TODAY, actor=staff)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.slug)
def test_every_form_of_every_table_renders_for_national_staff(client, ministry_staff, table):
    login(client, ministry_staff)
    row = table.model._default_manager.order_by("pk").first()
    if table.can_add:
        assert client.get(reverse("rules:create", args=[table.slug])).status_code == 200
    if table.can_edit:
        body = client.get(reverse("rules:edit", args=[table.slug, row.pk])).content.decode()
        assert 'name="' + table.edit_fields[0] + '"' in body
    if table.can_end:
        assert client.get(reverse("rules:end", args=[table.slug, row.pk])).status_code == 200


def test_the_edit_form_shows_the_current_countries_of_a_list(client, ministry_staff):
    applied = MoratoriumList.objects.get(is_applied=True)
    body = login(client, ministry_staff).get(reverse("rules:edit", args=["moratorium-lists", applied.pk])).content
    assert body.decode().count("selected") == applied.countries.count()


def test_the_navigation_links_the_rules_for_those_who_may_read_them(client, facilitator_a, treasurer, partner):
    for user, shown in ((facilitator_a, True), (treasurer, False), (partner, False)):
        body = login(client, user).get(reverse("core:home")).content.decode()
        assert ('href="/rules/"' in body) is shown, user.username
