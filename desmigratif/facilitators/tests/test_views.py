"""Facilitator pages: the scoping matrix, the report workflow through the pages, the overdue list,
the figures, and the query counts of every list page, export and the report page."""

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, login, make_person, make_user
from desmigratif.core.programme import PROGRAMME_START
from desmigratif.core.testing import assert_access
from desmigratif.facilitators import report, selectors, services
from desmigratif.facilitators.models import MonthlyReport, ReportStatus
from desmigratif.facilitators.tests.conftest import appointed, deliberate, start_report, visit
from desmigratif.remittances.models import Remittance
from desmigratif.rules.registry import get_table
from desmigratif.rules.services import rule_create

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC)
FEB = datetime.date(2026, 2, 1)


@pytest.fixture
def other_officer(regions):
    return make_user("disnaker_wonosobo", "regency_officer", "33.07")


@pytest.fixture
def submitted(pendamping_a, person_a):
    visit(pendamping_a, datetime.date(2026, 2, 3), people=[person_a], notes="Kunjungan rumah Siti Aminah")
    with time_machine.travel(NOW, tick=False):
        found = start_report(pendamping_a, FEB, narrative="Rahasia desa Brongkal")
        return services.report_submit(report_=found, actor=pendamping_a.user)


@time_machine.travel(NOW, tick=False)
def test_page_matrix(
    client,
    programme,
    submitted,
    pendamping_a,
    pendamping_b,
    regency_officer,
    other_officer,
    ministry_staff,
    partner,
    treasurer,
):
    secrets = ["Sri Rahayu", "Siti Aminah", "Rahasia desa Brongkal"]
    outsiders_404 = [pendamping_b.user, other_officer, partner, treasurer]
    for url in (
        reverse("facilitators:detail", args=[pendamping_a.pk]),
        reverse("facilitators:deliberation", args=[pendamping_a.deliberation_id]),
        reverse("facilitators:report", args=[submitted.pk]),
    ):
        assert_access(
            client,
            url,
            allowed=[pendamping_a.user, regency_officer, ministry_staff],
            not_found=outsiders_404,
            secrets=secrets,
        )
    for name, query in (
        ("facilitators:list", ""),
        ("facilitators:list", "?format=csv"),
        ("facilitators:visits", ""),
        ("facilitators:visits", "?format=csv"),
        ("facilitators:reports", ""),
        ("facilitators:reports", "?format=csv"),
        ("facilitators:overdue", ""),
        ("facilitators:overdue", "?format=csv"),
        ("facilitators:deliberations", ""),
    ):
        assert_access(
            client,
            reverse(name) + query,
            allowed=[pendamping_a.user, pendamping_b.user, regency_officer, other_officer, ministry_staff],
            forbidden=[partner, treasurer],
            secrets=secrets,
        )
    # Lists of another village's facilitator or another regency's officer show none of it.
    for user in (pendamping_b.user, other_officer):
        login(client, user)
        for name in ("facilitators:list", "facilitators:visits", "facilitators:reports", "facilitators:deliberations"):
            body = client.get(reverse(name)).content.decode()
            assert not any(s in body for s in secrets), (user, name)
            if name != "facilitators:deliberations":
                body = client.get(reverse(name), {"format": "csv"}).content.decode("utf-8-sig")
                assert not any(s in body for s in secrets), (user, name, "csv")
    # Writes: only the village's regency office decides, only the village's facilitator writes.
    assert_access(
        client,
        reverse("facilitators:report_approve", args=[submitted.pk]),
        method="post",
        allowed=[regency_officer],
        allowed_status=302,
        not_found=outsiders_404,
        forbidden=[pendamping_a.user, ministry_staff],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("facilitators:end", args=[pendamping_a.pk]),
        method="post",
        data={"ended_on": "2026-03-01", "reason": "Pindah"},
        allowed=[regency_officer],
        allowed_status=302,
        not_found=outsiders_404,
        forbidden=[pendamping_a.user, ministry_staff],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("facilitators:deliberation_create"),
        allowed=[regency_officer, other_officer],
        forbidden=[pendamping_a.user, ministry_staff, partner, treasurer],
    )


