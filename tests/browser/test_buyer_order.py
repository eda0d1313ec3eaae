"""buyer1 (Vladivostok) on a phone, in real Chromium: search the catalog, open the car, get a CIF quote in USD
with every line and the recycling-fee estimate, reserve it, watch the countdown, upload the T/T receipt."""

import os

import pytest

from brokerage.models import Order
from tests.brokerage.conftest import buyer1, car, freight  # noqa: F401 (fixtures)
from tests.brokerage.test_payments import PDF
from tests.browser.test_merchant_journey import CHROMIUM, PHONE, browser, sign_in  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) { window.__violations.push(e.violatedDirective); });
"""


def test_buyer1_searches_quotes_orders_and_uploads_a_receipt_on_a_phone(
        live_server, browser, buyer1, car, rules, tmp_path):  # noqa: F811
    buyer1.username = "buyer1"
    buyer1.save()
    receipt = tmp_path / "tt-receipt.pdf"
    receipt.write_bytes(PDF)
    page = browser.new_page(**PHONE)
    page.add_init_script(WATCH_CSP)
    sign_in(page, live_server.url, "buyer1")

    page.goto(f"{live_server.url}/stock/catalog/?q=Corolla")
    with page.expect_navigation():
        page.click("a.vehicle-card")
    assert page.locator("#quote-box select[name=destination_port]").input_value() == "RUVVO"
    page.select_option("#quote-box select[name=terms]", "CIF")
    page.select_option("#quote-box select[name=currency]", "USD")
    with page.expect_navigation():
        page.click("#quote-box button[type=submit]")

    for part in ("price", "inland", "freight", "insurance", "fee", "total"):
        assert "USD" in page.inner_text(f"[data-line={part}]") or page.inner_text(f"[data-line={part}]").strip()
    assert "RUB" in page.inner_text("[data-estimate=recycling_fee]")
    assert "Estimate, not a customs ruling" in page.inner_text("main")
    with page.expect_navigation():
        page.click("main button.big")

    order = Order.objects.get()
    assert page.locator("#order-status").get_attribute("data-status") == "reserved"
    countdown = page.locator("[data-countdown]")
    first = int(countdown.get_attribute("data-left"))
    page.wait_for_function(f"el => Number(el.getAttribute('data-left')) < {first}", arg=countdown.element_handle(),
                           timeout=5000)
    assert 2 * 86400 < first <= 6 * 86400  # three business days, maybe over a weekend
    assert "pay no other account" in page.inner_text(".bank")

    page.set_input_files("#proof-form input[type=file]", str(receipt))
    with page.expect_navigation():
        page.click("#proof-form button[type=submit]")
    assert "tt-receipt.pdf" in page.inner_text("main") and order.proofs.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone
    assert page.evaluate("window.__violations") == []
