"""buyer1 follows a shipment on a phone in real Chromium and downloads the invoice; buyer2 cannot open it.

Staff book the paid car on a Toyama–Vladivostok RoRo voyage and record it loaded and departed on the staff pages;
a real Celery worker renders the papers (and moves the order on when its proforma is ready)."""

import io
import os
import time

import pytest
from pypdf import PdfReader

from documents.models import Document
from tests.browser.test_merchant_journey import CHROMIUM, PHONE, browser, sign_in  # noqa: F401 (fixture)
from tests.shipments.conftest import (  # noqa: F401 (fixtures)
    buyer1,
    buyer2,
    car,
    freight,
    order1,
    paid_order,
    voyage,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def wait_for_papers(order, kinds, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = set(Document.objects.filter(object_id=order.pk, status="ready").values_list("kind", flat=True))
        if set(kinds) <= ready:
            return
        time.sleep(0.5)
    states = list(Document.objects.filter(object_id=order.pk).values("kind", "status", "error"))
    raise AssertionError(f"papers not ready: {states}")


def test_buyer1_follows_the_shipment_on_a_phone_and_downloads_the_invoice(
        live_server, celery_worker, browser, order1, voyage, staff, buyer2):  # noqa: F811
    base = live_server.url
    staff.set_password("demo-password")
    staff.save()
    desk = browser.new_page(**DESKTOP)
    sign_in(desk, base, staff.username)
    desk.goto(f"{base}/shipments/new/")
    desk.check(f"[name=orders][value='{order1.pk}']")
    desk.select_option("[name=leg0_mode]", "roro")
    desk.fill("[name=leg0_from]", "JPTOY")
    desk.fill("[name=leg0_to]", "RUVVO")
    desk.select_option("[name=leg0_voyage]", str(voyage.pk))
    with desk.expect_navigation():
        desk.click("#book-form button[type=submit]")
    assert desk.locator("#shipment-status").get_attribute("data-status") == "booked"
    for kind in ("loaded", "departed"):
        desk.select_option("#event-form [name=kind]", kind)
        desk.fill("#event-form [name=place]", "JPTOY")
        with desk.expect_navigation():
            desk.click("#event-form button[type=submit]")
        assert desk.locator("#shipment-status").get_attribute("data-status") == kind

    wait_for_papers(order1, ["proforma_invoice", "sales_contract", "commercial_invoice"])
    page = browser.new_page(**PHONE, accept_downloads=True)
    sign_in(page, base, "sb1")
    page.goto(f"{base}/shipments/track/{order1.pk}/")
    assert page.locator("#vessel").inner_text().startswith("Trans Future 5")
    assert "ETA" in page.locator("#eta").inner_text()
    done = page.locator(".track-steps li.done").evaluate_all("items => items.map(i => i.dataset.step)")
    assert done == ["booked", "loaded"]
    assert page.locator(".track-steps li.current").first.get_attribute("data-step") == "departed"
    assert page.locator("#events li").first.get_attribute("data-kind") == "departed"
    # phone-first: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as download:
        page.click("[data-download=commercial_invoice]")
    with open(download.value.path(), "rb") as file:
        data = file.read()
    assert data.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Восток Авто" in text and "Trans Future 5" in text
    invoice_url = page.locator("[data-kind=commercial_invoice] a").first.get_attribute("href")

    other = browser.new_page(**PHONE)
    sign_in(other, base, "sb2")
    assert other.goto(f"{base}{invoice_url}").status == 404
    assert other.goto(f"{base}/shipments/track/{order1.pk}/").status == 404
