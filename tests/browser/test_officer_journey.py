"""An officer builds a rule with the builder and follows its re-screen, then works the review queue down on a
phone: real Chromium, a real Celery worker."""

import datetime as dt
import os
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from compliance.models import OfficerReview, RuleSet, RuleVersion, VehicleDecision
from compliance.services import rules_load_defaults, vehicles_check
from tests.factories import OfficerFactory, VehicleFactory, YardFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def stock():
    rules_load_defaults()
    # The queue is worked with the house policy as a vehicle rule set (shipped as a sale rule set: orders
    # carry its review), so that every car waits for KZ and KG.
    RuleSet.objects.filter(code="house-reexport").update(scope="vehicle")
    yard = YardFactory(country="JP", name="Toyama Export Yard")
    cars = [VehicleFactory(yard=yard, category="M1", fuel="petrol", engine_cc=cc, year=2020,
                           first_registration=dt.date(2020, 3, 1)) for cc in (1400, 1800, 1800)]
    vehicles_check(vehicle_ids=[car.pk for car in cars], destinations=["RU", "KZ", "KG"])
    OfficerFactory(username="officer")
    return cars


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def settled(page) -> None:
    """htmx has swapped and settled (its new content listens for changes)."""
    page.wait_for_selector(".htmx-request, .htmx-swapping, .htmx-settling", state="detached")
    page.wait_for_timeout(100)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_officer_builds_a_rule_previews_publishes_and_sees_the_rescreen_finish(live_server, celery_worker,
                                                                                   browser, stock, tmp_path):
    page = browser.new_page(**DESKTOP)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/compliance/rules/new/")
    page.select_option("[name=rule_set]", str(RuleSet.objects.get(code="jp-ru-export").pk))
    page.fill("[name=code]", "JP-RU-ENGINE-1500")
    page.select_option("[name=effect]", "block")
    page.fill("[name=message]", "Passenger cars over 1,500 cc may not be exported to Russia.")
    page.fill("[name=citation_source]", "Decree 1")
    page.fill("[name=destinations]", "RU")
    page.fill("[name=effective_from]", timezone.localdate().isoformat())

    page.select_option("#r1-fact", "category")  # htmx brings the category's values
    page.wait_for_selector("#r1-value option[value=M1]", state="attached")
    settled(page)
    page.select_option("#r1-value", "M1")
    page.wait_for_timeout(300)
    settled(page)
    page.click("#g0 button[data-add-row=g0]")
    expect(page.locator(".builder-row")).to_have_count(2)
    settled(page)  # as a person would: the new row is ready before it is used
    second = page.locator(".builder-row").nth(1).get_attribute("id")
    page.select_option(f"#{second}-fact", "engine_cc")
    page.wait_for_selector(f"#{second}-value[type=number]")
    settled(page)
    page.select_option(f"#{second}-op", "gt")
    page.wait_for_selector(f"#{second}-op option[value=gt][selected]", state="attached")
    settled(page)
    page.fill(f"#{second}-value", "1500")
    page.press(f"#{second}-value", "Tab")  # change: the JSON follows
    expect(page.locator("#id_condition")).to_have_value(
        '{\n  "all": [\n    {\n      "fact": "category",\n      "op": "eq",\n      "value": "M1"\n    },\n    {\n'
        '      "fact": "engine_cc",\n      "op": "gt",\n      "value": 1500\n    }\n  ]\n}')

    page.click("button[name=action][value=preview]")
    page.wait_for_selector("#preview")
    assert page.locator("#preview .card").first.inner_text().startswith("2")  # two 1,800 cc cars newly blocked
    page.click("button[name=action][value=publish]")
    page.wait_for_url(f"{live_server.url}/compliance/rules/JP-RU-ENGINE-1500/")
    page.wait_for_selector("#rule-live[data-live=done]", timeout=60_000)
    assert "Done: 2 vehicle decisions changed." in page.inner_text("#live-status")
    page.screenshot(path=str(tmp_path / "rule-published.png"), full_page=True)
    version = RuleVersion.objects.get(rule__code="JP-RU-ENGINE-1500")
    assert version.condition == {"all": [{"fact": "category", "op": "eq", "value": "M1"},
                                         {"fact": "engine_cc", "op": "gt", "value": 1500}]}
    assert VehicleDecision.objects.filter(destination="RU", decision="blocked").count() == 2
    assert not errors


def test_an_officer_works_the_queue_down_on_a_phone(live_server, browser, stock, tmp_path):
    waiting = VehicleDecision.objects.filter(decision="review").count()
    assert waiting == 6  # three cars, KZ and KG, house policy
    page = browser.new_page(**PHONE)
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/compliance/reviews/")
    assert no_horizontal_scroll(page)
    page.click("#counts-destination a.chip:has-text('KZ')")
    page.wait_for_url("**/reviews/?destination=KZ")
    assert page.locator(".queue-item").count() == 3 and no_horizontal_scroll(page)
    page.check("[data-check-all]")
    assert page.inner_text("[data-checked-count]") == "3"
    page.check("input[name=outcome][value=approve]")
    page.fill("textarea[name=reason]", "Buyers in Almaty are end users; contracts carry the clause.")
    page.screenshot(path=str(tmp_path / "queue-phone.png"), full_page=True)
    page.click("#bulk-form button[type=submit]")
    page.wait_for_selector(".msg-success")
    assert "3 decisions recorded." in page.inner_text(".messages")
    assert OfficerReview.objects.count() == 3
    page.goto(f"{live_server.url}/compliance/reviews/")
    assert "3" in page.inner_text("#queue-total") and no_horizontal_scroll(page)
