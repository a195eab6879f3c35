"""Collecting a service's validation errors field by field, to raise them all at once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class FieldErrors:
    """Every rule a service checks adds its message to a field; ``raise_any`` raises them together,
    so a form shows all that is wrong in one round trip (``core.forms.add_service_errors``)."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, name: str, message: Any, params: dict[str, Any] | None = None) -> None:
        self.errors.setdefault(name, []).append(ValidationError(message, params=params))

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
