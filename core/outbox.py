"""Durable dispatch: work owed after a commit never hangs on one broker message.

``outbox_enqueue(task, args)`` instead of ``transaction.on_commit(task.delay)``: an ``Outbox`` row is
written in the caller's transaction, so the intent commits (or rolls back) with the change that owes it.
Once committed, the task is sent; a broker that is down is logged, never raised into the user's answer.
The row is deleted when a worker has run the task (``task_success``, matched by the message header
``outbox_id``). A row still there past its ``available_at`` is sent again by the sweeper (beat, every
~30 s: ``outbox_redispatch``), with a back-off per attempt. Tasks sent this way must be idempotent: a
lost acknowledgement, a redelivery or a sweep may run one twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import timedelta

from celery import current_app
from celery.signals import task_success
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.models import Outbox

logger = logging.getLogger(__name__)
HEADER = "outbox_id"
MAX_BACKOFF = timedelta(minutes=30)
# After a failed send this process leaves sending to the sweeper for a while: during an outage every
# request would otherwise wait for the broker's connection attempts in turn.
QUIET_AFTER_FAILURE_SECONDS = 10
_broker_down_until = 0.0


def _backoff(attempts: int) -> timedelta:
    """How long after a send the row may be sent again: the redelivery delay, doubling per attempt."""
    first = timedelta(seconds=settings.OUTBOX_REDELIVER_SECONDS)
    return min(first * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def outbox_enqueue(task: str, args: list, *, delay_seconds: float = 0) -> Outbox:
    """Owe ``task(*args)``: recorded now (in the caller's transaction), sent after commit."""
    return outbox_enqueue_many(task, [args], delay_seconds=delay_seconds)[0]


def outbox_enqueue_many(task: str, args_list: Iterable[list], *, delay_seconds: float = 0) -> list[Outbox]:
    """Several calls of one task in one INSERT (e.g. a batch of vehicles per message)."""
    now = timezone.now()
    available_at = now + timedelta(seconds=settings.OUTBOX_REDELIVER_SECONDS + delay_seconds)
    rows = Outbox.objects.bulk_create(
        [Outbox(task=task, args=list(args), created=now, available_at=available_at) for args in args_list])
    if rows and not delay_seconds:
        _send_after_commit([row.pk for row in rows])
    return rows


class _AfterCommit:
    """One send for every row a transaction owes, however many times it enqueued."""

    def __init__(self):
        self.ids: list[int] = []
        self.done = False

    def __call__(self):
        self.done = True
        outbox_send(self.ids)


def _send_after_commit(ids: list[int]) -> None:
    connection = transaction.get_connection()
    hook = getattr(connection, "_outbox_after_commit", None)
    # A hook of an earlier transaction, or one discarded with a rolled-back savepoint, is no longer pending:
    # start a new one. (Ids of rows rolled back with a savepoint are harmless: outbox_send skips missing rows.)
    if hook is None or hook.done or not connection.in_atomic_block or not any(
            entry[1] is hook for entry in connection.run_on_commit):
        hook = _AfterCommit()
        connection._outbox_after_commit = hook
        hook.ids.extend(ids)
        transaction.on_commit(hook, robust=True)  # outside a transaction: runs at once
        return
    hook.ids.extend(ids)


def outbox_send(ids: list[int]) -> int:
    """Send these rows now (after commit, or from the sweeper); returns how many reached the broker.

    A failure to reach the broker is logged, never raised: the rows not sent are due at once, so the first
    sweep after the broker is back sends them.
    """
    global _broker_down_until
    if time.monotonic() < _broker_down_until:  # a send just failed in this process: leave it to the sweeper
        Outbox.objects.filter(pk__in=ids).update(available_at=timezone.now())
        return 0
    rows = list(Outbox.objects.filter(pk__in=ids).order_by("pk"))
    sent = []
    for row in rows:
        try:
            # no result subscription (ignore_result): nobody waits on these results, and with Redis down
            # subscribing would hold the request for its reconnect back-off
            current_app.send_task(row.task, args=row.args, headers={HEADER: row.pk}, retry=False,
                                  ignore_result=True)
        except Exception:  # the broker is down or refuses: the sweeper sends it later
            logger.warning("outbox %s: could not send %s now; the sweeper will", row.pk, row.task, exc_info=True)
            _broker_down_until = time.monotonic() + QUIET_AFTER_FAILURE_SECONDS
            break  # the broker is down: the others would fail the same way, each after a timeout
        sent.append(row)
    now = timezone.now()
    for attempts in {row.attempts + 1 for row in sent}:
        batch = [row.pk for row in sent if row.attempts + 1 == attempts]
        Outbox.objects.filter(pk__in=batch).update(attempts=F("attempts") + 1, dispatched_at=now,
                                                   available_at=now + _backoff(attempts))
    if len(sent) < len(rows):
        Outbox.objects.filter(pk__in=[row.pk for row in rows[len(sent):]]).update(available_at=now)
    return len(sent)


def outbox_redispatch(*, limit: int = 500) -> int:
    """The sweeper's part: send again what is owed past its ``available_at``. Returns rows sent."""
    with transaction.atomic():
        # skip rows another sweeper holds; push them a little forward so a slow broker is not hammered
        ids = list(Outbox.objects.filter(available_at__lte=timezone.now()).order_by("available_at")
                   .select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        if not ids:
            return 0
        Outbox.objects.filter(pk__in=ids).update(available_at=timezone.now() + _backoff(1))
    return outbox_send(ids)


def outbox_overdue_count(*, older_than_seconds: int = 60, limit: int = 1000) -> int:
    """Owed work past its time by more than ``older_than_seconds`` (bounded, for ``/healthz``)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return len(Outbox.objects.filter(available_at__lt=cutoff).values_list("pk", flat=True)[:limit])


def outbox_done(outbox_id: int) -> None:
    Outbox.objects.filter(pk=outbox_id).delete()


@task_success.connect(dispatch_uid="core-outbox-done")
def _task_succeeded(sender=None, **kwargs):
    """In the worker: a task sent from the outbox has run, so nothing is owed any more."""
    outbox_id = getattr(getattr(sender, "request", None), HEADER, None)
    if outbox_id:
        try:
            outbox_done(int(outbox_id))
        except Exception:  # the task did its work; at worst the sweeper sends it once more
            logger.warning("outbox %s: could not delete after success", outbox_id, exc_info=True)
