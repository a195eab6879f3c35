"""Cooperative pages: the scoping matrix, forms with bad input, query-count pins, XLSX exports."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from conftest import VILLAGE_A, VILLAGE_B, login, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services
from desmigratif.cooperatives.models import (
    Cooperative,
    JournalEntry,
    Member,
    SavingsAccount,
    SavingsKind,
    SavingsTransaction,
)
from desmigratif.cooperatives.tests.books import d, make_books
from desmigratif.core.testing import assert_access, list_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(cooperative, treasurer):
    return make_books(cooperative, treasurer)


@pytest.fixture
def treasurer_b(regions):
    return make_user("treasurer_b", Role.COOPERATIVE_OFFICER, VILLAGE_B)


def test_pages_matrix(
    client, cooperative, books, treasurer, treasurer_b, facilitator_a, regency_officer, ministry_staff, partner
):
    secrets = ["Siti Aminah", cooperative.name]
    c = cooperative.pk
    m = books.pk
    for name, args in [
        ("cooperatives:detail", [c]),
        ("cooperatives:members", [c]),
        ("cooperatives:member", [c, m]),
        ("cooperatives:mandatory_due", [c]),
        ("cooperatives:journal", [c]),
        ("cooperatives:trial_balance", [c]),
        ("cooperatives:balance_sheet", [c]),
        ("cooperatives:income_statement", [c]),
    ]:
        assert_access(
            client,
            reverse(name, args=args),
            allowed=[treasurer, regency_officer, ministry_staff],
            not_found=[treasurer_b, facilitator_a, partner],
            secrets=secrets,
        )
    for name, args in [("cooperatives:join", [c]), ("cooperatives:entry_create", [c])]:
        assert_access(
            client,
            reverse(name, args=args),
            allowed=[treasurer],
            not_found=[treasurer_b, facilitator_a, partner],
            forbidden=[regency_officer, ministry_staff],
            secrets=secrets,
        )
    assert_access(
        client,
        reverse("cooperatives:list"),
        allowed=[treasurer, treasurer_b, regency_officer, ministry_staff],
        forbidden=[facilitator_a, partner],
    )
    assert_access(
        client,
        reverse("cooperatives:create"),
        allowed=[treasurer, treasurer_b],
        forbidden=[facilitator_a, partner, regency_officer, ministry_staff],
    )


def test_list_shows_only_cooperatives_in_scope(client, cooperative, treasurer_b):
    response = login(client, treasurer_b).get(reverse("cooperatives:list"))
    assert cooperative.name not in response.content.decode()


def test_posts_are_refused_outside_scope_and_nothing_is_written(
    client, cooperative, books, treasurer_b, regency_officer
):
    voluntary = SavingsAccount.objects.get(member=books, kind=SavingsKind.VOLUNTARY)
    before = SavingsTransaction.objects.count(), JournalEntry.objects.count()
    data = {"deposit-kind": "voluntary", "deposit-amount": "10.000", "deposit-date": "2026-11-10"}
    url = reverse("cooperatives:deposit", args=[cooperative.pk, books.pk])
    assert login(client, treasurer_b).post(url, data).status_code == 404
    assert login(client, regency_officer).post(url, data).status_code == 403
    assert (SavingsTransaction.objects.count(), JournalEntry.objects.count()) == before
    voluntary.refresh_from_db()
    assert voluntary.balance == Decimal("200000.00")


def test_deposit_accepts_grouped_and_plain_rupiah(client, cooperative, books, treasurer):
    url = reverse("cooperatives:deposit", args=[cooperative.pk, books.pk])
    login(client, treasurer)
    for amount in ("1.500.000", "1500000"):
        response = client.post(
            url, {"deposit-kind": "voluntary", "deposit-amount": amount, "deposit-date": "2026-11-10"}
        )
        assert response.status_code == 302
    assert SavingsAccount.objects.get(member=books, kind=SavingsKind.VOLUNTARY).balance == Decimal("3200000.00")


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        (
            "deposit",
            {"deposit-kind": "voluntary", "deposit-amount": "1,5jt", "deposit-date": "2026-11-10"},
            "Tulis jumlah",
        ),
        (
            "withdraw",
            {"withdraw-kind": "voluntary", "withdraw-amount": "999.999", "withdraw-date": "2026-11-10"},
            "Saldo",
        ),
        (
            "deposit",
            {"deposit-kind": "voluntary", "deposit-amount": "10.000", "deposit-date": "2099-01-01"},
            "masa depan",
        ),
    ],
)
def test_bad_savings_input_is_refused_in_indonesian(client, cooperative, books, treasurer, url_name, data, message):
    before = SavingsTransaction.objects.count(), JournalEntry.objects.count()
    response = login(client, treasurer).post(reverse(f"cooperatives:{url_name}", args=[cooperative.pk, books.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (SavingsTransaction.objects.count(), JournalEntry.objects.count()) == before


def test_setup_form_requires_shu_to_sum_to_100(client, regions, treasurer):
    data = {
        "village": VILLAGE_A,
        "name": "Koperasi Maju",
        "founded_on": "2020-01-01",
        "fiscal_year_start_month": "1",
        "principal_savings_amount": "100.000",
        "mandatory_savings_amount": "20.000",
        "mandatory_savings_period_months": "1",
        "shu_reserve": "40",
        "shu_jasa_modal": "20",
        "shu_jasa_usaha": "20",
        "shu_management": "5",
        "shu_employees": "5",
        "shu_education": "5",
        "shu_social": "10",
        "shu_regional": "0",
    }
    login(client, treasurer)
    response = client.post(reverse("cooperatives:create"), data)
    assert response.status_code == 400
    assert "105" in response.content.decode() and "100%" in response.content.decode()
    assert not Cooperative.objects.exists()
    # The defaults pre-filled on the form add up to 100.
    page = client.get(reverse("cooperatives:create")).content.decode()
    assert 'name="shu_reserve"' in page and 'value="40"' in page
    data["shu_social"] = "5"
    response = client.post(reverse("cooperatives:create"), data)
    assert response.status_code == 302
    cooperative = Cooperative.objects.get()
    assert cooperative.principal_savings_amount == Decimal("100000.00")
    assert cooperative.accounts.count() > 20


def test_register_member_deposit_withdraw_leave(client, cooperative, treasurer):
    person = make_person(treasurer, VILLAGE_A, full_name="Budi Santoso")
    login(client, treasurer)
    page = client.get(reverse("cooperatives:join", args=[cooperative.pk]), {"q": "budi"}).content.decode()
    assert "Budi Santoso" in page
    response = client.post(
        reverse("cooperatives:join", args=[cooperative.pk]), {"person": person.pk, "date": "2026-11-02"}
    )
    member = Member.objects.get(person=person)
    assert response.status_code == 302
    base = [cooperative.pk, member.pk]
    client.post(
        reverse("cooperatives:deposit", args=base),
        {"deposit-kind": "voluntary", "deposit-amount": "250.000", "deposit-date": "2026-11-03"},
    )
    client.post(
        reverse("cooperatives:withdraw", args=base),
        {"withdraw-kind": "voluntary", "withdraw-amount": "50.000", "withdraw-date": "2026-11-04"},
    )
    page = client.get(reverse("cooperatives:member", args=base)).content.decode()
    assert "Rp200.000,00" in page and "Rp300.000,00" in page  # voluntary; total with pokok
    assert client.post(reverse("cooperatives:leave", args=base), {"leave-date": "2026-11-05"}).status_code == 302
    member.refresh_from_db()
    assert member.status == "left"
    assert sum(a.balance for a in member.savings_accounts.all()) == 0


def test_manual_entry_reverse_and_close(client, cooperative, books, treasurer):
    login(client, treasurer)
    accounts = {a.role: a.pk for a in cooperative.accounts.all()}
    url = reverse("cooperatives:entry_create", args=[cooperative.pk])
    bad = {
        "date": "2026-11-10",
        "description": "x",
        "debit_account": accounts["cash"],
        "credit_account": accounts["cash"],
        "amount": "1.000",
    }
    assert client.post(url, bad).status_code == 400
    good = {**bad, "credit_account": accounts["other_income"], "description": "Sewa"}
    assert client.post(url, good).status_code == 302
    entry = JournalEntry.objects.get(description="Sewa")
    response = client.post(
        reverse("cooperatives:entry_reverse", args=[cooperative.pk, entry.pk]),
        {"reason": "salah", "date": "2026-11-11"},
    )
    assert response.status_code == 302
    assert JournalEntry.objects.filter(reversal_of=entry).exists()
    close = reverse("cooperatives:period_close", args=[cooperative.pk])
    assert client.post(close, {"month": "2026-10"}).status_code == 302
    response = client.post(close, {"month": "2026-10"})
    assert response.status_code == 400 and "sudah ditutup" in response.content.decode()


def test_query_counts(client, cooperative, books, treasurer, django_assert_num_queries):
    """Pinned query counts; a second page of members/rows must not add queries per row."""
    for i in range(5):
        person = make_person(treasurer, VILLAGE_A, full_name=f"Anggota {i}")
        from desmigratif.cooperatives import services
        from desmigratif.cooperatives.tests.books import d

        services.member_join(cooperative=cooperative, person=person, date=d("2026-11-01"), actor=treasurer)
    login(client, treasurer)
    c = cooperative.pk
    counts = {
        reverse("cooperatives:list"): 4,
        reverse("cooperatives:detail", args=[c]): 5,
        reverse("cooperatives:members", args=[c]): 5,
        reverse("cooperatives:member", args=[c, books.pk]): 7,
        reverse("cooperatives:mandatory_due", args=[c]): 4,
        reverse("cooperatives:journal", args=[c]): 6,
        reverse("cooperatives:trial_balance", args=[c]): 4,
        reverse("cooperatives:balance_sheet", args=[c]): 4,
        reverse("cooperatives:income_statement", args=[c]): 4,
    }
    client.get(reverse("cooperatives:list"))  # warm the session
    for url, expected in counts.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, url


def test_xlsx_exports_have_the_same_totals(client, cooperative, books, treasurer):
    login(client, treasurer)
    c = cooperative.pk
    response = client.get(
        reverse("cooperatives:trial_balance", args=[c]), {"start": "2026-11-01", "end": "2026-11-30", "format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[4][:3] == ("Kode", "Akun", "Debit awal")  # Indonesian headers
    assert rows[-1][1:] == ("Total", 425000.50, 425000.50, 100000.25, 100000.25, 395000.50, 395000.50)
    response = client.get(reverse("cooperatives:balance_sheet", args=[c]), {"date": "2026-11-30", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1] == ("Total kewajiban dan ekuitas", 365000.25)
    response = client.get(
        reverse("cooperatives:income_statement", args=[c]),
        {"start": "2026-10-01", "end": "2026-11-30", "format": "xlsx"},
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1] == ("Sisa hasil usaha (SHU)", 45000.25)


def test_report_pages_show_rupiah_and_refuse_a_reversed_period(client, cooperative, books, treasurer):
    login(client, treasurer)
    page = client.get(reverse("cooperatives:balance_sheet", args=[cooperative.pk]), {"date": "2026-11-30"})
    assert "Rp365.000,25" in page.content.decode()
    response = client.get(
        reverse("cooperatives:income_statement", args=[cooperative.pk]), {"start": "2026-11-30", "end": "2026-11-01"}
    )
    assert response.status_code == 400


def test_member_search_answers_htmx_with_the_results_fragment(client, cooperative, books, treasurer):
    person = make_person(treasurer, VILLAGE_A, full_name="Bagus Wicaksono")
    from desmigratif.cooperatives import services
    from desmigratif.cooperatives.tests.books import d

    services.member_join(cooperative=cooperative, person=person, date=d("2026-11-01"), actor=treasurer)
    login(client, treasurer)
    url = reverse("cooperatives:members", args=[cooperative.pk])
    fragment = client.get(url, {"q": "bagus"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="results"')
    assert "Bagus Wicaksono" in fragment and "Siti Aminah" not in fragment
    by_number = client.get(url, {"q": "00001"}).content.decode()
    assert "Siti Aminah" in by_number and "Bagus Wicaksono" not in by_number
    assert "Bagus" not in client.get(url, {"status": "left"}).content.decode()


def test_each_member_row_shows_the_link_number_name_status_and_balances(client, cooperative, books, treasurer):
    person = make_person(treasurer, VILLAGE_A, full_name="Budi Santoso", sex="M")
    left = services.member_join(cooperative=cooperative, person=person, date=d("2026-11-01"), actor=treasurer)
    services.member_leave(member=left, date=d("2026-11-06"), actor=treasurer)
    body = login(client, treasurer).get(reverse("cooperatives:members", args=[cooperative.pk])).content.decode()
    for member, name in ((books, "Siti Aminah"), (left, "Budi Santoso")):
        url = reverse("cooperatives:member", args=[cooperative.pk, member.pk])
        assert f'<a class="name" href="{url}">{member.number} · {name}</a>' in list_row(body, name)
    # The books' member is active (no status badge) with pokok 100.000, wajib 20.000 and sukarela
    # 250.000 in less 50.000 out; the one who left was paid every balance back.
    row = list_row(body, "Siti Aminah")
    assert 'class="badge' not in row
    assert '<div class="meta">Pokok Rp100.000,00 · Wajib Rp20.000,00 · Sukarela Rp200.000,00</div>' in row
    row = list_row(body, "Budi Santoso")
    assert '<span class="badge">Keluar</span>' in row
    assert '<div class="meta">Pokok Rp0,00 · Wajib Rp0,00 · Sukarela Rp0,00</div>' in row


def test_manual_entry_of_several_lines(client, cooperative, books, treasurer):
    login(client, treasurer)
    accounts = {a.role: a.pk for a in cooperative.accounts.all()}
    url = reverse("cooperatives:entry_lines_create", args=[cooperative.pk])
    assert client.get(url).status_code == 200
    data = {
        "date": "2026-11-12",
        "description": "Honor dan ATK",
        "line-TOTAL_FORMS": "4",
        "line-INITIAL_FORMS": "0",
        "line-0-account": accounts["salaries_expense"],
        "line-0-debit": "100.000",
        "line-1-account": accounts["admin_expense"],
        "line-1-debit": "25.000,50",
        "line-2-account": accounts["cash"],
        "line-2-credit": "125.000,50",
    }
    unbalanced = {**data, "line-2-credit": "125.000"}
    response = client.post(url, unbalanced)
    assert response.status_code == 400 and "harus sama" in response.content.decode()
    assert not JournalEntry.objects.filter(description="Honor dan ATK").exists()
    both_sides = {**data, "line-0-credit": "1"}
    assert client.post(url, both_sides).status_code == 400
    assert client.post(url, data).status_code == 302
    entry = JournalEntry.objects.get(description="Honor dan ATK")
    assert sorted((line.debit, line.credit) for line in entry.lines.all()) == [
        (Decimal("0.00"), Decimal("125000.50")),
        (Decimal("25000.50"), Decimal("0.00")),
        (Decimal("100000.00"), Decimal("0.00")),
    ]
