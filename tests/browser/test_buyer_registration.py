"""A buyer registers on a phone in real Chromium: the port list follows the country, no CSP violation,
the e-mailed link confirms the address, and the buyer signs in waiting for approval."""

import os
import re
import shutil

import pytest
from django.core import mail
from playwright.sync_api import sync_playwright

from accounts.models import User
from tests.brokerage.factories import FreightRateFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


def test_a_buyer_registers_on_a_phone(live_server, browser, tmp_path):
    FreightRateFactory()  # we ship to Vladivostok: it heads Russia's port list
    base = live_server.url
    context = browser.new_context(**PHONE)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.click("text=Register as a buyer")
    page.wait_for_url("**/accounts/register/")

    page.check("input[name=kind][value=company]")
    for field, value in {"name": "Primorye Auto LLC", "registration_number": "1022501234567",
                         "city": "Vladivostok", "address": "Svetlanskaya 1", "first_name": "Ivan",
                         "phone": "+7 423 200 00 00", "username": "primorye", "email": "ivan@primorye.example",
                         "password1": "Harrier-2019-white", "password2": "Harrier-2019-white"}.items():
        page.fill(f"[name={field}]", value)
    page.select_option("[name=country]", "JP")
    page.wait_for_selector("select[name=default_port] option[value=JPTOY]", state="attached")
    page.select_option("[name=country]", "RU")
    page.wait_for_selector("select[name=default_port] option[value=RUVVO]", state="attached")
    groups = page.locator("select[name=default_port] optgroup")
    assert groups.evaluate_all("els => els.map(el => el.label)") == ["Ports we ship to", "Other ports"]
    assert groups.first.locator("option").evaluate_all("els => els.map(el => el.value)") == ["RUVVO"]
    assert page.locator("select[name=default_port] option[value^=JP]").count() == 0  # Japan's list is gone
    page.select_option("[name=default_port]", "RUVVO")
    # nothing wider than the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "register-phone.png"), full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/register/done/")

    user = User.objects.get(username="primorye")
    assert (user.is_active, user.buyer.default_port_id, user.buyer.approval_status) == (False, "RUVVO", "pending")
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert "confirmed" in page.inner_text("h1")
    page.click("main a.button")
    page.fill("input[name=username]", "primorye")
    page.fill("input[name=password]", "Harrier-2019-white")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "primorye" in page.text_content("header")  # the sign-out button, in the folded menu
    assert page.evaluate("window.__violations") == []
    context.close()
