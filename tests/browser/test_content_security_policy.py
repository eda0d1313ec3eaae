"""The Content-Security-Policy holds in real Chromium: every main page of every role, the admin and the API docs
load without a single violation, and the behaviour that used to be inline script still works."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from compliance.models import RescreenRun, VehicleDecision
from compliance.services import rules_load_defaults, vehicles_check
from demo.photos import draw_car_photo
from inventory.services import photos
from tests.factories import BuyerFactory, MerchantFactory, OfficerFactory, StaffFactory, VehicleFactory, YardFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium package is not installed"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# Records what the browser itself reports; Playwright's init scripts are not subject to the page's policy.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
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


@pytest.fixture
def stock():
    rules_load_defaults()
    yard = YardFactory(code="TY", country="JP")
    merchant = MerchantFactory(username="yard", yard=yard)
    public = VehicleFactory(yard=yard, status="available", fuel="mild_hybrid", engine_cc=1500)
    draft = VehicleFactory(yard=yard, status="draft")
    for car, colours in ((public, ["white", "blue"]), (draft, ["red"])):
        for seed, colour in enumerate(colours):
            photos.photo_add(vehicle=car, user=merchant, upload=draw_car_photo("Toyota", "Aqua", colour, seed))
    vehicles_check(vehicle_ids=[public.pk, draft.pk], destinations=["RU", "KZ"])
    RescreenRun.objects.create(reason="csp", destinations=["RU"], status="done", total=2, done=2)
    BuyerFactory(username="buyer")
    OfficerFactory(username="officer")
    StaffFactory(username="staff", is_superuser=True)
    review = VehicleDecision.objects.filter(decision="review").first()
    return {"public": public, "draft": draft, "review": review}


class Visitor:
    """A browser page that remembers every policy violation and script error it saw."""

    def __init__(self, browser, base, **context):
        self.page = browser.new_page(**context)
        self.base = base
        self.problems = []
        self.page.add_init_script(RECORD_VIOLATIONS)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: script error {error}"))

    def _console(self, message):
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text):
            self.problems.append(f"{self.page.url}: {message.text}")

    def visit(self, path: str, expect: int = 200):
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        assert response.status == expect, f"{path}: {response.status}"
        assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path
        self.collect()
        return self.page

    def collect(self):
        for violation in self.page.evaluate("window.__violations || []"):
            self.problems.append(f"{self.page.url}: {violation}")
        self.page.evaluate("window.__violations = []")

    def sign_in(self, username, path="/accounts/login/"):
        self.visit(path)
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", "demo-password")
        self.page.click("form [type=submit]:visible")
        self.page.wait_for_load_state("networkidle")
        self.collect()


def test_every_roles_pages_pass_the_policy(live_server, browser, stock):
    public, draft, review = stock["public"], stock["draft"], stock["review"]
    problems = []

    anonymous = Visitor(browser, live_server.url, **PHONE)
    for path in ("/", "/stock/catalog/", f"/stock/catalog/{public.pk}/", "/accounts/login/"):
        anonymous.visit(path)
    anonymous.visit("/no-such-page/", expect=404)
    problems += anonymous.problems

    buyer = Visitor(browser, live_server.url, **DESKTOP)
    buyer.sign_in("buyer")
    for path in ("/", "/stock/catalog/?fuel=&body_type=", f"/stock/catalog/{public.pk}/", "/compliance/notifications/"):
        buyer.visit(path)
    buyer.visit("/compliance/", expect=403)
    problems += buyer.problems

    merchant = Visitor(browser, live_server.url, **PHONE)
    merchant.sign_in("yard")
    for path in ("/stock/mine/", "/stock/new/", f"/stock/{draft.pk}/edit/", f"/stock/{public.pk}/history/",
                 "/stock/imports/", f"/stock/catalog/{draft.pk}/"):
        merchant.visit(path)
    problems += merchant.problems

    officer = Visitor(browser, live_server.url, **DESKTOP)
    officer.sign_in("officer")
    for path in ("/compliance/", "/compliance/rules/", "/compliance/rules/new/", "/compliance/reviews/",
                 f"/compliance/reviews/{review.pk}/", f"/compliance/checks/{review.check_record_id}/",
                 f"/compliance/runs/{RescreenRun.objects.get().pk}/", "/stock/mine/"):
        officer.visit(path)
    problems += officer.problems

    staff = Visitor(browser, live_server.url, **DESKTOP)
    staff.sign_in("staff", path="/admin/login/")
    for path in ("/admin/", "/admin/inventory/vehicle/", f"/admin/inventory/vehicle/{public.pk}/change/",
                 "/admin/accounts/user/add/", "/api/docs/"):
        staff.visit(path)
    staff.page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)  # Swagger UI ran and read the schema
    staff.collect()
    problems += staff.problems

    assert not problems, "\n".join(problems)


def test_the_behaviour_moved_out_of_inline_scripts_still_works(live_server, browser, stock):
    public = stock["public"]

    phone = Visitor(browser, live_server.url, **PHONE)
    page = phone.visit("/stock/catalog/")
    assert page.evaluate("document.getElementById('filters-wrap').open") is False  # folded on a phone
    page = phone.visit(f"/stock/catalog/{public.pk}/")
    second = page.locator(".thumbs img").nth(1)
    second.click()
    assert page.get_attribute("#main-photo", "src") == second.get_attribute("data-web")
    page.select_option("select[name=currency]", "EUR")
    page.wait_for_url("**currency=EUR**")
    page.click("label.nav-burger")  # the menu (with the language) is folded on a phone
    page.select_option("select[name=language]", "ja")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "ja"

    desktop = Visitor(browser, live_server.url, **DESKTOP)
    assert desktop.visit("/stock/catalog/").evaluate("document.getElementById('filters-wrap').open") is True
    desktop.sign_in("yard")
    page = desktop.visit("/stock/mine/")
    page.check("input[data-select-all]")
    assert page.locator("input[name=vehicles]:checked").count() == 2
    page.uncheck("input[data-select-all]")
    assert page.locator("input[name=vehicles]:checked").count() == 0
    assert not phone.problems + desktop.problems, "\n".join(phone.problems + desktop.problems)