def test_writes_refuse_get(client, pendamping_a):
    login(client, pendamping_a.user)
    assert client.get(reverse("facilitators:report_create")).status_code == 405
    assert client.get(reverse("facilitators:end", args=[pendamping_a.pk])).status_code == 405


@time_machine.travel(NOW, tick=False)
def test_the_report_workflow_through_the_pages(client, pendamping_a, regency_officer, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are checked in English
    login(client, pendamping_a.user)
    response = client.post(reverse("facilitators:report_create"), {"village": VILLAGE_A, "month": "2026-02"})
    found = MonthlyReport.objects.get()
    assert response.status_code == 302 and found.status == ReportStatus.DRAFT
    url = reverse("facilitators:report_edit", args=[found.pk])
    response = client.post(url, {"narrative": "", "submit": "1"})
    assert response.status_code == 400 and "Write the narrative of the month" in response.content.decode()
    response = client.post(url, {"narrative": "Tiga kunjungan rumah.", "submit": "1"})
    assert response.status_code == 302
    # Submitting twice is refused with a 4xx and says why.
    response = client.post(url, {"narrative": "lagi", "submit": "1"})
    assert response.status_code == 400
    assert "can only be changed while it is a draft or returned" in response.content.decode()
    login(client, regency_officer)
    response = client.post(reverse("facilitators:report_return", args=[found.pk]), {"comment": ""})
    assert response.status_code == 400 and "a returned report needs a comment" in response.content.decode()
    response = client.post(reverse("facilitators:report_return", args=[found.pk]), {"comment": "Lengkapi."})
    assert response.status_code == 302
    response = client.post(reverse("facilitators:report_approve", args=[found.pk]))
    assert response.status_code == 400
    assert "Only a submitted report can be approved or returned" in response.content.decode()
    found.refresh_from_db()
    assert found.status == ReportStatus.RETURNED


def test_the_overdue_list_per_regency(client, pendamping_a, pendamping_b, regency_officer, other_officer):
    today = datetime.date(2026, 4, 20)  # March is due on 10 April; April not yet
    with time_machine.travel(datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC), tick=False):
        services.report_submit(report_=start_report(pendamping_a, FEB), actor=pendamping_a.user)
    with time_machine.travel(datetime.datetime(2026, 4, 12, 3, tzinfo=datetime.UTC), tick=False):
        start_report(pendamping_b, datetime.date(2026, 3, 1))  # a draft: still overdue
    rows = selectors.overdue_reports(regency_officer, today)
    got = [(o.village.code, o.month, o.report is not None) for o in rows]
    assert got == [  # by due day, then village name (Arjowilangun is B)
        (VILLAGE_B, datetime.date(2026, 1, 1), False),
        (VILLAGE_A, datetime.date(2026, 1, 1), False),
        (VILLAGE_B, datetime.date(2026, 2, 1), False),
        (VILLAGE_B, datetime.date(2026, 3, 1), True),
        (VILLAGE_A, datetime.date(2026, 3, 1), False),
    ]
    assert rows[0].due_on == datetime.date(2026, 2, 10)
    assert selectors.overdue_reports(other_officer, today) == []
    assert [o.village.code for o in selectors.overdue_reports(pendamping_b.user, today)] == [VILLAGE_B] * 3


