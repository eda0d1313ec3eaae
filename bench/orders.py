"""Bench: quotes and order placement through Django's whole stack (API, auth, services, PostgreSQL).

In a database of its own (``bench_orders``): the shipped places, ECB rates and default rules, a Toyama yard
shipping from JPTOY with a RoRo rate to Vladivostok, two buyers, and fresh cars each run. Then:

1. ``QUOTES`` CIF quotes in USD, one after another (each one priced, checked against the rules, estimated
   and saved): ``quote_p95_ms``.
2. ``SEQUENTIAL`` orders by one client alone, each on a free car: ``order_p95_ms_one_client``.
3. ``CLIENTS`` concurrent clients (threads, each with its own database connection) fire ``ATTEMPTS`` order
   placements at ``CARS`` cars, picked at random so that clients collide: ``order_p95_ms`` over every attempt
   (201 or 409), and ``double_sales``, the cars held by more than one active order (must be 0).

Prints ``{"bench": "orders", "quote_p95_ms", "order_p95_ms", "concurrent_attempts", "double_sales", ...}``.
Targets: quote p95 <= 30 ms; order p95 <= 100 ms under 24 concurrent clients; 0 double sales.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_bench_database  # noqa: E402

QUOTES = int(os.environ.get("BENCH_QUOTES", "200"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "24"))
CARS = int(os.environ.get("BENCH_CARS", "96"))
ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", "288"))
SEQUENTIAL = int(os.environ.get("BENCH_SEQUENTIAL", "40"))  # one client alone, each order on a free car


def p95(values: list[float]) -> float:
    values = sorted(values)
    return round(values[max(0, int(len(values) * 0.95) - 1)], 1)


def prepare():
    """Reference data, rules, yard, freight and buyers (idempotent), and CARS fresh cars for this run."""
    import datetime as dt

    from accounts.models import BuyerCompany, User, Yard
    from brokerage.models import FreightRate
    from compliance.services import rules_load_defaults
    from core import reference
    from core.models import ExchangeRate, Location
    from inventory.models import Vehicle

    if not Location.objects.exists():
        reference.load_locations()
    if not ExchangeRate.objects.filter(source="ecb").exists():
        reference.load_ecb_rates(since="2024-01-01")
    rules_load_defaults()
    port, dest = Location.objects.get(code="JPTOY"), Location.objects.get(code="RUVVO")
    yard, _ = Yard.objects.get_or_create(code="BTY", defaults={"name": "Bench Toyama", "country": "JP",
                                                               "city": "Toyama", "nearest_port": port})
    FreightRate.objects.get_or_create(origin=port, destination=dest, mode="roro", valid_from=dt.date(2020, 1, 1),
                                      defaults={"amount": Decimal("42"), "currency": "USD"})
    buyers = []
    for name in ("bench-buyer1", "bench-buyer2"):
        company, _ = BuyerCompany.objects.update_or_create(name=name, defaults={
            "country": "RU", "city": "Vladivostok", "default_port": dest,
            "approval_status": BuyerCompany.Approval.APPROVED})
        user, _ = User.objects.get_or_create(username=name, defaults={"role": "buyer", "buyer": company})
        buyers.append(user)
    run = int(time.time())
    cars = Vehicle.objects.bulk_create([Vehicle(
        yard=yard, stock_no=f"B{run % 10**8:08d}{n:04d}"[:16], make="Toyota", model="Corolla", model_code="ZRE212",
        chassis_no=f"ZRE212-{(run * 1000 + n) % 10**7:07d}", year=2019, first_registration=dt.date(2019, 6, 1),
        mileage_km=42000, engine_cc=1500, fuel="petrol", power_kw=80, price_amount=Decimal("1000000"),
        price_currency="JPY", status="available", photo_count=1, length_mm=4630, width_mm=1780, height_mm=1435,
    ) for n in range(CARS + SEQUENTIAL)])
    return buyers, cars


def main() -> None:
    setup_bench_database("bench_orders")
    from django.db import connection
    from django.test import Client
    from knox.models import AuthToken

    from brokerage.models import OrderVehicle

    buyers, cars = prepare()
    tokens = [AuthToken.objects.create(user=user)[1] for user in buyers]

    client = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Token {tokens[0]}")
    body = {"vehicle_ids": [cars[0].pk], "destination_port": "RUVVO", "terms": "CIF", "currency": "USD"}
    quote_ms = []
    for index in range(QUOTES + 10):
        started = time.perf_counter()
        response = client.post("/api/v1/quotes/", body, content_type="application/json")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 201, response.content
        if index >= 10:
            quote_ms.append(elapsed)

    alone_ms = []
    for car in cars[CARS:]:
        started = time.perf_counter()
        response = client.post("/api/v1/orders/", {**body, "vehicle_ids": [car.pk]}, content_type="application/json")
        alone_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content
    cars = cars[:CARS]

    rng = random.Random(11)
    plan = [(tokens[n % 2], rng.choice(cars).pk) for n in range(ATTEMPTS)]

    def attempt(item):
        token, car_id = item
        local = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Token {token}")
        started = time.perf_counter()
        response = local.post("/api/v1/orders/", {**body, "vehicle_ids": [car_id]}, content_type="application/json")
        elapsed = (time.perf_counter() - started) * 1000
        connection.close()
        return response.status_code, elapsed

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(attempt, plan))
    statuses = Counter(status for status, _ms in results)
    held = Counter(OrderVehicle.objects.filter(vehicle__in=cars, active=True).values_list("vehicle_id", flat=True))
    print(json.dumps({
        "bench": "orders", "quote_p95_ms": p95(quote_ms), "order_p95_ms": p95([ms for _s, ms in results]),
        "order_p95_ms_one_client": p95(alone_ms), "concurrent_attempts": ATTEMPTS, "clients": CLIENTS, "cars": CARS,
        "orders_placed": statuses.get(201, 0), "refused_409": statuses.get(409, 0),
        "errors_5xx": sum(n for status, n in statuses.items() if status >= 500),
        "double_sales": sum(1 for count in held.values() if count > 1),
    }))


if __name__ == "__main__":
    main()
