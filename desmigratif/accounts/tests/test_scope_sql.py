"""The scope filter's SQL shape: what an index can serve (the timings live in bench/people_list.py)."""

import pytest

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C
from desmigratif.accounts.scope import Scope
from desmigratif.regions.models import Village


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
