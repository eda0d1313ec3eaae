"""A car's history page: money with its currency in the reader's locale, at a fixed cost in queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory import services
from inventory.models import Vehicle
from tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db


def history_html(client, user, vehicle, language="en") -> str:
    client.force_login(user)
    response = client.get(f"/stock/{vehicle.pk}/history/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_a_price_change_shows_money_with_its_currency(client, merchant, yard):
    car = VehicleFactory(yard=yard, price_amount=Decimal("1850000"), price_currency="JPY")
    services.vehicle_update(vehicle=car, user=merchant, data={"price_amount": Decimal("1790000")})
    html = history_html(client, merchant, car)
    assert "¥1,850,000 → ¥1,790,000" in html
    assert "1850000.00" not in html


def test_money_follows_the_readers_locale(client, merchant, yard):
    car = VehicleFactory(yard=yard, price_amount=Decimal("12329.50"), price_currency="USD")
    services.vehicle_update(vehicle=car, user=merchant, data={"price_amount": Decimal("11990")})
    html = history_html(client, merchant, car, language="ru")
    assert "12\xa0329,50\xa0$ → 11\xa0990,00\xa0$" in html


def test_the_page_costs_the_same_queries_for_a_short_or_long_history(client, merchant, yard):
    car = VehicleFactory(yard=yard)
    client.force_login(merchant)
    counts = []
    for _round in range(2):
        for mileage in range(10):
            services.vehicle_update(vehicle=car, user=merchant, data={"mileage_km": car.mileage_km + mileage + 1
                                                                      + _round * 100})
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/stock/{car.pk}/history/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Vehicle.objects.get(pk=car.pk).history.count() == 21
