"""Staff on a phone: the dashboard's charts and the orders board load under the Content-Security-Policy,
the charts fit the screen, and an order is cancelled from its card with a reason."""

import os
import shutil
from decimal import Decimal

import pytest
from playwright.sync_api import sync_playwright

from brokerage.models import Order
from tests.brokerage.board_data import decide, make_order
from tests.factories import BuyerCompanyFactory, StaffFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def phone(monkeypatch, live_server):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    StaffFactory(username="staff")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = chromium.new_context(**PHONE)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", "staff")
        page.fill("input[name=password]", "demo-password")
        page.click("form [type=submit]:visible")
        page.wait_for_load_state("networkidle")
        yield page
        chromium.close()


def test_staff_read_the_dashboard_and_cancel_an_order_from_the_board_on_a_phone(phone, live_server):
    buyer = BuyerCompanyFactory(name="Vostok Auto")
    order = make_order(buyer=buyer, status="deposit_paid", paid=Decimal("5000"))
    make_order(buyer=buyer, status="shipped", paid=Decimal("10000"))
    decide(order.lines.get().vehicle, "RU", "review")

    phone.goto(live_server.url + "/orders/dashboard/")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("svg.chart").count() == 5
    widths = phone.eval_on_selector_all("svg.chart", "charts => charts.map(c => c.getBoundingClientRect().right)")
    assert max(widths) <= 390  # every chart scaled to the screen, none cut off
    assert phone.evaluate("window.__violations") == []

    phone.goto(live_server.url + "/orders/board/")
    assert phone.evaluate("document.querySelector('details.filters-wrap').open") is False  # folded on a phone
    card = phone.locator(f"article[data-order='{order.number}']")
    card.get_by_text("Vehicle awaits review").wait_for()
    card.locator("summary").click()
    card.locator("input[name=reason]").fill("buyer withdrew")
    card.locator("button.danger").click()
    phone.wait_for_load_state("networkidle")

    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert phone.locator(f"#col-cancelled article[data-order='{order.number}']").count() == 1
    assert phone.evaluate("window.__violations") == []
