"""A buyer uses the catalog's filter form in real Chromium, on a phone and a desktop; a merchant's stock on a phone."""

import datetime as dt
import os
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.storage import default_storage

from core.models import ExchangeRate
from inventory.models import VehiclePhoto
from tests.browser.test_merchant_journey import CHROMIUM, PHONE, browser, sign_in  # noqa: F401 (fixture)
from tests.factories import BuyerFactory, MerchantFactory, VehicleFactory, YardFactory
from tests.inventory.photos.conftest import add_ready_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
FORM_FIELDS = {"q", "make", "model", "year_min", "year_max", "price_min", "price_max", "currency", "mileage_max",
               "fuel", "body_type", "transmission", "drive", "steering", "yard_country", "exportable_to", "ordering"}


@pytest.fixture
def stock():
    yard = YardFactory(code="TY", name="Toyama Export Yard")
    VehicleFactory(yard=yard, make="Toyota", model="Prius", year=2015, fuel="hybrid", body_type="hatchback",
                   mileage_km=90000, price_amount=Decimal("900000"), transmission="cvt", chassis_no="ZVW30-1000001")
    VehicleFactory(yard=yard, make="Toyota", model="Harrier", year=2021, fuel="petrol", body_type="suv",
                   mileage_km=30000, price_amount=Decimal("3200000"), drive="4wd", chassis_no="ZSU60-1000002")
    VehicleFactory(yard=yard, make="Nissan", model="Leaf", year=2019, fuel="electric", engine_cc=None,
                   body_type="hatchback", mileage_km=50000, price_amount=Decimal("1400000"), chassis_no="ZE1-1000003")
    VehicleFactory(yard=YardFactory(code="HG", country="CN", city="Horgos"), make="BYD", model="Han EV", year=2024,
                   fuel="electric", engine_cc=None, steering="lhd", price_amount=Decimal("200000"),
                   price_currency="CNY", chassis_no="LGXCE4CB0R0000001")


def open_catalog(page, base):
    page.goto(f"{base}/stock/catalog/")
    if page.locator("#filters-wrap").get_attribute("open") is None:  # folded on a phone
        page.click("#filters-wrap > summary")


def show(page) -> set[str]:
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert page.locator("main .errorlist").count() == 0, page.inner_text("main .errorlist")
    return {" ".join(title.split()[1:]) for title in page.locator("a.vehicle-card strong").all_inner_texts()}


FILTERS = [
    ("search", lambda p: p.fill("[name=q]", "Harrier"), {"Toyota Harrier"}),
    ("make", lambda p: p.fill("[name=make]", "Toyota"), {"Toyota Prius", "Toyota Harrier"}),
    ("model", lambda p: p.fill("[name=model]", "Leaf"), {"Nissan Leaf"}),
    ("years", lambda p: (p.fill("[name=year_min]", "2018"), p.fill("[name=year_max]", "2020")), {"Nissan Leaf"}),
    ("price", lambda p: (p.fill("[name=price_max]", "1500000"), p.select_option("[name=currency]", "JPY")),
     {"Toyota Prius", "Nissan Leaf"}),
    ("mileage", lambda p: p.fill("[name=mileage_max]", "40000"), {"Toyota Harrier"}),
    ("one fuel", lambda p: p.check("[name=fuel][value=hybrid]"), {"Toyota Prius"}),
    ("two fuels", lambda p: (p.check("[name=fuel][value=hybrid]"), p.check("[name=fuel][value=petrol]")),
     {"Toyota Prius", "Toyota Harrier"}),
    ("body", lambda p: p.check("[name=body_type][value=suv]"), {"Toyota Harrier"}),
    ("transmission", lambda p: p.select_option("[name=transmission]", "cvt"), {"Toyota Prius"}),
    ("drive", lambda p: p.select_option("[name=drive]", "4wd"), {"Toyota Harrier"}),
    ("steering", lambda p: p.select_option("[name=steering]", "lhd"), {"BYD Han EV"}),
    ("yard country", lambda p: p.select_option("[name=yard_country]", "CN"), {"BYD Han EV"}),
    ("destination", lambda p: p.fill("[name=exportable_to]", "RU"),
     {"Toyota Prius", "Toyota Harrier", "Nissan Leaf", "BYD Han EV"}),
]


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_filter_form_works_with_any_and_with_each_filter(live_server, browser, stock, device, tmp_path):  # noqa: F811
    page = browser.new_page(**device)
    open_catalog(page, live_server.url)
    assert show(page) == {"Toyota Prius", "Toyota Harrier", "Nissan Leaf", "BYD Han EV"}
    sent = dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))
    assert set(sent) == FORM_FIELDS and sent["fuel"] == "" and sent["body_type"] == ""  # every field at "Any"
    assert "No cars match" not in page.inner_text("main")

    for name, choose, expected in FILTERS:
        open_catalog(page, live_server.url)
        choose(page)
        assert show(page) == expected, name
    # The form keeps what the buyer chose.
    if page.locator("#filters-wrap").get_attribute("open") is None:
        page.click("#filters-wrap > summary")
    assert page.input_value("[name=exportable_to]") == "RU"
    open_catalog(page, live_server.url)
    page.check("[name=fuel][value=hybrid]")
    page.check("[name=fuel][value=electric]")
    page.select_option("[name=ordering]", "price")
    assert show(page) == {"Toyota Prius", "Nissan Leaf", "BYD Han EV"}
    assert page.is_checked("[name=fuel][value=hybrid]") and page.is_checked("[name=fuel][value=electric]")
    assert not page.is_checked("[name=fuel][value=petrol]")
    assert page.input_value("[name=ordering]") == "price"
    page.screenshot(path=str(tmp_path / "catalog.png"), full_page=True)


