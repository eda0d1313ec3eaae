"""buyer1's quote on a 390 px phone, in real Chromium: every line of the quote reads without scrolling sideways,
the total in view (the seven-column table scrolled inside its box and hid the total column)."""

import os

import pytest

from tests.brokerage.conftest import buyer1, car, freight  # noqa: F401 (fixtures)
from tests.browser.test_merchant_journey import CHROMIUM, PHONE, browser, sign_in  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
SCREENSHOT = os.environ.get("QUOTE_SCREENSHOT")  # a path: keep a picture of the quote to look at


def test_the_quote_reads_on_a_phone_without_sideways_scrolling(live_server, browser, buyer1, car, rules):  # noqa: F811
    buyer1.username = "buyer1"
    buyer1.save()
    page = browser.new_page(**PHONE)
    sign_in(page, live_server.url, "buyer1")
    page.goto(f"{live_server.url}/stock/catalog/{car.pk}/")
    page.select_option("#quote-box select[name=currency]", "USD")
    with page.expect_navigation():
        page.click("#quote-box button[type=submit]")
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=True)

    wrap = page.locator(".table-wrap:has(table.quote-lines)")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), "the quote table scrolls sideways"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    for cell in ("[data-line=price]", "[data-line=freight]", "[data-line=total]", ".quote-total"):
        box = page.locator(f"table.quote-lines {cell}").first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, cell
    label = page.locator("table.quote-lines [data-line=total]").evaluate(
        "el => getComputedStyle(el, '::before').content")
    assert "Total" in label  # each value beside its label
