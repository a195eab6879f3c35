from django.contrib import admin

from desmigratif.screening import models


@admin.register(models.ScreeningRule)
class ScreeningRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """National staff edit severity, texts, legal basis and validity; the matching stays in code."""

    list_display = ["code", "severity", "confirmed", "title_id", "legal_basis", "valid_from", "valid_to"]
    list_filter = ["severity", "confirmed"]
    search_fields = ["code", "title_id", "title_en", "legal_basis"]
