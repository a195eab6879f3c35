import datetime

import pytest
from django.utils import timezone

from conftest import PASSWORD, make_user
from desmigratif.accounts.roles import Role
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.tests.browser import scroll_width, sign_in
from desmigratif.migration.models import Step
from desmigratif.placement import selectors as placement
from desmigratif.placement.models import ZeroCostJob

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (steps, document types, placement rules) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_national_staff_change_a_step_target_and_end_a_zero_cost_rule_on_a_phone(live_server, regions, phone):
    make_user("staf_nasional", Role.NATIONAL_STAFF, "")
    step = Step.objects.get(code="registration")
    zero = ZeroCostJob.objects.select_related("job").get(job__code="juru_masak")
    base = live_server.url
    end = timezone.localdate() - datetime.timedelta(days=1)

    page = phone.new_page()
    sign_in(page, base, "staf_nasional", PASSWORD)
    page.click("nav a[href='/rules/']")
    page.wait_for_url(f"{base}/rules/")
    assert scroll_width(page) <= 360

    # A step's service-time target.
    page.click("main a[href='/rules/steps/']")
    page.wait_for_url(f"{base}/rules/steps/")
    page.click(f"#row-{step.pk} a[href='/rules/steps/{step.pk}/']")
    page.wait_for_url(f"{base}/rules/steps/{step.pk}/")
    assert scroll_width(page) <= 360
    page.fill("#id_target_days", "9")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/rules/steps/")
    assert "Perubahan disimpan." in page.locator(".messages").inner_text()
    assert "9" in page.locator(f"#row-{step.pk}").inner_text()
    step.refresh_from_db()
    assert step.target_days == 9

    # Ending a zero-cost rule: the row stays, marked as ended.
    page.goto(f"{base}/rules/zero-cost-jobs/")
    assert scroll_width(page) <= 360
    page.click(f"#row-{zero.pk} a[href='/rules/zero-cost-jobs/{zero.pk}/end/']")
    page.wait_for_url(f"{base}/rules/zero-cost-jobs/{zero.pk}/end/")
    page.fill("#id_valid_to", end.isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/rules/zero-cost-jobs/")
    assert "berakhir" in page.locator(f"#row-{zero.pk} .badge").inner_text()
    assert scroll_width(page) <= 360
    assert not placement.is_zero_cost(zero.job)
    assert AuditLog.objects.filter(event__in=[AuditEvent.RULE_UPDATED, AuditEvent.RULE_ENDED]).count() == 2
