"""Asking for a re-screen: a pending run, owed to a worker in the same transaction (``core.outbox``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import RescreenRun
from core.leases import LeaseSpec
from core.outbox import outbox_enqueue, outbox_enqueue_many

RESCREEN_TASK = "compliance.tasks.rescreen"
RESCREEN_LEASE = LeaseSpec(
    RescreenRun,
    give_up={"error": lambda: str(_("The re-screen stopped repeatedly (its worker died); start it again.")),
             "finished": timezone.now},
)


@transaction.atomic
def rescreen_request(*, reason: str, destinations: list[str], origins: list[str] | None = None,
                     vehicle_ids: list[int] | None = None, user=None, as_of: dt.date | None = None,
                     kind: str = RescreenRun.Kind.DECISIONS) -> RescreenRun:
    """Record a pending run and owe it to a worker (sent once the transaction commits)."""
    run = RescreenRun.objects.create(reason=reason[:300], kind=kind, destinations=list(destinations),
                                     origins=list(origins or []), vehicle_ids=vehicle_ids, as_of=as_of,
                                     triggered_by=user if user is not None and user.is_authenticated else None)
    outbox_enqueue(RESCREEN_TASK, [run.pk])
    return run


def rescreen_runs_enqueue(run_ids: list[int]) -> None:
    """Hand runs back to a worker (the sweeper, for runs whose worker died), in the caller's transaction."""
    outbox_enqueue_many(RESCREEN_TASK, [[pk] for pk in run_ids])
