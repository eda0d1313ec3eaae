"""Brokerage fixtures: a Toyama yard shipping from JPTOY, buyers in Vladivostok and Almaty, freight, rules."""

from decimal import Decimal

import pytest

from core.models import Location
from tests.brokerage.factories import FreightRateFactory
from tests.factories import (
    BuyerCompanyFactory,
    BuyerFactory,
    VehicleFactory,
)


@pytest.fixture
def freight(toyama):
    return {
        "RUVVO": FreightRateFactory(),
        "KZALA": FreightRateFactory(destination=Location.objects.get(code="KZALA"), mode="container",
                                    amount=Decimal("3400"), insurance_rate=Decimal("1.000")),
    }


@pytest.fixture
def buyer1(db):
    company = BuyerCompanyFactory(name="Vostok Auto", country="RU", city="Vladivostok",
                                  default_port=Location.objects.get(code="RUVVO"))
    return BuyerFactory(username="b1", buyer=company)


@pytest.fixture
def buyer2(db):
    company = BuyerCompanyFactory(name="Almaty Cars", country="KZ", city="Almaty",
                                  default_port=Location.objects.get(code="KZALA"))
    return BuyerFactory(username="b2", buyer=company)


@pytest.fixture
def car(toyama, freight):
    """A 1.5-litre petrol Corolla at JPY 1,000,000, 4.63 x 1.78 x 1.435 m = 11.83 m³: clear for Russia."""
    return VehicleFactory(yard=toyama, engine_cc=1500, power_kw=80, price_amount=Decimal("1000000"))


def quote_body(vehicle, **extra) -> dict:
    return {"vehicle_ids": [vehicle.pk], "destination_port": "RUVVO", "terms": "CIF", **extra}
