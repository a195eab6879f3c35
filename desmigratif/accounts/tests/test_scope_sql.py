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
