from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["username"]
    list_display = ["username", "full_name", "is_active", "is_demo"]
    search_fields = ["username", "full_name"]
    list_filter = ["is_active", "is_staff", "is_demo"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "phone", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")},
        ),
    )
