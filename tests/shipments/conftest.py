"""Shipments fixtures: a Toyama yard, buyers in Vladivostok and Almaty, freight, the default rules, paid orders,
a Toyama–Vladivostok RoRo voyage."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from brokerage.models import FreightRate
from brokerage.services import order_place, order_review_decide, payment_record
from core.models import Location
from shipments.models import Carrier, Vessel, Voyage
from tests.factories import (
    BuyerCompanyFactory,
    BuyerFactory,
    MerchantFactory,
    VehicleFactory,
    YardFactory,
)


@pytest.fixture
def other_yard(db):
    return YardFactory(code="YK", country="JP", city="Yokohama", nearest_port=Location.objects.get(code="JPTOY"))


@pytest.fixture
def freight(db):
    origin = Location.objects.get(code="JPTOY")
    for code, mode in (("RUVVO", "roro"), ("KZALA", "container")):
        FreightRate.objects.create(origin=origin, destination=Location.objects.get(code=code), mode=mode,
                                   amount=Decimal("1200"), currency="USD", insurance_rate=Decimal("1.1"),
                                   valid_from=dt.date(2020, 1, 1))


@pytest.fixture
def buyer1(db):
    company = BuyerCompanyFactory(name="Восток Авто", country="RU", city="Vladivostok",
                                  default_port=Location.objects.get(code="RUVVO"))
    return BuyerFactory(username="sb1", buyer=company)


@pytest.fixture
def buyer2(db):
    company = BuyerCompanyFactory(name="Almaty Cars", country="KZ", city="Almaty",
                                  default_port=Location.objects.get(code="KZALA"))
    return BuyerFactory(username="sb2", buyer=company)


@pytest.fixture
def other_merchant(other_yard):
    return MerchantFactory(username="sm2", yard=other_yard)


def paid_order(*, buyer, staff, officer, vehicles, port="RUVVO", terms="CIF"):
    order = order_place(user=buyer, buyer=buyer.buyer, vehicle_ids=[v.pk for v in vehicles], destination_port=port,
                        terms=terms)
    if order.review_state == "pending":
        order = order_review_decide(order=order, by=officer, approve=True, reason="known buyer, end use checked")
    payment_record(order=order, by=staff, amount=order.total, currency=order.currency,
                   paid_on=timezone.localdate(), reference="TT-0001")
    order.refresh_from_db()
    assert order.status == "paid"
    return order


@pytest.fixture
def car(toyama, freight, rules):
    """A 1.5-litre petrol Corolla: clear for Russia."""
    return VehicleFactory(yard=toyama, engine_cc=1500, power_kw=80, price_amount=Decimal("1000000"))


@pytest.fixture
def big_car(toyama, freight, rules):
    """A 2.0-litre petrol Harrier: Japan bans it for Russia (engine over 1,900 cc), clear for Kazakhstan."""
    return VehicleFactory(yard=toyama, make="Toyota", model="Harrier", engine_cc=1986, power_kw=126,
                          price_amount=Decimal("3200000"))


@pytest.fixture
def order1(buyer1, staff, officer, car):
    return paid_order(buyer=buyer1, staff=staff, officer=officer, vehicles=[car])


@pytest.fixture
def order_kz(buyer2, staff, officer, big_car):
    return paid_order(buyer=buyer2, staff=staff, officer=officer, vehicles=[big_car], port="KZALA")


@pytest.fixture
def voyage(db):
    carrier = Carrier.objects.create(name="Sasaki Line", scac="SSKL")
    vessel = Vessel.objects.create(carrier=carrier, name="Trans Future 5")
    etd = timezone.now() + dt.timedelta(days=2)
    return Voyage.objects.create(vessel=vessel, number="TF5-2612", port_of_loading_id="JPTOY", etd=etd,
                                 port_of_discharge_id="RUVVO", eta=etd + dt.timedelta(days=3))


def roro_leg(voyage=None):
    return {"mode": "roro", "origin": "JPTOY", "destination": "RUVVO", "voyage": voyage.pk if voyage else None}
