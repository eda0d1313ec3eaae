"""Officer pages: dashboard, rules, preview and publish, the review flow, checks, runs; and who may see them."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from compliance.models import OfficerReview, RescreenRun, RuleSet, RuleVersion, VehicleDecision
from compliance.services import vehicles_check
from tests.compliance.conftest import car
from tests.factories import MerchantFactory, OfficerFactory, UserFactory, VehicleFactory, YardFactory

RULE = {"condition": json.dumps({"all": [{"fact": "category", "op": "eq", "value": "M1"},
                                         {"fact": "engine_cc", "op": "gt", "value": 1500}]}),
        "effect": "block", "message": "Cars over 1,500 cc are banned.", "citation_source": "Decree 1",
        "citation_url": "https://example.com/decree", "confidence": "S", "destinations": "RU",
        "description": "", "currency": "", "requirement": "", "note": ""}


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


@pytest.fixture
def stock():
    yard = YardFactory(country="JP")
    vehicles = [VehicleFactory(yard=yard, **car(engine_cc=cc)) for cc in (1400, 1800, 1800, 2500)]
    # A Chinese yard's car: a Japanese rule set's preview must leave it out (and not fail on it).
    vehicles.append(VehicleFactory(yard=YardFactory(country="CN", city="Horgos"), **car(engine_cc=1800)))
    vehicles_check(vehicle_ids=[v.pk for v in vehicles], destinations=["RU", "KZ"])
    return vehicles


@pytest.mark.django_db
def test_pages_are_for_officers_only(client):
    assert client.get("/compliance/").status_code == 302  # sign in first
    client.force_login(MerchantFactory())
    for url in ("/compliance/", "/compliance/rules/", "/compliance/reviews/", "/compliance/rules/new/"):
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_dashboard_lists_rule_sets_runs_and_the_queue(client, officer):
    RescreenRun.objects.create(reason="Rule X published", destinations=["RU"], status="running", total=10, done=4)
    page = client.get("/compliance/").content.decode()
    assert "jp-ru-export" in page and "house-reexport" in page
    assert "Rule X published" in page and 'value="40"' in page and "hx-get" in page


@pytest.mark.django_db
def test_a_run_in_progress_is_polled_with_htmx(client, officer):
    run = RescreenRun.objects.create(reason="r", destinations=["RU"], status="running", total=10, done=5)
    partial = client.get(f"/compliance/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'hx-trigger="every 1s"' in partial
    run.status = "done"
    run.save()
    partial = client.get(f"/compliance/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in partial and 'value="100"' in partial


@pytest.mark.django_db
def test_rules_list_and_detail_show_versions_and_citations(client, officer):
    assert "JP-RU-ENGINE-1900" in client.get("/compliance/rules/").content.decode()
    page = client.get("/compliance/rules/JP-RU-ENGINE-1900/").content.decode()
    assert "v1" in page and "https://www.jetro.go.jp/biznews/2023/08/8c5092b1dbf5d269.html" in page


@pytest.mark.django_db
def test_an_officer_previews_the_impact_then_publishes(client, officer, stock):
    data = {**RULE, "rule_set": "", "code": "JP-RU-ENGINE-1500",
            "effective_from": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}
    data["rule_set"] = RuleSet.objects.get(code="jp-ru-export").pk
    page = client.post("/compliance/rules/new/", {**data, "action": "preview"}).content.decode()
    assert 'id="preview"' in page
    assert "<div class=\"big\">2</div>newly blocked" in page
    assert not RuleVersion.objects.filter(rule__code="JP-RU-ENGINE-1500").exists()

    response = client.post("/compliance/rules/new/", {**data, "action": "publish"})
    assert response.status_code == 302 and response.url == "/compliance/rules/JP-RU-ENGINE-1500/"
    version = RuleVersion.objects.get(rule__code="JP-RU-ENGINE-1500")
    assert version.created_by == officer and version.source == "officer"
    assert RescreenRun.objects.get().destinations == ["RU"]


@pytest.mark.django_db
def test_a_new_version_from_the_edit_page_keeps_the_old_one(client, officer):
    current = RuleVersion.objects.get(rule__code="JP-RU-MILD-HYBRID")
    page = client.get("/compliance/rules/JP-RU-MILD-HYBRID/edit/").content.decode()
    assert "mild_hybrid" in page
    data = {**RULE, "condition": json.dumps(current.condition), "effect": "review", "confidence": "U",
            "message": "Allowed again since 2024-12 (reported)", "effective_from": "2023-08-09", "action": "publish"}
    assert client.post("/compliance/rules/JP-RU-MILD-HYBRID/edit/", data).status_code == 302
    assert list(RuleVersion.objects.filter(rule__code="JP-RU-MILD-HYBRID").values_list("version", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_a_bad_rule_is_shown_back_with_its_errors(client, officer):
    data = {**RULE, "code": "X-1", "effective_from": "2026-01-01", "action": "publish", "confidence": "U",
            "condition": json.dumps({"fact": "engine_size", "op": "gt", "value": 1})}
    data["rule_set"] = RuleSet.objects.get(code="jp-ru-export").pk
    page = client.post("/compliance/rules/new/", data).content.decode()
    assert "is not a fact a rule can test" in page
    assert "may not block" in page
    assert not RuleVersion.objects.filter(rule__code="X-1").exists()


@pytest.mark.django_db
def test_a_condition_nested_too_deeply_for_the_json_decoder_is_a_form_error(client, officer):
    data = {**RULE, "code": "X-2", "effective_from": "2026-01-01", "action": "publish",
            "condition": "[" * 10_000 + "]" * 10_000, "rule_set": RuleSet.objects.get(code="jp-ru-export").pk}
    response = client.post("/compliance/rules/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["condition"]
    assert not RuleVersion.objects.filter(rule__code="X-2").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/compliance/rules/a%00b/", "/compliance/rules/a%00b/edit/",
                                 "/compliance/vehicles/1/%00/", "/compliance/vehicles/1/zz/"])
def test_a_nul_byte_or_unknown_code_in_the_url_is_a_404(client, officer, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_ending_a_rule_with_a_nul_byte_in_its_code_is_a_404(client, officer):
    assert client.post("/compliance/rules/a%00b/end/", {"effective_to": "2030-01-01"}).status_code == 404


@pytest.mark.django_db
def test_ending_a_rule_adds_a_version_with_an_end_date(client, officer):
    client.post("/compliance/rules/TZ-TBS-INSPECTION-FEE/end/", {"effective_to": "2030-01-01"})
    latest = RuleVersion.objects.filter(rule__code="TZ-TBS-INSPECTION-FEE").order_by("-version").first()
    assert (latest.version, latest.effective_to) == (2, dt.date(2030, 1, 1))


@pytest.mark.django_db
def test_the_review_flow_keeps_the_officers_reason(client, officer):
    vehicle = VehicleFactory(yard=YardFactory(country="JP"), **car(fuel="mild_hybrid"))
    vehicles_check(vehicle_ids=[vehicle.pk], destinations=["RU"])
    decision = VehicleDecision.objects.get(vehicle=vehicle, destination="RU")
    assert str(vehicle) in client.get("/compliance/reviews/").content.decode()
    page = client.get(f"/compliance/reviews/{decision.pk}/").content.decode()
    assert "JP-RU-MILD-HYBRID" in page and "theins.press" in page

    page = client.post(f"/compliance/reviews/{decision.pk}/", {"outcome": "approve", "reason": ""}).content.decode()
    assert "This field is required" in page and not OfficerReview.objects.exists()

    response = client.post(f"/compliance/reviews/{decision.pk}/",
                           {"outcome": "approve", "reason": "Maker letter: 12 V mild hybrid, allowed."})
    assert response.status_code == 302
    review = OfficerReview.objects.get()
    assert (review.decided_by, review.outcome, review.destination) == (officer, "approve", "RU")
    assert review.findings_fingerprint == decision.findings_fingerprint
    assert VehicleDecision.objects.get(pk=decision.pk).decision == "clear"
    assert str(vehicle) not in client.get("/compliance/reviews/").content.decode()
    assert "Maker letter" in client.get(f"/compliance/checks/{decision.check_record_id}/").content.decode()


@pytest.mark.django_db
def test_a_declined_review_blocks(client, officer):
    RuleSet.objects.filter(code="house-reexport").update(scope="vehicle")  # a vehicle review, as other rules make
    vehicle = VehicleFactory(yard=YardFactory(country="JP"), **car())
    vehicles_check(vehicle_ids=[vehicle.pk], destinations=["KZ"])
    decision = VehicleDecision.objects.get(vehicle=vehicle, destination="KZ")
    client.post(f"/compliance/reviews/{decision.pk}/", {"outcome": "decline", "reason": "Buyer linked to RU dealer."})
    assert VehicleDecision.objects.get(pk=decision.pk).decision == "blocked"


@pytest.mark.django_db
def test_a_check_page_shows_findings_citations_and_the_rate(client):
    yard = YardFactory(country="DE")
    vehicle = VehicleFactory(yard=yard, **car(price_amount=9000000, price_currency="JPY"))
    vehicles_check(vehicle_ids=[vehicle.pk], destinations=["RU"])
    check_id = VehicleDecision.objects.get(vehicle=vehicle).check_record_id
    client.force_login(MerchantFactory(yard=yard))
    page = client.get(f"/compliance/checks/{check_id}/").content.decode()
    assert "EU-RU-LUXURY-CAR" in page and "eur-lex.europa.eu" in page
    assert "1 EUR =" in page and "JPY" in page  # the rate and its date
    client.force_login(MerchantFactory(yard=YardFactory(country="JP")))
    assert client.get(f"/compliance/checks/{check_id}/").status_code == 404


@pytest.mark.django_db
def test_the_admin_validates_conditions_and_saves_a_new_version(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    version = RuleVersion.objects.get(rule__code="KE-RHD-ONLY")
    url = f"/admin/compliance/ruleversion/{version.pk}/change/"
    assert client.get(url).status_code == 200
    data = {**RULE, "condition": "{\"fact\": \"steering\", \"op\": \"eq\", \"value\": \"left\"}",
            "effective_from": "2026-01-01", "destinations": "KE"}
    page = client.post(url, data).content.decode()
    assert "&#x27;left&#x27; is not a steering" in page or "'left' is not a steering" in page
    data["condition"] = json.dumps(version.condition)
    assert client.post(url, data).status_code == 302
    assert list(RuleVersion.objects.filter(rule__code="KE-RHD-ONLY").values_list("version", flat=True)) == [2, 1]
    assert RuleVersion.objects.get(pk=version.pk).message == version.message  # the old version is untouched
    assert client.get("/admin/compliance/compliancecheck/").status_code == 200
    assert client.get("/admin/compliance/ruleset/").status_code == 200
