"""Helpers for recurring background tasks (the Django tasks API, django-tasks backport)."""

from __future__ import annotations

import datetime
from typing import Any

from django_tasks.base import Task
from django_tasks_db import DatabaseBackend


def enqueue_next_run(task: Task[Any, Any], *, run_after: datetime.datetime, **kwargs: Any) -> bool:
    """Enqueue ``task`` to run at ``run_after`` unless a run of it is already waiting.

    Returns False when the backend cannot defer (the immediate backend of the tests would run it
    at once, forever). A run that is executing is RUNNING, no longer READY, so the run that calls
    this to enqueue its successor does not see itself.
    """
    backend = task.get_backend()
    if not backend.supports_defer:
        return False
    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
            return True
    task.using(run_after=run_after).enqueue(**kwargs)
    return True
