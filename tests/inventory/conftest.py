"""Fixtures shared by the inventory tests: one Toyama yard, its merchant, one of its cars."""

import pytest

from tests.factories import MerchantFactory, VehicleFactory, YardFactory


@pytest.fixture
def yard():
    return YardFactory(code="TY")


@pytest.fixture
def merchant(yard):
    return MerchantFactory(yard=yard)


@pytest.fixture
def vehicle(yard):
    return VehicleFactory(yard=yard)
