"""Bench: publish a rule change and time until every affected decision is updated, through a real worker.

Loads ``BENCH_SCALE`` vehicles (default 200000) into a bench database with set-based inserts (once; later
runs reuse them), screens them for Russia once (untimed), then publishes a new version of a rule that
moves the Russian engine limit (1,200 cc <-> 2,500 cc on alternate runs, so every run changes decisions)
and times from the publish until the Celery worker has finished the re-screen run. Prints:

``{"bench": "rescreen", "vehicles", "seconds", "seconds_per_million", "changed", "naive_seconds_per_million"}``

``naive_seconds_per_million`` is the per-vehicle Python path (load, evaluate, record a check, update the
decision) timed on 2,000 vehicles and scaled to a million. A second line gives the in-process evaluator's
speed: ``{"bench": "evaluate", "checks_per_second"}``. Targets: <= 60 s per million; >= 5,000 checks/s.
``BENCH_INPROCESS=1`` runs the re-screen service in this process instead of a worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, setup_bench_database  # noqa: E402

SCALE = int(os.environ.get("BENCH_SCALE", "200000"))
INPROCESS = os.environ.get("BENCH_INPROCESS") == "1"
RULE_CODE = "BENCH-RU-ENGINE-LIMIT"
YARDS = [("RJA", "JP", "Toyama", "JPY"), ("RJB", "JP", "Yokohama", "JPY"), ("RCN", "CN", "Horgos", "CNY")]
MODELS = [  # make, model, fuel, cc, category, body
    ("Toyota", "Prius", "hybrid", 1797, "M1", "hatchback"), ("Toyota", "Harrier", "petrol", 1986, "M1", "suv"),
    ("Toyota", "Corolla", "petrol", 1496, "M1", "sedan"), ("Toyota", "Land Cruiser", "petrol", 4608, "M1", "suv"),
    ("Toyota", "Hiace", "diesel", 2982, "N1", "van"), ("Honda", "Fit", "petrol", 1317, "M1", "hatchback"),
    ("Honda", "Vezel", "mild_hybrid", 1496, "M1", "suv"), ("Nissan", "Note", "petrol", 1198, "M1", "hatchback"),
    ("Nissan", "Leaf", "electric", None, "M1", "hatchback"), ("Mazda", "CX-5", "diesel", 2188, "M1", "suv"),
    ("Subaru", "Forester", "petrol", 1995, "M1", "suv"), ("Suzuki", "Swift", "petrol", 1242, "M1", "hatchback"),
    ("Isuzu", "Elf", "diesel", 2999, "N2", "truck"), ("Yamaha", "MT-07", "petrol", 689, "L", "motorcycle"),
]


def load(scale: int) -> list[int]:
    """Yards and vehicles, inserted set-based (INSERT ... SELECT generate_series); idempotent."""
    from django.db import connection

    from accounts.models import Yard
    from core import reference
    from core.models import ExchangeRate
    from inventory.models import Vehicle

    if not ExchangeRate.objects.exists():
        reference.load_ecb_rates()
    yard_ids = [Yard.objects.get_or_create(code=code, defaults={"name": f"Bench {city}", "country": country,
                                                                "city": city})[0].pk
                for code, country, city, _currency in YARDS]
    have = Vehicle.objects.filter(yard_id__in=yard_ids).count()
    models_sql = ", ".join(f"('{make}', '{model}', '{fuel}', {cc or 'NULL'}, '{category}', '{body}')"
                           for make, model, fuel, cc, category, body in MODELS)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no per-row triggers while bulk loading
        for start in range(have + 1, scale + 1, 100_000):
            stop = min(start + 99_999, scale)
            cursor.execute(f"""
                WITH m(make, model, fuel, cc, category, body) AS (VALUES {models_sql}),
                     ms AS (SELECT row_number() OVER () - 1 AS i, * FROM m),
                     g AS (SELECT n, (%s::bigint[])[1 + n %% 3] AS yard_id, (n %% 3 = 2) AS cn,
                                  2008 + (n * 7) %% 18 AS year FROM generate_series(%s::bigint, %s::bigint) n)
                INSERT INTO inventory_vehicle (yard_id, stock_no, make, model, grade, model_code, chassis_no, year,
                    first_registration, mileage_km, engine_cc, fuel, transmission, drive, steering, body_type,
                    category, gross_weight_kg, power_kw, color, auction_grade, price_amount, price_currency, status,
                    description, created, updated)
                SELECT g.yard_id, 'RB-' || lpad(g.n::text, 8, '0'), ms.make, ms.model, '', '',
                       'RB' || lpad(g.n::text, 15, '0'), g.year, make_date(g.year::int, (1 + g.n %% 12)::int, 1),
                       (g.n * 7919) %% 300000, ms.cc, ms.fuel, 'automatic', '2wd',
                       CASE WHEN g.cn THEN 'lhd' ELSE 'rhd' END, ms.body, ms.category,
                       CASE WHEN ms.category = 'N2' THEN 7500 ELSE 1500 END, 60 + g.n %% 120, 'white', '4',
                       CASE WHEN g.cn THEN 15000 + g.n %% 40000 ELSE 300000 + (g.n * 104729) %% 8000000 END,
                       CASE WHEN g.cn THEN 'CNY' ELSE 'JPY' END,
                       CASE WHEN g.n %% 10 = 0 THEN 'sold' WHEN g.n %% 23 = 0 THEN 'withdrawn' ELSE 'available' END,
                       '', now(), now()
                FROM g JOIN ms ON ms.i = g.n %% {len(MODELS)}
            """, [yard_ids, start, stop])
            print(f"loaded {stop}/{scale}", file=sys.stderr)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE inventory_vehicle")
    return yard_ids


def screen_baseline() -> None:
    """The untimed starting point: every vehicle has a decision for Russia."""
    from compliance.models import RescreenRun, VehicleDecision
    from compliance.services import rescreen_execute
    from inventory.models import Vehicle

    active = Vehicle.objects.exclude(status="withdrawn").count()
    if VehicleDecision.objects.filter(destination="RU").count() < active:
        started = time.perf_counter()
        run = RescreenRun.objects.create(reason="bench baseline", destinations=["RU"])
        rescreen_execute(run_id=run.pk)
        print(f"baseline screen: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def start_worker(database_url: str) -> subprocess.Popen:
    from config.celery import app

    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    app.control.purge()
    log = open(ROOT / ".dev" / "bench-rescreen-worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-c", "1",
                               "--without-gossip", "--without-mingle", "-l", "info", "-n", f"bench-{os.getpid()}@%h"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise SystemExit(f"the bench worker did not start; see {log.name}")
    return worker


def publish_change():
    """A new version of the bench rule: the engine limit for Russia moves between 1,200 and 2,500 cc."""
    from django.db import transaction
    from django.utils import timezone

    from compliance.models import Rule, RuleSet
    from compliance.services import rule_publish

    rule = Rule.objects.filter(code=RULE_CODE).first()
    current = rule.current.condition["all"][1]["value"] if rule else 2500
    limit = 1200 if current == 2500 else 2500
    with transaction.atomic():
        return rule_publish(
            rule_set=RuleSet.objects.get(code="jp-ru-export"), code=RULE_CODE, destinations=["RU"], effect="block",
            condition={"all": [{"fact": "category", "op": "eq", "value": "M1"},
                               {"fact": "engine_cc", "op": "gt", "value": limit}]},
            message=f"Bench: cars over {limit} cc may not go to Russia.", citation_source="bench",
            effective_from=timezone.localdate())


def naive_seconds_per_million(yard_ids: list[int]) -> float:
    from compliance.services import vehicles_check
    from inventory.models import Vehicle

    ids = list(Vehicle.objects.filter(yard_id__in=yard_ids).exclude(status="withdrawn")
               .order_by("?").values_list("pk", flat=True)[:2000])
    started = time.perf_counter()
    vehicles_check(vehicle_ids=ids, destinations=["RU"])
    return (time.perf_counter() - started) / len(ids) * 1_000_000


def evaluations_per_second() -> float:
    from django.conf import settings
    from django.utils import timezone

    from compliance.engine.evaluator import evaluate
    from compliance.selectors import rule_specs
    from compliance.services import facts_for_vehicle
    from core.rates import rate_table
    from inventory.models import Vehicle

    today = timezone.localdate()
    rules, rates = rule_specs(), rate_table(today)
    vehicles = list(Vehicle.objects.select_related("yard").order_by("?")[:2000])
    facts = [facts_for_vehicle(v, destination=d, as_of=today) for v in vehicles for d in settings.BROKER_DESTINATIONS]
    started = time.perf_counter()
    for item in facts:
        evaluate(item, rules, rates)
    return len(facts) / (time.perf_counter() - started)


def main() -> None:
    database_url = setup_bench_database(f"bench_rescreen_{SCALE}")
    from compliance.models import RescreenRun
    from compliance.services import rescreen_execute
    from inventory.models import Vehicle

    yard_ids = load(SCALE)
    vehicles = Vehicle.objects.filter(yard_id__in=yard_ids).count()
    screen_baseline()
    worker = None if INPROCESS else start_worker(database_url)
    try:
        started = time.perf_counter()
        version = publish_change()
        run = RescreenRun.objects.filter(reason__contains=f"{RULE_CODE} version {version.version}").latest("id")
        if INPROCESS:
            rescreen_execute(run_id=run.pk)
        while run.status not in ("done", "failed"):
            time.sleep(0.05)
            run.refresh_from_db()
        seconds = time.perf_counter() - started
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=30)
    if run.status != "done":
        raise SystemExit(f"the re-screen failed: {run.error}")
    print(json.dumps({
        "bench": "rescreen", "vehicles": vehicles, "seconds": round(seconds, 2),
        "seconds_per_million": round(seconds / vehicles * 1_000_000, 1), "screened": run.done,
        "changed": run.changed, "path": "in-process" if INPROCESS else "celery worker",
        "naive_seconds_per_million": round(naive_seconds_per_million(yard_ids), 1),
    }))
    print(json.dumps({"bench": "evaluate", "checks_per_second": round(evaluations_per_second())}))


if __name__ == "__main__":
    main()
