from django.contrib import admin

from desmigratif.placement import models


class MoratoriumCountryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.MoratoriumCountry
    extra = 0


@admin.register(models.Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name_id", "name_en", "sector", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["code", "name_id", "name_en"]


@admin.register(models.ZeroCostJob)
class ZeroCostJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["job", "legal_basis", "valid_from", "valid_to"]


@admin.register(models.ProtectedCost)
class ProtectedCostAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["order", "code", "name_id", "legal_basis", "valid_from", "valid_to"]


@admin.register(models.MoratoriumList)
class MoratoriumListAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "is_applied", "employer_type", "valid_from", "valid_to"]
    inlines = [MoratoriumCountryInline]


@admin.register(models.SpskJob)
class SpskJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["country", "job", "legal_basis", "valid_from", "valid_to"]
