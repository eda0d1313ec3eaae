"""The sweeper: every ~30 s (beat, ``core.tasks.sweep``) it sends again what is owed and hands stuck jobs back.

Core sends the overdue outbox rows itself; each app registers, in its ``AppConfig.ready()``, what else it
owes (``register_sweep``): imports and re-screens past their lease, vehicles without current decisions...
Every sweep is idempotent and bounded, and one failing sweep does not stop the others. Two sweepers
never overlap (a PostgreSQL advisory lock): a slow round makes the next one skip.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import connection

from core.outbox import outbox_redispatch

logger = logging.getLogger(__name__)
_SWEEPS: dict[str, Callable[[], int]] = {}
_LOCK = "core-sweeper"


def register_sweep(name: str, sweep: Callable[[], int]) -> None:
    """``sweep()`` re-enqueues what an app owes and returns how many items it handled."""
    _SWEEPS[name] = sweep


def sweep_all() -> dict[str, int] | None:
    """One round: the outbox first, then each app's sweep. None if another sweeper is running."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [_LOCK])
        if not cursor.fetchone()[0]:
            return None
    try:
        counts = {}
        for name, sweep in {**_SWEEPS, "outbox": outbox_redispatch}.items():
            try:
                counts[name] = sweep()
            except Exception:
                logger.exception("sweep %s failed", name)
                counts[name] = -1
        handled = {name: count for name, count in counts.items() if count}
        if handled:
            logger.info("sweeper: %s", handled)
        return counts
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [_LOCK])
