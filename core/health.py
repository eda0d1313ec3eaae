"""Health: real answers from the database, Redis and the workers, plus the backlog of work owed.

Fast by design (``/healthz`` is polled by load balancers): one ``SELECT 1``, one Redis round trip
that also reads the workers' heartbeats (each worker writes its own every few seconds, see
``core.heartbeat``; no broadcast ping), and the backlog counts the apps register, each bounded.

Statuses: ``ok``; ``degraded`` (200) when a backlog exceeds its threshold — work is late but the
service answers; ``error`` (503) when the database, Redis or every worker is gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection

from core import heartbeat

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BacklogCheck:
    name: str
    count: Callable[[], int]
    threshold: int
    description: str = ""


_BACKLOG: dict[str, BacklogCheck] = {}
_WARNINGS: dict[str, Callable[[], list[str]]] = {}


def register_warnings(name: str, collect: Callable[[], list[str]]) -> None:
    """Things staff should fix that do not stop the service (old exchange rates): listed, status unchanged."""
    _WARNINGS[name] = collect


def register_backlog(name: str, count: Callable[[], int], *, threshold: int = 0, description: str = "") -> None:
    """An app declares work it owes (rows past their deadline); ``count`` must be cheap and bounded.

    Called from the app's ``AppConfig.ready()``: core knows the checks only by name.
    """
    _BACKLOG[name] = BacklogCheck(name, count, threshold, description)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # any failure is the answer, not a crash
        return f"error: {exc.__class__.__name__}"


def check_redis_and_workers(url: str) -> tuple[str, str]:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        live = heartbeat.live_workers(client)
    except Exception as exc:
        name = exc.__class__.__name__
        return f"error: {name}", "error: broker unreachable"
    return "ok", ("ok" if live else "error: no worker heartbeat in the last "
                  f"{heartbeat.STALE_AFTER_SECONDS} s")


def backlog() -> dict[str, int]:
    counts = {}
    for check in _BACKLOG.values():
        try:
            counts[check.name] = check.count()
        except Exception:
            logger.exception("backlog check %s failed", check.name)
            counts[check.name] = -1
    return counts


def health_report() -> tuple[dict, int]:
    """The body of ``/healthz`` and its HTTP status."""
    started = time.perf_counter()
    checks = {"database": check_database()}
    checks["redis"], checks["worker"] = check_redis_and_workers(settings.CELERY_BROKER_URL)
    body: dict = {"status": "ok", "checks": checks}
    if any(value != "ok" for value in checks.values()):
        body["status"] = "error"
        return body, 503
    counts = backlog()
    if counts:
        body["backlog"] = counts
        late = {name: n for name, n in counts.items() if n > _BACKLOG[name].threshold or n < 0}
        if late:
            body["status"] = "degraded"
            body["late"] = sorted(late)
    warnings = []
    for name, collect in _WARNINGS.items():
        try:
            warnings.extend(collect())
        except Exception:
            logger.exception("warning check %s failed", name)
            warnings.append(f"{name}: the check failed")
    if warnings:
        body["warnings"] = warnings
    body["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return body, 200
