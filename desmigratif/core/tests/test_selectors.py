"""``one``: the row a primary key names, without the ORDER BY that ``first()`` adds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desmigratif.core.selectors import one
from desmigratif.regions.models import Province


@pytest.mark.django_db
def test_one_returns_the_row_or_none_and_does_not_order():
    province = Province.objects.create(code="99", name="Provinsi Uji")
    with CaptureQueriesContext(connection) as queries:
        assert one(Province.objects.filter(pk="99")) == province
        assert one(Province.objects.filter(pk="98")) is None
    assert len(queries) == 2
    assert all("ORDER BY" not in q["sql"] and "LIMIT 1" in q["sql"] for q in queries.captured_queries)
