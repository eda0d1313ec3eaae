"""Demo shipping: the Toyama–Vladivostok RoRo line, and buyer1's car in transit on it with its events and papers.

Made through the services, as staff would. Idempotent: once a shipment exists, nothing is added. Runs after the
brokerage demo orders (it leaves their paid order for staff to book themselves).
"""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from weasyprint import HTML

from accounts.models import User
from brokerage.models import FreightRate
from brokerage.services import freight_rate_save, order_place, payment_record
from core.errors import ApplicationError
from core.models import Location
from inventory.models import Status, Vehicle
from shipments.models import Carrier, Shipment, Vessel, Voyage
from shipments.services import LegInput, attachment_upload, shipment_book, shipment_event_record


def _voyages() -> tuple[Voyage, Voyage]:
    carrier, _ = Carrier.objects.get_or_create(name="Sasaki Kisen (demo)", defaults={"scac": "SSKD"})
    vessel, _ = Vessel.objects.get_or_create(carrier=carrier, name="Trans Future 5")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    sailing, _ = Voyage.objects.get_or_create(
        vessel=vessel, number="TF5-DEMO-1", defaults={
            "port_of_loading_id": "JPTOY", "etd": now - dt.timedelta(days=2),
            "port_of_discharge_id": "RUVVO", "eta": now + dt.timedelta(days=1)})
    next_one, _ = Voyage.objects.get_or_create(
        vessel=vessel, number="TF5-DEMO-2", defaults={
            "port_of_loading_id": "JPTOY", "etd": now + dt.timedelta(days=6),
            "port_of_discharge_id": "RUVVO", "eta": now + dt.timedelta(days=9)})
    return sailing, next_one


def _freight() -> None:
    if not FreightRate.objects.filter(origin_id="JPTOY", destination_id="RUVVO").exists():
        freight_rate_save(data={"origin": Location.objects.get(code="JPTOY"),
                                "destination": Location.objects.get(code="RUVVO"), "mode": "roro",
                                "amount": Decimal("1150"), "currency": "USD", "insurance_rate": Decimal("1.1"),
                                "transit_days": 3, "valid_from": dt.date(2024, 1, 1)})


def _paid_order(buyer, staff):
    """A new paid order of one clear car from the Toyama yard (the brokerage demo's own stay as they are)."""
    for vehicle in Vehicle.objects.filter(yard__code="TY", status=Status.AVAILABLE, engine_cc__lte=1800,
                                          length_mm__isnull=False).order_by("-photo_count", "pk")[:40]:
        try:
            order = order_place(user=buyer, buyer=buyer.buyer, vehicle_ids=[vehicle.pk], destination_port="RUVVO",
                                terms="CIF", currency="USD")
            payment_record(order=order, by=staff, amount=order.total, currency=order.currency,
                           paid_on=timezone.localdate() - dt.timedelta(days=5), reference="TT-DEMO-SHIP")
        except ApplicationError:
            continue
        order.refresh_from_db()
        if order.status == "paid":
            return order
    return None


def _export_certificate(vehicle) -> SimpleUploadedFile:
    html = (f"<h1>Export Certificate (demo) / 輸出抹消仮登録証明書</h1><p>{vehicle.make} {vehicle.model} "
            f"{vehicle.chassis_no}</p><p>Issued by the Toyama Transport Branch Office (demo document).</p>")
    return SimpleUploadedFile("export-certificate.pdf", HTML(string=html).write_pdf(), "application/pdf")


def seed_shipments() -> int:
    """Returns 1 when it booked the demo shipment, else 0."""
    buyer = User.objects.filter(username="buyer1").first()
    staff = User.objects.filter(username="admin").first()
    if not (buyer and staff) or Shipment.objects.exists():
        return 0
    sailing, _next_one = _voyages()
    _freight()
    order = _paid_order(buyer, staff)
    if order is None:
        return 0
    departed = sailing.etd
    shipment = shipment_book(by=staff, order_ids=[order.pk], bl_number="SSKD-TOYVVO-0042",
                             legs=[LegInput(mode="roro", origin="JPTOY", destination="RUVVO", voyage=sailing.pk)],
                             booked_at=departed - dt.timedelta(days=4))
    steps = [("at_port", dt.timedelta(days=3), "Fushiki-Toyama terminal, lane 4"),
             ("loaded", dt.timedelta(hours=5), ""), ("departed", dt.timedelta(0), "")]
    for kind, before, note in steps:
        shipment_event_record(shipment=shipment, kind=kind, at=departed - before, place="JPTOY", note=note, by=staff)
    vehicle = order.lines.select_related("vehicle").first().vehicle
    attachment_upload(shipment=shipment, by=staff, upload=_export_certificate(vehicle), kind="export_certificate",
                      vehicle_id=vehicle.pk)
    return 1
