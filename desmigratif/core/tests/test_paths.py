"""``object_path`` gives what ``reverse`` gives."""

import pytest
from django.urls import reverse, set_script_prefix

from desmigratif.core.paths import object_path


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("people:detail", (1,)),
        ("people:detail", (123456,)),
        ("migration:detail", (7,)),
        ("cooperatives:member", (3, 45)),
    ],
)
def test_the_path_is_the_reversed_url(name, ids):
    assert object_path(name, *ids) == reverse(name, args=ids)
    assert object_path(name, *ids) == reverse(name, args=ids)  # the second call uses the kept pattern


def test_each_script_prefix_has_its_own_pattern():
    set_script_prefix("/desmigratif/")
    try:
        assert object_path("people:detail", 5) == "/desmigratif/people/5/" == reverse("people:detail", args=[5])
    finally:
        set_script_prefix("/")
    assert object_path("people:detail", 5) == "/people/5/"


def test_ids_must_be_integers():
    with pytest.raises(ValueError):
        object_path("people:detail", "5/../../admin")  # type: ignore[arg-type]


def test_a_name_without_ids_is_its_reversed_url():
    assert object_path("people:list") == reverse("people:list")
