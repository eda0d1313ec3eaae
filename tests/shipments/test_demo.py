"""seed_demo's shipping: a Toyama–Vladivostok voyage and buyer1's car in transit, once."""

import pytest

from demo.shipments import seed_shipments
from shipments.models import Shipment, Voyage
from tests.factories import BuyerCompanyFactory, BuyerFactory, StaffFactory, VehicleFactory

pytestmark = pytest.mark.django_db


def test_it_books_buyer1s_car_in_transit_once(toyama, freight, rules):
    BuyerFactory(username="buyer1", buyer=BuyerCompanyFactory(name="Vostok Auto Import LLC", country="RU"))
    StaffFactory(username="admin", is_superuser=True)
    VehicleFactory(yard=toyama, engine_cc=1500)
    assert seed_shipments() == 1
    shipment = Shipment.objects.get()
    assert shipment.status == "departed"
    assert [e.kind for e in shipment.events.order_by("at", "id")] == ["booked", "at_port", "loaded", "departed"]
    assert shipment.attachments.get().content_type == "application/pdf"
    assert shipment.orders.get().status == "shipped"
    assert Voyage.objects.filter(port_of_loading_id="JPTOY", port_of_discharge_id="RUVVO").count() == 2
    assert seed_shipments() == 0