def test_a_buyer_in_almaty_sees_kzt_and_the_rate_used(live_server, browser, stock):  # noqa: F811
    ExchangeRate.objects.create(currency="KZT", date=dt.date.today(), units_per_eur=Decimal("585"), source="staff")
    BuyerFactory(username="almaty", buyer__country="KZ", buyer__city="Almaty")
    page = browser.new_page(**PHONE)
    sign_in(page, live_server.url, "almaty")
    page.goto(f"{live_server.url}/stock/catalog/?exportable_to=any")
    assert page.locator("a.vehicle-card .price").first.inner_text().endswith(" KZT")
    assert f"1 EUR = 585 KZT, broker's rate of {dt.date.today().isoformat()}" in page.inner_text("main")
    options = page.locator("select[name=currency] option").all_text_contents()
    assert "KZT" in options and not {"EEK", "LTL", "SIT", "TRL"} & set(options)


def test_my_stock_is_cards_on_a_phone_and_a_table_on_a_desktop(live_server, browser, tmp_path):  # noqa: F811
    merchant = MerchantFactory(username="yardphone", yard=YardFactory(code="TY", name="Toyama Export Yard"))
    with_photo = VehicleFactory(yard=merchant.yard, make="Toyota", model="Harrier", photo_count=0,
                                chassis_no="ZSU60-2000001", price_amount=Decimal("3200000"))
    VehicleFactory(yard=merchant.yard, make="Toyota", model="Land Cruiser", photo_count=0,
                   chassis_no="URJ202-2000002", price_amount=Decimal("6850000"))
    add_ready_photo(with_photo)
    try:
        phone = browser.new_page(**PHONE)
        sign_in(phone, live_server.url, "yardphone")
        phone.goto(f"{live_server.url}/stock/mine/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing off-screen
        card = phone.locator("table.stock-table tbody tr", has_text="Land Cruiser")
        for text in ("6,850,000 JPY", "Available", "0 photos", "Not in the catalog yet: add a photo"):
            assert card.get_by_text(text).first.is_visible(), text
        harrier = phone.locator("table.stock-table tbody tr", has_text="Harrier")
        assert harrier.locator("img.stock-thumb").is_visible() and harrier.get_by_text("1 photo").is_visible()
        assert harrier.locator("img.stock-thumb").evaluate("img => img.naturalWidth") > 0
        assert not phone.locator("table.stock-table thead").is_visible()
        phone.screenshot(path=str(tmp_path / "my-stock-phone.png"), full_page=True)

        desktop = browser.new_page(**DESKTOP)
        sign_in(desktop, live_server.url, "yardphone")
        desktop.goto(f"{live_server.url}/stock/mine/")
        desktop.screenshot(path=str(tmp_path / "my-stock-desktop.png"), full_page=True)
        assert desktop.locator("table.stock-table thead").is_visible()
        assert desktop.locator("table.stock-table th", has_text="Photos").is_visible()
    finally:
        for names in VehiclePhoto.objects.values_list("original", "web", "thumbnail"):
            for name in filter(None, names):
                default_storage.delete(name)
