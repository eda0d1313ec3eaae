"""Bench: quotes and order placement through Django's whole stack (API, auth, services, PostgreSQL).

In a database of its own (``bench_orders``): the shipped places, ECB rates and default rules, a Toyama yard
shipping from JPTOY with a RoRo rate to Vladivostok, two buyers, and fresh cars each run. Then:

1. ``QUOTES`` CIF quotes in USD, one after another (each one priced, checked against the rules, estimated
   and saved): ``quote_p95_ms``.
2. ``SEQUENTIAL`` orders by one client alone, each on a free car: ``order_p95_ms_one_client``.
3. ``CLIENTS`` concurrent clients (threads, each with its own database connection) fire ``ATTEMPTS`` order
   placements at ``CARS`` cars, picked at random so that clients collide: ``order_p95_ms`` over every attempt
   (201 or 409), and ``double_sales``, the cars held by more than one active order (must be 0).

4. The same contest served as in production: gunicorn with ``WEB_WORKERS`` processes (``make run``'s server),
   ``CLIENTS`` client threads posting over HTTP at ``CARS`` other fresh cars: ``served_order_p95_ms``,
   ``served_orders_per_s`` and ``served_double_sales``. In step 3 every request shares this one Python
   process (and its GIL) with the clients; here the server's processes use every core.

Prints ``{"bench": "orders", "quote_p95_ms", "order_p95_ms", "concurrent_attempts", "double_sales", ...}``.
Targets: quote p95 <= 30 ms; order p95 <= 100 ms under 24 concurrent clients; 0 double sales.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
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
WEB_WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))


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
    run = int(time.time() * 1000)
    cars = Vehicle.objects.bulk_create([Vehicle(
        yard=yard, stock_no=f"B{run % 10**8:08d}{n:04d}"[:16], make="Toyota", model="Corolla", model_code="ZRE212",
        chassis_no=f"ZRE212-{(run * 1000 + n) % 10**7:07d}", year=2019, first_registration=dt.date(2019, 6, 1),
        mileage_km=42000, engine_cc=1500, fuel="petrol", power_kw=80, price_amount=Decimal("1000000"),
        price_currency="JPY", status="available", photo_count=1, length_mm=4630, width_mm=1780, height_mm=1435,
    ) for n in range(2 * CARS + SEQUENTIAL)])
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
    for car in cars[CARS:CARS + SEQUENTIAL]:
        started = time.perf_counter()
        response = client.post("/api/v1/orders/", {**body, "vehicle_ids": [car.pk]}, content_type="application/json")
        alone_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content
    served_cars = cars[CARS + SEQUENTIAL:]
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
    served = served_contest(tokens, [car.pk for car in served_cars], body)
    served_held = Counter(OrderVehicle.objects.filter(vehicle__in=served_cars, active=True)
                          .values_list("vehicle_id", flat=True))
    print(json.dumps({
        "bench": "orders", "quote_p95_ms": p95(quote_ms), "order_p95_ms": p95([ms for _s, ms in results]),
        "order_p95_ms_one_client": p95(alone_ms), "concurrent_attempts": ATTEMPTS, "clients": CLIENTS, "cars": CARS,
        "orders_placed": statuses.get(201, 0), "refused_409": statuses.get(409, 0),
        "errors_5xx": sum(n for status, n in statuses.items() if status >= 500),
        "double_sales": sum(1 for count in held.values() if count > 1),
        **served, "served_double_sales": sum(1 for count in served_held.values() if count > 1),
    }))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served_contest(tokens: list[str], car_ids: list[int], body: dict) -> dict:
    """ATTEMPTS order placements by CLIENTS threads over HTTP against gunicorn with WEB_WORKERS processes."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WEB_WORKERS), "--log-level", "warning"],
        env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def post(token: str, car_id: int) -> tuple[int, float]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            payload = json.dumps({**body, "vehicle_ids": [car_id]})
            started = time.perf_counter()
            conn.request("POST", "/api/v1/orders/", payload, {"Authorization": f"Token {token}",
                                                              "Content-Type": "application/json"})
            status = conn.getresponse().status
            elapsed = (time.perf_counter() - started) * 1000
            conn.close()
            return status, elapsed

        deadline = time.monotonic() + 60
        while True:  # up, and every worker warm: a few throwaway requests (403: another buyer's token is fine)
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/orders/", headers={"Authorization": f"Token {tokens[0]}"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with ThreadPoolExecutor(max_workers=WEB_WORKERS * 2) as pool:
            list(pool.map(lambda _n: post(tokens[0], 0), range(WEB_WORKERS * 4)))
        rng = random.Random(13)
        plan = [(tokens[n % 2], rng.choice(car_ids)) for n in range(ATTEMPTS)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(lambda item: post(*item), plan))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = Counter(status for status, _ms in results)
    return {"served_web_workers": WEB_WORKERS, "served_order_p95_ms": p95([ms for _s, ms in results]),
            "served_order_p50_ms": round(sorted(ms for _s, ms in results)[len(results) // 2], 1),
            "served_requests_per_s": round(len(results) / wall, 1), "served_orders_placed": statuses.get(201, 0),
            "served_refused_409": statuses.get(409, 0),
            "served_errors_5xx": sum(n for status, n in statuses.items() if status >= 500)}


if __name__ == "__main__":
    main()
