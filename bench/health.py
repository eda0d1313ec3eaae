"""Bench: ``/healthz`` at scale, with every backlog count the apps register (checks owed, stuck jobs, outbox).

Uses the re-screen bench's database (``BENCH_SCALE`` vehicles, default 200000, loaded once) and gives every
listed vehicle its decisions for every destination the broker serves (once, untimed). A worker heartbeat
is written so that the full path runs (database, Redis, workers, then the backlog). One sweep sets the
compliance watermark, as the beat does every 30 s, then 300 requests go through Django's whole stack. Prints:

``{"bench": "healthz", "vehicles", "p50_ms", "p95_ms", "max_ms", "first_call_ms", "status", "backlog",
"backlog_ms"}``

``first_call_ms`` is one call before any sweep (a flushed cache: no compliance watermark yet);
``backlog_ms`` is each registered count's median alone. Target: p95 well under 100 ms.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_bench_database  # noqa: E402
from rescreen import SCALE, load  # noqa: E402

REQUESTS = 300


def decide_everywhere() -> None:
    """Untimed: the state a running broker is in, every listed vehicle decided for every destination."""
    from django.conf import settings

    from compliance.models import RescreenRun, VehicleDecision
    from compliance.services import rescreen_execute
    from inventory.models import Vehicle

    active = Vehicle.objects.exclude(status="withdrawn").count()
    missing = [destination for destination in settings.BROKER_DESTINATIONS
               if VehicleDecision.objects.filter(destination=destination).count() < active]
    if missing:
        started = time.perf_counter()
        run = RescreenRun.objects.create(reason="bench healthz baseline", destinations=missing)
        rescreen_execute(run_id=run.pk)
        print(f"decisions for {', '.join(missing)}: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def main() -> None:
    setup_bench_database(f"bench_rescreen_{SCALE}")
    import redis
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from compliance.services import checks
    from core import health, heartbeat, sweeper
    from inventory.models import Vehicle

    load(SCALE)
    decide_everywhere()
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    heartbeat.beat(broker, "bench-healthz@host")
    client = Client(SERVER_NAME="localhost")

    cache.delete(checks.CHECKED_THROUGH_KEY)
    started = time.perf_counter()
    client.get("/healthz")
    first_call_ms = (time.perf_counter() - started) * 1000

    sweeper.sweep_all()  # what beat does every 30 s: the compliance watermark moves up to now - 2 min
    timings = []
    body: dict = {}
    for index in range(REQUESTS + 10):
        heartbeat.beat(broker, "bench-healthz@host")
        started = time.perf_counter()
        response = client.get("/healthz")
        elapsed = (time.perf_counter() - started) * 1000
        if index >= 10:  # warm-up
            timings.append(elapsed)
        body = response.json()
    heartbeat.forget(broker, "bench-healthz@host")
    timings.sort()
    backlog_ms = {}
    for name, check in health._BACKLOG.items():
        runs = []
        for _ in range(30):
            started = time.perf_counter()
            check.count()
            runs.append((time.perf_counter() - started) * 1000)
        backlog_ms[name] = round(statistics.median(runs), 2)
    print(json.dumps({
        "bench": "healthz", "vehicles": Vehicle.objects.count(), "requests": REQUESTS,
        "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1), "first_call_ms": round(first_call_ms, 1), "status": body.get("status"),
        "backlog": body.get("backlog"), "backlog_ms": backlog_ms,
    }))


if __name__ == "__main__":
    main()
