"""Asking for a re-screen: a pending run, started on a worker once the transaction commits."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from compliance import tasks
from compliance.models import RescreenRun


def rescreen_request(*, reason: str, destinations: list[str], origins: list[str] | None = None,
                     vehicle_ids: list[int] | None = None, user=None, as_of: dt.date | None = None,
                     kind: str = RescreenRun.Kind.DECISIONS) -> RescreenRun:
    """Record a pending run and start it on a worker once the transaction commits."""
    run = RescreenRun.objects.create(reason=reason[:300], kind=kind, destinations=list(destinations),
                                     origins=list(origins or []), vehicle_ids=vehicle_ids, as_of=as_of,
                                     triggered_by=user if user is not None and user.is_authenticated else None)
    transaction.on_commit(lambda: tasks.rescreen.delay(run.pk))
    return run
