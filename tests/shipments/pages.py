"""The shipments pages' rows of tests/test_page_permissions.py, and the shipment they are opened on."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Yard
from brokerage.models import FreightRate
from core.models import Location
from documents.models import Document
from documents.storage import private_storage
from shipments.services import LegInput, attachment_upload, shipment_book
from tests.factories import StaffFactory, VehicleFactory
from tests.shipments.conftest import paid_order

STAFF_ONLY = (302, 403, 403, 403, 200, 200)
POST_ONLY = (302, 405, 405, 405, 405, 405)
# Roles: anonymous, the merchant whose car it carries, another merchant, the order's buyer, officer, staff.
SHIPMENT_MATRIX = {
    "shipments:list": STAFF_ONLY,
    "shipments:book": STAFF_ONLY,
    "shipments:detail": STAFF_ONLY,
    "shipments:event": POST_ONLY,
    "shipments:references": POST_ONLY,
    "shipments:voyage": POST_ONLY,
    "shipments:attachment_upload": POST_ONLY,
    "shipments:attachment": (302, 200, 404, 200, 200, 200),
    "shipments:track": (302, 200, 404, 200, 200, 200),
    # the order's papers (all five kinds are the order's): its buyer, the merchant holding its stock, staff
    "brokerage:order_document": (302, 200, 404, 200, 200, 200),
}


def shipment_args(users: dict, yard: Yard) -> dict:
    """The buyer's paid order of a car from the merchant's yard, booked on a shipment with an uploaded paper."""
    Yard.objects.filter(pk=yard.pk).update(nearest_port=Location.objects.get(code="JPTOY"))
    yard.refresh_from_db()
    FreightRate.objects.get_or_create(origin_id="JPTOY", destination_id="RUVVO", mode="roro",
                                      valid_from=dt.date(2020, 1, 1),
                                      defaults={"amount": Decimal("1000"), "currency": "USD",
                                                "insurance_rate": Decimal("1.1")})
    staff = users["staff"] or StaffFactory()
    car = VehicleFactory(yard=yard, engine_cc=1500, price_amount=Decimal("900000"))
    order = paid_order(buyer=users["buyer"], staff=staff, officer=users["officer"], vehicles=[car])
    shipment = shipment_book(by=staff, order_ids=[order.pk],
                             legs=[LegInput(mode="roro", origin="JPTOY", destination="RUVVO")])
    paper = attachment_upload(shipment=shipment, by=staff, kind="bl_scan",
                              upload=SimpleUploadedFile("bl.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))
    args = {name: [shipment.pk] for name in ("shipments:detail", "shipments:event", "shipments:references",
                                              "shipments:voyage", "shipments:attachment_upload")}
    invoice = Document.objects.get(object_id=order.pk, kind="commercial_invoice")
    name = private_storage().save(f"documents/test/{invoice.number}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    Document.objects.filter(pk=invoice.pk).update(status="ready", file=name)
    return {**args, "shipments:attachment": [paper.pk], "shipments:track": [order.pk],
            "brokerage:order_document": [order.pk, invoice.pk]}
