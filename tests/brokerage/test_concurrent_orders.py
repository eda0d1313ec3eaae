"""No double sale under real parallel requests: two buyers fire 48 orders at 4 cars through a live server
(threads, each request on its own database connection). Exactly 4 orders win; every other answer is a 409
naming the vehicle; nothing is a 500."""

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from knox.models import AuthToken

from brokerage.models import Order, OrderVehicle
from inventory.models import Vehicle
from tests.factories import VehicleFactory

ATTEMPTS = 48
CLIENTS = 24


@pytest.mark.django_db(transaction=True)
def test_48_parallel_attempts_on_4_cars_make_4_orders_and_no_500(live_server, buyer1, buyer2, toyama, freight,
                                                                  rules):
    cars = [VehicleFactory(yard=toyama, engine_cc=1500) for _ in range(4)]
    tokens = [AuthToken.objects.create(user=user)[1] for user in (buyer1, buyer2)]
    rng = random.Random(7)
    plan = [(tokens[n % 2], rng.choice(cars)) for n in range(ATTEMPTS)]

    def attempt(item):
        token, car = item
        response = requests.post(f"{live_server.url}/api/v1/orders/", timeout=60,
                                 headers={"Authorization": f"Token {token}"},
                                 json={"vehicle_ids": [car.pk], "destination_port": "RUVVO", "terms": "CIF",
                                       "currency": "USD"})
        return car, response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(attempt, plan))

    statuses = Counter(status for _car, status, _body in results)
    assert statuses[500] == 0
    assert statuses == {201: 4, 409: ATTEMPTS - 4}, statuses
    for car, status, body in results:
        if status == 409:
            assert body["code"] == "vehicle_reserved" and car.stock_no in body["detail"]
    assert Order.objects.count() == 4
    assert OrderVehicle.objects.filter(active=True).values("vehicle").distinct().count() == 4
    assert set(Vehicle.objects.filter(pk__in=[c.pk for c in cars]).values_list("status", flat=True)) == {"reserved"}
