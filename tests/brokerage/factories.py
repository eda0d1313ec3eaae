"""Brokerage factories: freight rates between shipped UN/LOCODE places."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from brokerage.models import FreightRate
from core.models import Location


class FreightRateFactory(DjangoModelFactory):
    class Meta:
        model = FreightRate

    origin = factory.LazyFunction(lambda: Location.objects.get(code="JPTOY"))
    destination = factory.LazyFunction(lambda: Location.objects.get(code="RUVVO"))
    mode = "roro"
    amount = Decimal("42.00")
    currency = "USD"
    insurance_rate = Decimal("1.100")
    valid_from = dt.date(2020, 1, 1)
