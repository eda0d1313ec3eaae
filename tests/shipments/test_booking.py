"""Booking paid orders on a shipment: the route the legs make is checked for every vehicle."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from brokerage.models import OrderStatus
from brokerage.services import order_place
from compliance.models import ComplianceCheck
from core.errors import ApplicationError
from core.models import Location
from core.outbox import Outbox
from documents.models import Document
from notifications.models import Notification
from shipments.forms import BookForm
from shipments.models import Shipment, Voyage
from shipments.selectors import voyages_open
from shipments.services import LegInput, leg_voyage_set, shipment_book, shipment_event_record
from shipments.services.booking import SHIPPING_PAPERS
from shipments.services.notify import shipment_event_notify
from shipments.services.routes import legs_route
from tests.shipments.conftest import roro_leg

pytestmark = pytest.mark.django_db


def test_it_books_a_paid_order_on_a_roro_voyage(order1, staff, voyage):
    shipment = shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg(voyage))])
    order1.refresh_from_db()
    assert shipment.number.startswith("SH-")
    assert shipment.status == "booked"
    assert [e.kind for e in shipment.events.all()] == ["booked"]
    assert (shipment.origin, shipment.route) == ("JP", ["RU"])
    assert order1.status == OrderStatus.READY_TO_SHIP
    assert shipment.checks[0]["decision"] == "clear"
    kinds = set(Document.objects.filter(object_id=order1.pk).values_list("kind", flat=True))
    assert {"commercial_invoice", "packing_list", "compliance_certificate"} <= kinds


def test_it_refuses_jp_kz_ru_for_a_two_litre_petrol_car_citing_japan(order_kz, staff):
    legs = [LegInput(mode="container", origin="JPTOY", destination="KZALA", container_size="40"),
            LegInput(mode="road", origin="KZALA", destination="RUMOW")]
    checks_before = ComplianceCheck.objects.count()
    with pytest.raises(ApplicationError) as refused:
        shipment_book(by=staff, order_ids=[order_kz.pk], legs=legs)
    assert refused.value.code == "route_blocked"
    assert "JP → KZ → RU" in refused.value.message
    assert "JP-RU-ENGINE-1900" in refused.value.message
    assert "(JETRO" in refused.value.message  # the rule's citation
    assert any("JP-RU-ENGINE-1900" in line for line in refused.value.errors["findings"])
    assert not Shipment.objects.exists()
    order_kz.refresh_from_db()
    assert order_kz.status == OrderStatus.PAID
    assert ComplianceCheck.objects.count() == checks_before  # rolled back with the refusal


def test_the_same_car_ships_to_kazakhstan(order_kz, staff):
    legs = [LegInput(mode="container", origin="JPTOY", destination="KZALA", container_size="40")]
    shipment = shipment_book(by=staff, order_ids=[order_kz.pk], legs=legs)
    assert shipment.route == ["KZ"]


def test_it_refuses_an_order_not_paid(buyer1, car, staff):
    order = order_place(user=buyer1, buyer=buyer1.buyer, vehicle_ids=[car.pk], destination_port="RUVVO", terms="CIF")
    with pytest.raises(ApplicationError) as refused:
        shipment_book(by=staff, order_ids=[order.pk], legs=[LegInput(**roro_leg())])
    assert refused.value.code == "order_not_paid"


def test_it_refuses_disconnected_legs_and_unknown_places(order1, staff):
    with pytest.raises(ApplicationError, match="must start where"):
        shipment_book(by=staff, order_ids=[order1.pk], legs=[
            LegInput(mode="roro", origin="JPTOY", destination="RUVVO"),
            LegInput(mode="rail", origin="RUMOW", destination="KZALA")])
    with pytest.raises(ApplicationError, match="Unknown UN/LOCODE"):
        shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(mode="roro", origin="JPTOY", destination="XXZZZ")])


def test_a_voyage_must_match_its_leg(order1, staff, voyage):
    with pytest.raises(ApplicationError, match="not this leg"):
        shipment_book(by=staff, order_ids=[order1.pk], legs=[
            LegInput(mode="roro", origin="JPTOY", destination="KZALA", voyage=voyage.pk)])


def test_an_order_rides_one_shipment(order1, staff):
    shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg())])
    with pytest.raises(ApplicationError):
        shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg())])


def test_the_route_is_the_countries_in_order_final_last(db):
    class L:
        def __init__(self, a, b):
            self.origin, self.destination = Location.objects.get(code=a), Location.objects.get(code=b)
    assert legs_route([L("JPTOY", "RUVVO"), L("RUVVO", "KZALA")]) == ("JP", ["RU", "KZ"])
    assert legs_route([L("CNHRS", "KZHOR")]) == ("CN", ["KZ"])


def test_it_refuses_a_voyage_that_has_already_sailed(order1, staff, voyage):
    """A sailing whose ETD has passed is not offered on the page and refused by the service."""
    voyage.etd = timezone.now() - dt.timedelta(days=2)
    voyage.eta = voyage.etd + dt.timedelta(days=3)
    voyage.save()
    with pytest.raises(ApplicationError, match="choose a later sailing") as refused:
        shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg(voyage))])
    assert refused.value.code == "voyage_sailed"
    order1.refresh_from_db()
    assert order1.status == OrderStatus.PAID
    assert voyage not in BookForm().fields["leg0_voyage"].queryset
    assert voyage not in voyages_open()


def test_a_shipment_booked_without_a_voyage_gets_one_later_and_may_change_it_until_it_departs(order1, staff, voyage):
    """A shipment booked without a voyage could never get one."""
    shipment = shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg())])
    leg = shipment.legs.get()
    leg_voyage_set(shipment=shipment, leg_id=leg.pk, voyage_id=voyage.pk, by=staff)
    assert shipment.legs.get().voyage == voyage
    later = Voyage.objects.create(vessel=voyage.vessel, number="TF5-2613", port_of_loading_id="JPTOY",
                                  etd=voyage.etd + dt.timedelta(days=7), port_of_discharge_id="RUVVO",
                                  eta=voyage.eta + dt.timedelta(days=7))
    shipment_event_record(shipment=shipment, kind="at_port", place="JPTOY", by=staff)
    leg_voyage_set(shipment=shipment, leg_id=leg.pk, voyage_id=later.pk, by=staff)
    shipment.refresh_from_db()
    assert shipment.legs.get().voyage == later and shipment.status == "at_port"  # the step does not move
    events = list(shipment.events.order_by("at", "id"))
    assert [e.kind for e in events] == ["booked", "booked", "at_port", "at_port"]
    assert "Trans Future 5 TF5-2612" in events[1].note and events[1].actor == staff
    told = list(Outbox.objects.filter(task="shipments.tasks.shipment_event_notify").values_list("args", flat=True))
    assert [events[1].pk] in told and [events[2].pk] in told
    # the buyer hears of the vessel and its departure, not of the step ("booked") a second time
    assert shipment_event_notify(event_id=events[1].pk) == 1
    notification = Notification.objects.get(user__buyer=order1.buyer, key=f"shipment-event:{events[1].pk}:{order1.pk}")
    with translation.override("en"):
        assert notification.display_title == (f"Order {order1.number}: now on voyage Trans Future 5 TF5-2612, "
                                               f"departing {timezone.localtime(voyage.etd):%Y-%m-%d}")
    assert "TF5-2613" in events[3].note and "instead of Trans Future 5 TF5-2612" in events[3].note
    with translation.override("ru"):  # the history reads in each reader's language; the stored note is English
        assert "вместо Trans Future 5 TF5-2612" in events[3].note_text and "instead" not in events[3].note_text
    shipment_event_record(shipment=shipment, kind="departed", place="JPTOY", by=staff)
    with pytest.raises(ApplicationError, match="departed") as refused:
        leg_voyage_set(shipment=shipment, leg_id=leg.pk, voyage_id=voyage.pk, by=staff)
    assert refused.value.code == "shipment_departed" and shipment.legs.get().voyage == later


def test_a_voyage_set_later_has_the_bookings_checks(order1, staff, voyage):
    shipment = shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg())])
    leg = shipment.legs.get()
    elsewhere = Voyage.objects.create(vessel=voyage.vessel, number="TF5-NJK", port_of_loading_id="JPTOY",
                                      etd=voyage.etd, port_of_discharge_id="RUNJK", eta=voyage.eta)
    with pytest.raises(ApplicationError, match="not this leg's ports"):
        leg_voyage_set(shipment=shipment, leg_id=leg.pk, voyage_id=elsewhere.pk, by=staff)
    Voyage.objects.filter(pk=voyage.pk).update(etd=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ApplicationError, match="choose a later sailing") as refused:
        leg_voyage_set(shipment=shipment, leg_id=leg.pk, voyage_id=voyage.pk, by=staff)
    assert refused.value.code == "voyage_sailed"
    assert shipment.legs.get().voyage is None and shipment.events.count() == 1


def test_setting_a_voyage_later_renders_new_versions_of_the_shipping_papers_and_keeps_the_old(order1, staff, voyage):
    """The commercial invoice and packing list name the vessel: booked without one, they would never show it."""
    shipment = shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg())])
    papers = Document.objects.filter(object_id=order1.pk, kind__in=SHIPPING_PAPERS)
    assert papers.count() == 3
    papers.update(status="ready", file="documents/test/paper.pdf", sha256="0" * 64, size=1)  # rendered meanwhile
    leg_voyage_set(shipment=shipment, leg_id=shipment.legs.get().pk, voyage_id=voyage.pk, by=staff)
    versions = sorted(Document.objects.filter(object_id=order1.pk, kind__in=SHIPPING_PAPERS)
                      .values_list("kind", "version", "status"))
    assert versions == sorted([(kind, 1, "ready") for kind in SHIPPING_PAPERS]
                              + [(kind, 2, "pending") for kind in SHIPPING_PAPERS])
    proforma = Document.objects.get(object_id=order1.pk, kind="proforma_invoice")
    assert proforma.version == 1  # not a shipping paper: unchanged
