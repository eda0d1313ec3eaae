"""Staff book and record steps on pages (forms submitted as a browser would); buyers follow an order."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shipments.models import Shipment, Voyage
from shipments.services import LegInput, shipment_book
from tests.html_forms import form_data
from tests.shipments.conftest import roro_leg

pytestmark = pytest.mark.django_db


def book(client, order, legs: list[tuple[str, str, str]], voyage=None):
    page = client.get("/shipments/new/")
    assert page.status_code == 200
    data = form_data(page.content.decode(), having="leg0_from")
    data["orders"] = [str(order.pk)]
    for index, (mode, origin, destination) in enumerate(legs):
        data.update({f"leg{index}_mode": mode, f"leg{index}_from": origin, f"leg{index}_to": destination})
    if voyage:
        data["leg0_voyage"] = str(voyage.pk)
    return client.post("/shipments/new/", data)


def test_staff_book_a_paid_car_on_the_voyage_and_record_loaded_and_departed(client, staff, order1, voyage):
    client.force_login(staff)
    response = book(client, order1, [("roro", "JPTOY", "RUVVO")], voyage)
    shipment = Shipment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/shipments/{shipment.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Trans Future 5" in page and order1.number in page
    for kind in ("loaded", "departed"):
        data = form_data(page, having="kind")
        data.update({"kind": kind, "place": "JPTOY"})
        response = client.post(f"/shipments/{shipment.pk}/events/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        page = client.get(response["Location"]).content.decode()
    assert [e.kind for e in Shipment.objects.get().events.order_by("at", "id")] == ["booked", "loaded", "departed"]
    order1.refresh_from_db()
    assert order1.status == "shipped"


def test_staff_set_the_voyage_of_a_shipment_booked_without_one_on_its_page(client, staff, order1, voyage):
    client.force_login(staff)
    shipment = Shipment.objects.get(pk=book(client, order1, [("roro", "JPTOY", "RUVVO")]).url.split("/")[-2])
    page = client.get(f"/shipments/{shipment.pk}/").content.decode()
    assert "Trans Future 5" not in page.split('id="events"')[0]
    elsewhere = Voyage.objects.create(vessel=voyage.vessel, number="TF5-NJK", port_of_loading_id="JPTOY",
                                      etd=voyage.etd, port_of_discharge_id="RUNJK", eta=voyage.eta)
    data = {**form_data(page, having="voyage"), "voyage": str(elsewhere.pk)}
    response = client.post(f"/shipments/{shipment.pk}/voyage/", data)
    assert response.status_code == 400 and "not this leg&#x27;s ports" in response.content.decode()
    data["voyage"] = str(voyage.pk)
    response = client.post(f"/shipments/{shipment.pk}/voyage/", data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    legs = page.split('id="events"')[0]
    assert "Trans Future 5 TF5-2612" in legs and "TF5-2612" in page.split('id="events"')[1]
    assert Shipment.objects.get().status == "booked"
    for kind in ("loaded", "departed"):
        client.post(f"/shipments/{shipment.pk}/events/", {**form_data(page, having="kind"), "kind": kind,
                                                           "place": "JPTOY"})
    page = client.get(f"/shipments/{shipment.pk}/").content.decode()
    assert 'id="voyage-form"' not in page  # departed: the voyage no longer changes


def test_a_jp_kz_ru_route_is_refused_at_booking_with_the_rule_cited(client, staff, order_kz):
    client.force_login(staff)
    response = book(client, order_kz, [("container", "JPTOY", "KZALA"), ("road", "KZALA", "RUMOW")])
    assert response.status_code == 400
    page = response.content.decode()
    assert "JP → KZ → RU" in page and "JP-RU-ENGINE-1900" in page and "JETRO" in page
    assert not Shipment.objects.exists()


def test_the_buyer_follows_the_order_on_the_tracking_page(client, staff, buyer1, buyer2, order1, voyage):
    shipment = shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg(voyage))])
    client.force_login(buyer1)
    page = client.get(f"/shipments/track/{order1.pk}/").content.decode()
    assert "Trans Future 5" in page and "ETA" in page and shipment.number in page
    assert 'data-step="booked"' in page and "Proforma invoice" in page
    client.force_login(buyer2)
    assert client.get(f"/shipments/track/{order1.pk}/").status_code == 404


def test_staff_upload_papers_checked_by_content(client, staff, buyer1, buyer2, order1):
    shipment = shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg())])
    client.force_login(staff)
    fake = SimpleUploadedFile("bl.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(f"/shipments/{shipment.pk}/papers/", {"kind": "bl_scan", "file": fake})
    assert response.status_code == 400 and "PDF, JPEG, PNG or WebP" in response.content.decode()
    # the magic bytes alone are not enough: a PNG header with nothing behind it, a PDF cut off midway
    header_only = SimpleUploadedFile("bl.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    assert client.post(f"/shipments/{shipment.pk}/papers/", {"kind": "bl_scan", "file": header_only}
                       ).status_code == 400
    cut = SimpleUploadedFile("bl.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "application/pdf")
    response = client.post(f"/shipments/{shipment.pk}/papers/", {"kind": "bl_scan", "file": cut})
    assert response.status_code == 400 and "damaged or incomplete" in response.content.decode()
    assert not shipment.attachments.exists()
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "PNG")
    png = SimpleUploadedFile("bl.png", buffer.getvalue(), "image/png")
    assert client.post(f"/shipments/{shipment.pk}/papers/", {"kind": "bl_scan", "file": png}).status_code == 302
    paper = shipment.attachments.get()
    assert paper.content_type == "image/png"
    client.force_login(buyer1)
    assert client.get(f"/shipments/papers/{paper.pk}/").status_code == 200
    client.force_login(buyer2)
    assert client.get(f"/shipments/papers/{paper.pk}/").status_code == 404


def test_a_paper_over_the_size_limit_is_refused(client, staff, order1, settings):
    settings.SHIPMENT_PAPER_MAX_BYTES = 1024
    shipment = shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg())])
    client.force_login(staff)
    big = SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 2048, "image/jpeg")
    response = client.post(f"/shipments/{shipment.pk}/papers/", {"kind": "inspection", "file": big})
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not shipment.attachments.exists()