def test_the_overdue_reports_of_a_wider_area_are_counted_per_regency(
    client,
    settings,
    django_assert_num_queries,
    pendamping_a,
    pendamping_b,
    other_officer,
    regency_officer,
    ministry_staff,
):
    appointed(other_officer, VILLAGE_C, "Wati Lestari", "wati.lestari")
    settings.FACILITATOR_REPORT_DUE_DAYS = 10
    with time_machine.travel(datetime.datetime(2026, 4, 20, 3, tzinfo=datetime.UTC), tick=False):
        with time_machine.travel(datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC), tick=False):
            services.report_submit(report_=start_report(pendamping_a, FEB), actor=pendamping_a.user)
        login(client, ministry_staff)
        # session, user with roles, appointments (villages joined), reports, the regencies' names
        with django_assert_num_queries(5):
            body = client.get(reverse("facilitators:overdue")).content.decode()
        table = body.split('id="overdue-regencies"')[1].split("</table>")[0]
        # Malang: A owes January and March, B January to March; Wonosobo: C January to March.
        assert [cells[:3] for cells in _cells(table)] == [
            ["Kabupaten Malang", "5", "2"],
            ["Kabupaten Wonosobo", "3", "1"],
        ]
        assert "?regency=35.07" in table
        assert "Brongkal" not in body  # the villages are one click further

        body = client.get(reverse("facilitators:overdue"), {"regency": "35.07"}).content.decode()
        assert "Kabupaten Malang" in body and "Brongkal" in body and "Arjowilangun" in body
        assert "Kuripan" not in body
        assert f'<a href="{reverse("facilitators:overdue")}">' in body  # back to the regencies

        # A regency officer sees the list itself, and only of their own regency.
        login(client, regency_officer)
        body = client.get(reverse("facilitators:overdue")).content.decode()
        assert 'id="overdue-regencies"' not in body and "Brongkal" in body and "Kuripan" not in body
        for bad in ("33.07", "35", "35.07.33", "x"):
            assert client.get(reverse("facilitators:overdue"), {"regency": bad}).status_code == 404

        # Pages of the list keep the regency.
        settings.PAGE_SIZE = 2
        login(client, ministry_staff)
        body = client.get(reverse("facilitators:overdue"), {"regency": "35.07", "page": 3}).content.decode()
        assert body.count('<li><span class="name">') == 1
        assert "regency=35.07&amp;page=2" in body


