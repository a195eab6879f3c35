from django.contrib import admin

from desmigratif.regions.models import ProgramVillage


@admin.register(ProgramVillage)
class ProgramVillageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["village", "cohort_year", "status", "is_demo"]
    list_filter = ["status", "cohort_year", "is_demo"]
    raw_id_fields = ["village"]
