"""seed_demo's shipping: a Toyama–Vladivostok voyage and buyer1's car in transit, once."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from demo.orders import seed_orders
from demo.shipments import seed_shipments
from documents.models import Document
from inventory.models import Vehicle
from shipments.forms import BookForm
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


@override_settings(DEBUG=True)
def test_seed_demo_leaves_a_car_in_transit_and_a_paid_one_for_staff_to_book():
    call_command("seed_demo", "--no-photos", stdout=io.StringIO())
    # without photos no car is in the catalog, so nothing could be ordered: stand in for the photos, then seed
    # the orders and the shipment the way seed_demo does after its photos
    Vehicle.objects.update(photo_count=1)
    seed_orders()
    assert seed_shipments() == 1
    shipment = Shipment.objects.get()
    assert shipment.status == "departed" and shipment.orders.get().buyer.users.filter(username="buyer1").exists()
    leg = shipment.legs.get()
    assert (leg.origin_id, leg.destination_id, leg.voyage.port_of_loading_id) == ("JPTOY", "RUVVO", "JPTOY")
    assert Document.objects.filter(object_id=shipment.orders.get().pk, kind="commercial_invoice").exists()
    waiting = BookForm().fields["orders"].queryset
    assert waiting.filter(buyer__users__username="buyer1").exists()
