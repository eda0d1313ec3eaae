"""A shipment's steps: append-only events, the order follows through brokerage, buyers are told."""

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone, translation

from brokerage.models import OrderStatus
from compliance.models import Rule
from compliance.services.rules import rule_publish, version_fields
from core.errors import ApplicationError
from core.outbox import Outbox
from inventory.models import Vehicle
from notifications.models import Notification
from shipments.models import ShipmentEvent
from shipments.services import LegInput, shipment_book, shipment_event_record
from shipments.services.notify import shipment_event_notify
from tests.shipments.conftest import roro_leg

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(order1, staff, voyage):
    return shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg(voyage))])


def test_loaded_departed_arrived_delivered_and_the_order_follows(shipment, order1, staff):
    now = timezone.now()
    shipment_event_record(shipment=shipment, kind="loaded", at=now + dt.timedelta(minutes=1), place="JPTOY", by=staff)
    order1.refresh_from_db()
    assert order1.status == OrderStatus.READY_TO_SHIP
    shipment_event_record(shipment=shipment, kind="departed", at=now + dt.timedelta(minutes=2), place="JPTOY",
                          by=staff)
    order1.refresh_from_db()
    assert order1.status == OrderStatus.SHIPPED
    assert Vehicle.objects.get(pk=order1.lines.get().vehicle_id).status == "shipped"
    shipment_event_record(shipment=shipment, kind="arrived", at=now + dt.timedelta(minutes=3), place="RUVVO", by=staff)
    shipment_event_record(shipment=shipment, kind="delivered", at=now + dt.timedelta(minutes=4), place="RUVVO", note="to the consignee",
                          by=staff)
    order1.refresh_from_db()
    shipment.refresh_from_db()
    assert order1.status == OrderStatus.DELIVERED
    assert shipment.status == "delivered"
    assert [e.kind for e in shipment.events.order_by("at", "id")] == ["booked", "loaded", "departed", "arrived",
                                                                      "delivered"]
    # brokerage wrote its own events for shipped and delivered (order_transition, not a direct update)
    assert list(order1.events.filter(to_status__in=["shipped", "delivered"]).values_list("to_status", flat=True)) \
        == ["shipped", "delivered"]
    shipped = order1.events.get(to_status="shipped")
    assert shipped.note == f"shipment {shipment.number}: departed"  # English for the API, the key for pages
    with translation.override("ru"):
        assert shipped.note_text == f"отправка {shipment.number}: отбыла"
    with pytest.raises(ApplicationError, match="delivered"):
        shipment_event_record(shipment=shipment, kind="arrived", place="RUVVO", by=staff)


@pytest.mark.parametrize("kind", ["transshipped", "arrived", "customs_cleared", "delivered"])
def test_steps_after_the_departure_wait_for_it(shipment, order1, staff, kind):
    """Delivered straight after booked would skip the departure's route and party re-check."""
    with pytest.raises(ApplicationError, match="not departed"):
        shipment_event_record(shipment=shipment, kind=kind, place="RUVVO", by=staff)
    shipment.refresh_from_db()
    order1.refresh_from_db()
    assert shipment.status == "booked"
    assert order1.status == OrderStatus.READY_TO_SHIP
    assert [e.kind for e in shipment.events.all()] == ["booked"]


def test_events_are_append_only(shipment):
    event = shipment.events.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ShipmentEvent.objects.filter(pk=event.pk).update(note="changed")
    with pytest.raises(IntegrityError), transaction.atomic():
        ShipmentEvent.objects.filter(pk=event.pk).delete()
    assert ShipmentEvent.objects.get(pk=event.pk).note == ""


def test_the_database_refuses_to_truncate_the_events(db):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE shipments_shipment CASCADE")  # reaches the events


def test_it_refuses_a_second_booking_event_a_future_time_and_an_unknown_place(shipment, staff):
    with pytest.raises(ApplicationError, match="booked once"):
        shipment_event_record(shipment=shipment, kind="booked", by=staff)
    with pytest.raises(ApplicationError, match="future"):
        shipment_event_record(shipment=shipment, kind="loaded", at=timezone.now() + dt.timedelta(days=2), by=staff)
    with pytest.raises(ApplicationError, match="UN/LOCODE"):
        shipment_event_record(shipment=shipment, kind="loaded", place="ZZZZZ", by=staff)


def test_departure_checks_the_route_again(shipment, order1, staff):
    """A rule that changed while the car waited at the port stops the departure, naming the rule."""
    rule = Rule.objects.get(code="JP-RU-ENGINE-1900")
    fields = {**version_fields(rule.current),
              "condition": {"all": [{"fact": "engine_cc", "op": "gt", "value": 1000}]}}
    rule_publish(rule_set=rule.rule_set, code=rule.code, rescreen=False, **fields)
    with pytest.raises(ApplicationError) as refused:
        shipment_event_record(shipment=shipment, kind="departed", place="JPTOY", by=staff)
    assert "JP-RU-ENGINE-1900" in refused.value.message
    order1.refresh_from_db()
    assert order1.status == OrderStatus.READY_TO_SHIP
    assert not shipment.events.filter(kind="departed").exists()


def test_every_event_owes_a_notification_in_the_readers_language(shipment, order1, buyer1, staff):
    event = shipment_event_record(shipment=shipment, kind="departed", place="JPTOY", by=staff)
    assert Outbox.objects.filter(task="shipments.tasks.shipment_event_notify", args=[event.pk]).exists()
    assert shipment_event_notify(event_id=event.pk) == 1
    assert shipment_event_notify(event_id=event.pk) == 0  # idempotent
    notification = Notification.objects.get(user=buyer1, key__startswith="shipment-event:")
    assert notification.url == f"/shipments/track/{order1.pk}/"
    with translation.override("en"):
        assert notification.display_title == f"Order {order1.number}: departed from Toyama"
    with translation.override("ru"):
        assert order1.number in notification.display_title