def _cells(table: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def test_the_report_figures_equal_the_data(pendamping_a, person_a, regency_officer):
    visit(pendamping_a, datetime.date(2026, 2, 3), people=[person_a])
    visit(pendamping_a, datetime.date(2026, 2, 9), kind="socialisation", attendees=30)
    visit(pendamping_a, datetime.date(2026, 3, 2))  # another month
    for day, amount in ((5, "2500000"), (20, "1500000.50")):
        Remittance.objects.create(
            village_id=VILLAGE_A,
            recipient=person_a,
            received_on=datetime.date(2026, 2, day),
            amount_received=Decimal(amount),
            sending_country="MY",
            amount_sent=Decimal("700"),
            currency_sent="MYR",
            fee=Decimal("10"),
            applied_rate=Decimal("3500"),
            mid_rate=Decimal("3550"),
            channel="bank",
            intended_use="education",
            total_cost_percent=Decimal("2.5"),
            created_by=regency_officer,
        )
    figures = report.compute_figures(VILLAGE_A, FEB)
    assert figures["visits"] == {
        "visits": "2",
        "home_visits": "1",
        "socialisation": "1",
        "document_help": "0",
        "people_met": "1",
    }
    assert figures["remittances"] == {"remittances": "2", "remittance_amount": "4000000.50"}
    assert set(figures) >= {"migration", "protection", "enterprises", "cooperative"}
    assert report.compute_figures(VILLAGE_B, FEB)["visits"]["visits"] == "0"


def chain(officer, n):
    """``n`` appointments in village A, each replacing the one before (through the services), and
    the last one's account; returns the active appointment."""
    active = None
    for i in range(n):
        person = make_person(officer, VILLAGE_A, full_name=f"Pendamping {i:02}")
        held = datetime.date(2025, 1, 1) + datetime.timedelta(days=10 * i)
        deliberation = deliberate(officer, [person], held_on=held, minutes_number=f"BA/{i:02}")
        active = services.facilitator_appoint(
            deliberation=deliberation,
            person=person,
            starts_on=held,
            actor=officer,
            replaces=active,
            end_reason="Diganti" if active else "",
            username=f"p{i:02}" if i == n - 1 else "",
        ).appointment
    return active


def _listed(officer: Any, rows: int) -> Any:
    """``rows`` facilitators in turn, ``rows`` visits to three people and ``rows`` reports."""
    active = chain(officer, rows)
    people = [make_person(officer, VILLAGE_A, full_name=f"Warga {i:02}") for i in range(3)]
    for i in range(rows):
        visit(active, datetime.date(2025, 12, 1 + i), people=people)
    with time_machine.travel(NOW, tick=False):
        for m in range(rows):
            services.report_start(village=active.village, month=datetime.date(2025, m + 1, 1), actor=active.user)
    return active


@pytest.mark.parametrize("rows", [2, 12])
def test_list_pages_cost_a_fixed_number_of_queries(client, regency_officer, rows, django_assert_num_queries):
    _listed(regency_officer, rows)
    login(client, regency_officer)
    # session, user with role assignments, village filter choices, own appointment, count, page (village,
    # person and user joined)
    with django_assert_num_queries(6):
        body = client.get(reverse("facilitators:list"), {"ended": "on"}).content.decode()
    assert f"Pendamping {rows - 1:02}" in body and "Pendamping 00" in body
    # session, user with roles, village choices, own appointment, count, page, people met
    with django_assert_num_queries(7):
        body = client.get(reverse("facilitators:visits")).content.decode()
    assert "Warga 00" in body
    # session, user with roles, filter villages (an officer writes no report), count, page
    with django_assert_num_queries(5):
        assert client.get(reverse("facilitators:reports")).status_code == 200
    # session, user with roles, count, page, chosen persons
    with django_assert_num_queries(5):
        assert client.get(reverse("facilitators:deliberations")).status_code == 200
    # session, user with roles, appointments (villages joined), reports
    with django_assert_num_queries(4):
        assert client.get(reverse("facilitators:overdue")).status_code == 200


def _xlsx_rows(response) -> list[tuple[Any, ...]]:
    """The data rows of an export: its first line is the header."""
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("rows", [2, 12])
def test_the_exports_cost_a_fixed_number_of_queries(client, regency_officer, rows, django_assert_num_queries):
    _listed(regency_officer, rows)
    login(client, regency_officer)
    # session, user with roles, village filter choices, appointments (village, person, user and
    # deliberation joined, visits counted)
    with django_assert_num_queries(4):
        response = client.get(reverse("facilitators:list"), {"ended": "on", "format": "xlsx"})
    found = _xlsx_rows(response)
    visit_counts = {row[1]: row[-2] for row in found}  # name → visits: the active one has them all
    assert len(found) == rows and visit_counts[f"Pendamping {rows - 1:02}"] == rows
    # session, user with roles, village choices, visits (village and facilitator joined), people met
    with django_assert_num_queries(5):
        response = client.get(reverse("facilitators:visits"), {"format": "xlsx"})
    assert len(_xlsx_rows(response)) == rows
    # session, user with roles, filter villages (an officer writes no report), reports
    with django_assert_num_queries(4):
        response = client.get(reverse("facilitators:reports"), {"format": "xlsx"})
    assert len(_xlsx_rows(response)) == rows


@pytest.mark.parametrize("visits", [1, 8])
def test_the_report_and_timeline_pages_cost_a_fixed_number_of_queries(
    client, pendamping_a, person_a, visits, django_assert_num_queries
):
    for i in range(visits):
        visit(pendamping_a, datetime.date(2026, 2, 1 + i), people=[person_a])
    with time_machine.travel(NOW, tick=False):
        found = start_report(pendamping_a, FEB)
        login(client, pendamping_a.user)
        # session, user with roles, report, the sections' 18 queries (3 + 3 + 3 + 3 + 3 + 1 + 2), history
        with django_assert_num_queries(3 + 18 + 1):
            body = client.get(reverse("facilitators:report", args=[found.pk])).content.decode()
        assert f'data-figure="visits">{visits}<' in body
        services.report_submit(report_=found, actor=pendamping_a.user)
        # Submitted: the frozen figures, no section query.
        with django_assert_num_queries(4):
            assert client.get(reverse("facilitators:report", args=[found.pk])).status_code == 200
        # session, user with roles, appointment, replaced by, visits, people met
        with django_assert_num_queries(6):
            body = client.get(reverse("facilitators:detail", args=[pendamping_a.pk])).content.decode()
        assert body.count("Siti Aminah") == visits


@time_machine.travel(NOW, tick=False)
def test_the_report_counts_the_learning_house(facilitator_a):
    from desmigratif.learning import services as learning
    from desmigratif.learning.tests import conftest as learning_tests

    volunteer = make_person(facilitator_a, VILLAGE_A, full_name="Relawan", birth_date=learning_tests.years_ago(30))
    house = learning_tests.make_house(facilitator_a, VILLAGE_A, volunteer)
    child = learning_tests.register(facilitator_a, house, learning_tests.make_family(facilitator_a))
    other = learning_tests.register(
        facilitator_a, house, learning_tests.make_family(facilitator_a, name="Dimas Saputra")
    )
    learning.attendance_record(
        session=learning_tests.hold(facilitator_a, house, volunteer), children=[child.pk, other.pk], actor=facilitator_a
    )
    parenting = learning_tests.hold(facilitator_a, house, volunteer, kind="parenting")
    learning.attendance_record(session=parenting, caregivers=[child.caregiver_id], actor=facilitator_a)
    learning.child_leave(child=other, left_on=timezone.localdate(), actor=facilitator_a)
    month = timezone.localdate().replace(day=1)
    assert report.compute_figures(VILLAGE_A, month)["learning"] == {
        "children": "1",  # the other one left before the month ended
        "children_registered": "2",
        "learning_sessions": "1",
        "parenting_sessions": "1",
        "children_present": "2",
        "caregivers_present": "1",
    }
    last_month = (month - datetime.timedelta(days=1)).replace(day=1)
    assert report.compute_figures(VILLAGE_A, last_month)["learning"]["children"] == "0"


def test_a_month_filter_out_of_range_is_a_form_error_not_a_500(client, pendamping_a):
    """Year 9999 passed the YYYY-MM check, and the month's end then overflowed the date type."""
    login(client, pendamping_a.user)
    for fmt in ({}, {"format": "xlsx"}):
        assert client.get(reverse("facilitators:visits"), {"month": "9999-12", **fmt}).status_code == 200
    body = client.get(reverse("facilitators:visits"), {"month": "9999-12"}).content.decode()
    assert "Tulis bulan sebagai TTTT-BB" in body  # the Indonesian message of the form
    response = client.post(reverse("facilitators:report_create"), {"village": VILLAGE_A, "month": "9999-12"})
    assert response.status_code == 400


@time_machine.travel(NOW, tick=False)
def test_a_refused_submission_saves_nothing(client, pendamping_a):
    """ "Save and submit" is one write: when the submission is refused, the narrative is not saved
    either, so the 400 page does not hide a half-done change."""
    found = start_report(pendamping_a, datetime.date(2026, 3, 1), narrative="Bulan ini baik.")
    login(client, pendamping_a.user)
    url = reverse("facilitators:report_edit", args=[found.pk])
    response = client.post(url, {"narrative": "Teks baru", "submit": "1"})  # March has not ended yet
    assert response.status_code == 400
    found.refresh_from_db()
    assert found.narrative == "Bulan ini baik." and found.status == ReportStatus.DRAFT
    assert client.post(url, {"narrative": "Teks baru"}).status_code == 302  # saving alone still works
    found.refresh_from_db()
    assert found.narrative == "Teks baru"


def test_replacing_on_the_earliest_date_is_a_400_not_a_500(client, programme, regency_officer):
    """A replacement dated 1 January of year 1 once overflowed (the replaced appointment ends the day
    before); no deliberation is older than the programme, so it is now refused with a message."""
    day = PROGRAMME_START
    first, second = (make_person(regency_officer, VILLAGE_A, full_name=n) for n in ("Satu", "Dua"))
    deliberation = deliberate(regency_officer, [first, second], held_on=day)
    old = services.facilitator_appoint(deliberation=deliberation, person=first, starts_on=day, actor=regency_officer)
    login(client, regency_officer)
    data = {"person": second.pk, "starts_on": "0001-01-01", "replaces": old.appointment.pk, "end_reason": "Pindah"}
    response = client.post(reverse("facilitators:appoint", args=[deliberation.pk]), data)
    assert response.status_code == 400
    old.appointment.refresh_from_db()
    assert old.appointment.ended_on is None


@time_machine.travel(NOW, tick=False)  # 5 March 2026
def test_a_replacement_dated_ahead_is_a_form_error_on_its_start(client, programme, regency_officer, settings):
    first, second = (make_person(regency_officer, VILLAGE_A, full_name=n) for n in ("Satu", "Dua"))
    deliberation = deliberate(regency_officer, [first, second])
    old = services.facilitator_appoint(
        deliberation=deliberation, person=first, starts_on=datetime.date(2026, 1, 15), actor=regency_officer
    ).appointment
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is checked in English
    login(client, regency_officer)
    url = reverse("facilitators:appoint", args=[deliberation.pk])
    data = {"person": second.pk, "starts_on": "2026-03-20", "replaces": old.pk, "end_reason": "Pindah"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "A replacement cannot start in the future" in response.content.decode()
    old.refresh_from_db()
    assert old.ended_on is None
    assert client.post(url, {**data, "starts_on": "2026-03-05"}).status_code == 302
    old.refresh_from_db()
    assert old.ended_on == datetime.date(2026, 3, 4)


def test_the_deliberation_form_offers_only_people_in_the_officers_area(client, regency_officer, facilitator_c):
    make_person(regency_officer, VILLAGE_A, full_name="Warga Brongkal")
    make_person(regency_officer, VILLAGE_B, full_name="Warga Arjowilangun")
    far = make_person(facilitator_c, "33.07.10.2004", full_name="Warga Kuripan")  # another regency
    login(client, regency_officer)
    url = reverse("facilitators:deliberation_create")
    body = client.get(url, {"q": "warga"}).content.decode()
    assert "Warga Brongkal" in body and "Warga Arjowilangun" in body and "Warga Kuripan" not in body
    assert [p.full_name for p in selectors.appoint_candidates(regency_officer, "warga", [far.pk])] == [
        "Warga Arjowilangun",
        "Warga Brongkal",
    ]
    # A ticked person outside the area is neither offered again nor accepted.
    response = client.post(url + "?q=brongkal", {"village": VILLAGE_A, "chosen": [far.pk]})
    body = response.content.decode()
    assert response.status_code == 400 and "Warga Kuripan" not in body and "Warga Brongkal" in body


def test_the_deliberation_form_states_the_number_the_rule_allows(client, regency_officer, ministry_staff):
    login(client, regency_officer)
    url = reverse("facilitators:deliberation_create")
    assert "lalu centang (paling banyak 2)." in client.get(url).content.decode()
    rule_create(
        table=get_table("facilitators-per-village"),
        values={"per_village": 3, "legal_basis": "Pedoman 2030", "valid_from": datetime.date(2025, 1, 1)},
        actor=ministry_staff,
    )
    assert "lalu centang (paling banyak 3)." in client.get(url).content.decode()


@pytest.mark.parametrize("chosen", [1, 2])
def test_the_deliberation_page_costs_a_fixed_number_of_queries(
    client, regency_officer, chosen, django_assert_num_queries
):
    people = [make_person(regency_officer, VILLAGE_A, full_name=f"Calon {i}") for i in range(chosen)]
    found = deliberate(regency_officer, people)
    login(client, regency_officer)
    # session, user with roles, deliberation, chosen persons, appointments (persons joined), the appoint
    # form's person choices (two: its options and the chosen list it renders again), the village's
    # active facilitators: nine whatever the number chosen
    with django_assert_num_queries(8):
        body = client.get(reverse("facilitators:deliberation", args=[found.pk])).content.decode()
    assert all(f"Calon {i}" in body for i in range(chosen))
