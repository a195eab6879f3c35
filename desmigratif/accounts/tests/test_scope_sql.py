"""The scope filter's SQL shape: what an index can serve (the timings live in bench/people_list.py)."""

import pytest

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C
from desmigratif.accounts.scope import Scope
from desmigratif.regions.models import Village, regency_key


def _where(scope, field="code"):
    return str(scope.apply(Village.objects.all(), field).query).partition("WHERE")[2]


@pytest.mark.parametrize("code", ["35", "35.07", "35.07.33"])
def test_an_area_scope_is_one_prefix_match_without_an_or(code):
    where = _where(Scope.of([code]))
    assert "LIKE" in where and " OR " not in where and "=" not in where


def test_a_village_scope_is_an_equality():
    where = _where(Scope.of([VILLAGE_A]))
    assert "LIKE" not in where and "=" in where


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["35.07"], {VILLAGE_A, VILLAGE_B}),
        (["35.07", VILLAGE_C], {VILLAGE_A, VILLAGE_B, VILLAGE_C}),
        (["35.07.33"], {VILLAGE_A}),
        (["35.0"], set()),
        (["35.07."], set()),
        (["3"], set()),
    ],
)
def test_the_prefix_match_selects_exactly_the_villages_below(regions, codes, expected):
    scope = Scope.of(codes)
    assert set(scope.apply(Village.objects.all(), "code").values_list("code", flat=True)) == expected


def _keyed(scope):
    return scope.apply(Village.objects.all(), "code", regency_key=regency_key("code"))


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["35.07"], {VILLAGE_A, VILLAGE_B}),
        (["35.07", "33.07"], {VILLAGE_A, VILLAGE_B, VILLAGE_C}),
        (["35.07", VILLAGE_C], {VILLAGE_A, VILLAGE_B, VILLAGE_C}),
        (["35.07.33"], {VILLAGE_A}),
        (["35"], {VILLAGE_A, VILLAGE_B}),
        ([VILLAGE_B], {VILLAGE_B}),
    ],
)
def test_a_regency_key_selects_the_same_rows_as_the_range(regions, codes, expected):
    scope = Scope.of(codes)
    assert set(_keyed(scope).values_list("code", flat=True)) == expected
    assert set(scope.apply(Village.objects.all(), "code").values_list("code", flat=True)) == expected


def test_a_regency_key_is_used_for_regencies_only():
    regency = str(_keyed(Scope.of(["35.07"])).query).partition("WHERE")[2]
    assert "LIKE" not in regency and "SUBSTR" in regency.upper()
    for code in ["35", "35.07.33", VILLAGE_A]:  # a province, a district, a village: as without the key
        where = str(_keyed(Scope.of([code])).query).partition("WHERE")[2]
        assert "SUBSTR" not in where.upper() and where == _where(Scope.of([code]))


@pytest.mark.parametrize("code", ["35", "35.07", "35.07.33", VILLAGE_A])
@pytest.mark.parametrize("keyed", [False, True])
def test_a_well_formed_code_is_written_into_the_sql_not_sent_as_a_parameter(code, keyed):
    queryset = Village.objects.filter(kind="desa")
    scope = Scope.of([code])
    scoped = scope.apply(queryset, "code", regency_key=regency_key("code") if keyed else None)
    sql, params = scoped.query.sql_with_params()
    assert f"'{code}" in sql
    assert code not in params and f"{code}%" not in params
    assert params == ("desa",)  # the page's own filters stay parameters


def test_a_malformed_code_stays_a_parameter():
    sql, params = Scope.of(["35.0'7"]).apply(Village.objects.all(), "code").query.sql_with_params()
    assert "35.0'7" not in sql and "35.0'7" in params


@pytest.mark.parametrize("value", ["35.07'; DROP TABLE regions_village; --", "35.07%", "", 3507])
def test_only_a_region_code_is_ever_written_into_the_sql(value):
    from django.db import connection
    from django.db.models import F

    from desmigratif.accounts.scope import _CodeExact, _CodeStartsWith

    query = Village.objects.all().query
    for lookup in (_CodeExact, _CodeStartsWith):
        condition = lookup(F("code"), value).resolve_expression(query)
        with pytest.raises(ValueError, match="not a region code"):
            condition.as_sql(query.get_compiler(connection=connection), connection)


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_scoped_statement_is_planned_once_per_connection(regions):
    """No parameter left for the code: PostgreSQL keeps one plan for the prepared statement, where
    with the code as a parameter it could plan every execution again (a custom plan each time)."""
    from django.db import connection

    connection.ensure_connection()
    runs = connection.connection.prepare_threshold + 4
    for _ in range(runs):
        assert set(_keyed(Scope.of(["35.07"])).values_list("code", flat=True)) == {VILLAGE_A, VILLAGE_B}
        assert _keyed(Scope.of(["35.07.33"])).count() == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s OR statement LIKE %s",
            ["%1, 5) = '35.07'%", "%LIKE '35.07.33\\%'%"],
        )
        plans = cursor.fetchall()
    assert len(plans) == 2, plans
    assert all(custom == 0 and generic >= 2 for _statement, generic, custom in plans), plans
