"""Transactional tests flush the rows that data migrations publish; put the case rules back."""

from __future__ import annotations

import importlib

from django.apps import apps

from desmigratif.migration.models import Step

_DATA_MIGRATIONS = ("0002_steps_and_document_types", "0003_document_files_and_reminders")


def ensure_case_rules() -> None:
    """Steps and document types as migrations migration_cases.0002/0003 publish them."""
    if Step.objects.exists():
        return
    for name in _DATA_MIGRATIONS:
        importlib.import_module(f"desmigratif.migration.migrations.{name}").forwards(apps, None)
