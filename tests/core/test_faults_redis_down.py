"""Redis stopped while merchants list cars through the API: no answer is a 500, and once Redis is back every
saved car gets all its decisions within a minute (the outbox and the sweeper). A real web server, a real
worker with its beat, and a Redis of the test's own that is stopped and started empty (queued messages lost)."""

import time

import pytest
import requests
from django.conf import settings
from django.db.models import Count, F
from knox.models import AuthToken

from compliance.models import VehicleDecision
from inventory.models import Vehicle
from tests.catalog.test_vehicle_api import NEW_CAR
from tests.core.fault_stack import Stack, environment, free_port, wait
from tests.factories import MerchantFactory, YardFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(transactional_db):
    started = Stack()
    yield started
    started.close()


def list_cars(base: str, token: str, start: int, count: int, seconds: list[float]) -> list[int]:
    codes = []
    for number in range(start, start + count):
        car = {**NEW_CAR, "chassis_no": f"ZVW30-{5500000 + number}"}
        if number % 5 == 4:
            car["year"] = 1700  # a merchant's mistake: 400, outage or not
        started = time.monotonic()
        try:
            response = requests.post(f"{base}/api/v1/vehicles/", json=car, timeout=20,
                                     headers={"Authorization": f"Token {token}"})
            codes.append(response.status_code)
        except requests.RequestException:
            codes.append(0)
        seconds.append(time.monotonic() - started)
    return codes


def decided() -> int:
    """Saved cars with a decision, made after their last change, for every destination."""
    wanted = len(settings.BROKER_DESTINATIONS)
    return (VehicleDecision.objects.filter(decided_at__gte=F("vehicle__updated")).values("vehicle_id")
            .annotate(n=Count("id")).filter(n=wanted).count())


def test_cars_listed_while_redis_is_down_are_all_checked_once_it_is_back(stack):
    merchant = MerchantFactory(yard=YardFactory(country="JP"))
    _, token = AuthToken.objects.create(user=merchant)
    redis_port, web_port = free_port(), free_port()
    env = environment(f"redis://127.0.0.1:{redis_port}/0")
    stack.redis(redis_port)
    stack.worker("worker", env)
    stack.web(web_port, env)
    base = f"http://127.0.0.1:{web_port}"

    seconds: list[float] = []
    before = list_cars(base, token, 0, 5, seconds)
    redis_name = next(name for name in stack.processes if name.startswith("redis"))
    stack.kill(redis_name)
    during = list_cars(base, token, 5, 15, seconds)
    time.sleep(3)
    stack.redis(redis_port)  # back, empty
    after = list_cars(base, token, 20, 5, seconds)

    codes = before + during + after
    assert set(codes) <= {201, 400, 503}, codes
    assert max(seconds) < 5, seconds  # an outage answers at once, it does not hold the merchant
    assert before.count(201) == 4 and after.count(201) == 4, (codes, stack.log("web")[-3000:])
    saved = Vehicle.objects.count()
    assert saved == codes.count(201) and during.count(201) >= 1  # a 201 is a saved car, and the reverse
    wait(lambda: decided() == saved, 60, f"every saved car decided ({decided()} of {saved})", interval=0.5)
