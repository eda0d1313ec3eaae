"""Fixtures the trade's tests share (brokerage, shipments, the catalog's delivered prices): the default rules, a
Toyama yard shipping from JPTOY, and the broker's people. Loaded for every test by ``tests/conftest.py``."""

import pytest

from compliance.services import rules_load_defaults
from core.models import Location
from tests.factories import MerchantFactory, OfficerFactory, StaffFactory, YardFactory


@pytest.fixture
def rules(db):
    rules_load_defaults()


@pytest.fixture
def toyama(db):
    return YardFactory(code="TY", country="JP", city="Toyama", nearest_port=Location.objects.get(code="JPTOY"))


@pytest.fixture
def staff(db):
    return StaffFactory(username="staff1")


@pytest.fixture
def officer(db):
    return OfficerFactory(username="officer1")


@pytest.fixture
def merchant(toyama):
    return MerchantFactory(username="m1", yard=toyama)
