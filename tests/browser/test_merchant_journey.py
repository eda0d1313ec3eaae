"""A merchant at the yard lists a car with a photo from a phone, and a buyer finds it: real Chromium."""

import os
import shutil
import time

import pytest
from playwright.sync_api import sync_playwright

from demo.photos import draw_car_photo
from inventory.models import Vehicle, VehiclePhoto
from tests.factories import BuyerFactory, MerchantFactory, YardFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are plain sync code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_a_merchant_lists_a_car_with_a_photo_on_a_phone_and_a_buyer_finds_it(live_server, celery_worker, browser,
                                                                               tmp_path):
    MerchantFactory(username="yardphone", yard=YardFactory(code="TY", name="Toyama Export Yard"))
    BuyerFactory(username="vladbuyer", buyer__country="RU")
    photo_file = tmp_path / "harrier.jpg"
    photo_file.write_bytes(draw_car_photo("Toyota", "Harrier", "pearl white", 3))
    started = time.monotonic()

    page = browser.new_page(**PHONE)
    sign_in(page, live_server.url, "yardphone")
    page.goto(f"{live_server.url}/stock/new/")
    for field, value in {"make": "Toyota", "model": "Harrier", "chassis_no": "ZSU60-0012345", "year": "2019",
                         "mileage_km": "41000", "engine_cc": "1986", "price_amount": "3200000",
                         "price_currency": "JPY", "color": "pearl white"}.items():
        page.fill(f"[name={field}]", value)
    page.fill("[name=first_registration]", "2019-03")
    page.select_option("[name=fuel]", "petrol")
    page.select_option("[name=body_type]", "suv")
    page.click("main form.form button[type=submit]")
    page.wait_for_url("**/edit/")
    assert "TY-000001" in page.inner_text("h1")

    page.set_input_files("#photo-files", str(photo_file))
    page.wait_for_selector("#photo-grid figure[data-state=ready] img", timeout=30_000)
    elapsed = time.monotonic() - started
    page.screenshot(path=str(tmp_path / "merchant-phone.png"))

    vehicle = Vehicle.objects.get(chassis_no="ZSU60-0012345")
    photo = VehiclePhoto.objects.get(vehicle=vehicle)
    assert (vehicle.status, photo.state, photo.is_main) == ("available", "ready", True)
    assert elapsed < 120, f"listing took {elapsed:.0f} s"

    buyer_page = browser.new_page(**PHONE)
    sign_in(buyer_page, live_server.url, "vladbuyer")
    buyer_page.goto(f"{live_server.url}/stock/catalog/?q=harrier&exportable_to=any")
    card = buyer_page.locator("a.vehicle-card", has_text="2019 Toyota Harrier")
    card.wait_for()
    assert card.locator("img").get_attribute("src").endswith(f"/stock/photos/{photo.pk}/thumb/")
    card.click()
    buyer_page.wait_for_selector("img#main-photo")
    assert "ZSU60-0012345" in buyer_page.inner_text("main")
    size = buyer_page.evaluate("document.getElementById('main-photo').naturalWidth")
    assert 0 < size <= 1920
