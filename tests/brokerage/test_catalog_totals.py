"""The catalog shows a signed-in buyer what each car costs delivered to their port, priced as a quote is."""

import re
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from rest_framework.test import APIClient

from core.models import Location
from tests.brokerage.conftest import quote_body
from tests.factories import VehicleFactory, YardFactory

pytestmark = pytest.mark.django_db

CATALOG = "/stock/catalog/?exportable_to=any&currency=USD"


def _cards(html: str) -> dict[int, str]:
    """Each card's HTML by vehicle id (from its link)."""
    cards = re.findall(r'<a class="vehicle-card card-link" href="[^"]*?/(\d+)/.*?</a>', html, flags=re.S)
    bodies = re.findall(r'<a class="vehicle-card.*?</a>', html, flags=re.S)
    return {int(pk): body for pk, body in zip(cards, bodies, strict=True)}


def test_a_buyer_sees_the_cif_total_to_their_port_equal_to_a_quotes(client, buyer1, car, rules):
    api = APIClient()
    api.force_authenticate(buyer1)
    quote = api.post("/api/v1/quotes/", quote_body(car, currency="USD"), format="json").json()
    total = Decimal(quote["total"]["amount"]) if isinstance(quote["total"], dict) else Decimal(quote["total"])

    client.force_login(buyer1)
    html = client.get(CATALOG).content.decode()

    card = _cards(html)[car.pk]
    assert "CIF Vladivostok" in card
    assert f"{intcomma(f'{total:.0f}')} USD" in card


def test_a_car_whose_port_has_no_freight_to_the_buyers_port_shows_no_total(client, buyer1, car, rules):
    elsewhere = YardFactory(code="YK", country="JP", city="Yokohama", nearest_port=Location.objects.get(code="JPYOK"))
    stranded = VehicleFactory(yard=elsewhere, engine_cc=1500, power_kw=80)
    client.force_login(buyer1)
    cards = _cards(client.get(CATALOG).content.decode())
    assert "CIF Vladivostok" in cards[car.pk]
    assert "CIF" not in cards[stranded.pk]


def test_merchants_and_visitors_see_no_delivered_total(client, merchant, car, rules):
    assert "CIF Vladivostok" not in client.get(CATALOG).content.decode()
    client.force_login(merchant)
    assert "CIF Vladivostok" not in client.get(CATALOG).content.decode()


def test_the_totals_cost_one_query_for_the_whole_page(client, buyer1, car, toyama, rules,
                                                       django_assert_max_num_queries):
    VehicleFactory.create_batch(10, yard=toyama, engine_cc=1500, power_kw=80)
    client.force_login(buyer1)
    client.get(CATALOG)  # warm the process caches (rules, rates, places)
    with django_assert_max_num_queries(40) as one:
        client.get(CATALOG)
    VehicleFactory.create_batch(10, yard=toyama, engine_cc=1500, power_kw=80)
    with django_assert_max_num_queries(40) as more:
        html = client.get(CATALOG).content.decode()
    assert html.count("CIF Vladivostok") == 21
    assert len(more.captured_queries) == len(one.captured_queries)
