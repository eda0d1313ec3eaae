"""The rule editor's condition builder: rows as the browser sends them become the same JSON an expert writes;
errors point at the row; the rule page shows valid JSON and follows the re-screen."""

import json

import pytest

from compliance.defaults import default_rules
from compliance.engine.builder import from_builder, to_builder
from compliance.engine.conditions import parse
from compliance.forms import BUILDER, builder_for
from compliance.models import RescreenRun, RuleSet, RuleVersion
from tests.browser_form import as_post, fill, form_data
from tests.factories import OfficerFactory

EXPERT = {"all": [{"fact": "category", "op": "eq", "value": "M1"}, {"fact": "engine_cc", "op": "gt", "value": 1500}]}


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


def rule_fields(data: dict, code: str) -> dict:
    fill(data, "rule_set", str(RuleSet.objects.get(code="jp-ru-export").pk))
    fill(data, "code", code)
    fill(data, "effect", "block")
    fill(data, "message", "Cars over 1,500 cc are banned.")
    fill(data, "citation_source", "Decree 1")
    fill(data, "destinations", "RU")
    fill(data, "effective_from", "2030-01-01")
    return data


def the_new_row(page: str, known: set[str]) -> str:
    nodes = [node for node in offered_nodes(page) if node.startswith("r") and node not in known]
    assert len(nodes) == 1, nodes
    return nodes[0]


def offered_nodes(page: str) -> list[str]:
    return form_data(page, "rule-form")["builder-node"]


@pytest.mark.parametrize("rule", [rule for _set, rules in default_rules() for rule in rules],
                         ids=lambda rule: rule["code"])
def test_every_shipped_condition_reads_into_the_builder_and_back(rule):
    builder = to_builder(rule["condition"])
    assert parse(from_builder(builder)) == parse(rule["condition"])


@pytest.mark.django_db
def test_the_builders_rows_save_the_same_json_as_the_expert_field(client, officer):
    """No JavaScript: each builder button posts the whole form, as the browser sends it, and the page comes back
    with the right inputs for the chosen fact."""
    page = client.get("/compliance/rules/new/").content.decode()
    data = rule_fields(form_data(page, "rule-form"), "JP-RU-BUILT")
    assert data["condition_source"] == [BUILDER] and data["builder-node"] == ["g0", "r1"]
    fill(data, "r1-fact", "category")
    page = client.post("/compliance/rules/new/", as_post(data, submitter=("builder_action", "refresh"))).content.decode()
    data = form_data(page, "rule-form")
    assert data["r1-op"] == ["eq"] and "r1-value" in data  # a select of the categories
    assert "M1" in offered_select(page, "r1-value")
    fill(data, "r1-value", "M1")
    page = client.post("/compliance/rules/new/", as_post(data, submitter=("builder_action", "add-row:g0"))).content.decode()
    data = form_data(page, "rule-form")
    row = the_new_row(page, {"r1"})
    fill(data, f"{row}-fact", "engine_cc")
    page = client.post("/compliance/rules/new/", as_post(data, submitter=("builder_action", "refresh"))).content.decode()
    data = form_data(page, "rule-form")
    assert f'type="number" step="any" inputmode="decimal" name="{row}-value"' in page
    fill(data, f"{row}-op", "gt")
    fill(data, f"{row}-value", "1500")
    response = client.post("/compliance/rules/new/", as_post(data, submitter=("action", "publish")))
    assert response.status_code == 302, response.context["form"].errors
    built = RuleVersion.objects.get(rule__code="JP-RU-BUILT")
    assert built.condition == EXPERT

    page = client.get("/compliance/rules/new/").content.decode()
    data = rule_fields(form_data(page, "rule-form"), "JP-RU-TYPED")
    fill(data, "condition_source", "json")
    fill(data, "condition", json.dumps(EXPERT))
    assert client.post("/compliance/rules/new/", as_post(data, submitter=("action", "publish"))).status_code == 302
    assert RuleVersion.objects.get(rule__code="JP-RU-TYPED").condition == built.condition


def offered_select(page: str, name: str) -> list[str]:
    start = page.index(f'name="{name}"')
    return [part.split('"')[0] for part in page[start:page.index("</select>", start)].split('value="')[1:]]


@pytest.mark.django_db
def test_an_invalid_row_gets_an_error_naming_it(client, officer):
    data = rule_fields(form_data(client.get("/compliance/rules/new/").content.decode(), "rule-form"), "JP-RU-BAD")
    data.update({"builder-node": ["g0", "r1", "g2", "r3", "r4"], "g2-parent": ["g0"], "g2-match": ["any"],
                 "r1-fact": ["category"], "r1-op": ["eq"], "r1-value": ["M1"],
                 "r3-parent": ["g2"], "r3-fact": ["mileage_km"], "r3-op": ["lt"], "r3-value": ["500"],
                 "r4-parent": ["g2"], "r4-fact": ["first_registration"], "r4-op": ["between"],
                 "r4-value": ["2024-01-01"], "r4-value2": ["2023-01-01"]})
    response = client.post("/compliance/rules/new/", as_post(data, submitter=("action", "preview")))
    page = response.content.decode()
    assert response.status_code == 200 and not RuleVersion.objects.filter(rule__code="JP-RU-BAD").exists()
    assert "Row 3 (First registration): between: the low value is above the high value." in page
    assert 'class="builder-row has-error" id="r4"' in page and 'class="builder-row" id="r3"' in page
    row = page[page.index('id="r4"'):]
    assert "Row 3:" in row[:row.index("</div>")]
    assert 'id="preview"' not in page


@pytest.mark.django_db
def test_a_damaged_builder_is_a_form_error_not_a_500(client, officer):
    data = rule_fields(form_data(client.get("/compliance/rules/new/").content.decode(), "rule-form"), "JP-RU-X")
    data.update({"builder-node": ["g0", "r1"], "r1-parent": ["g9"]})
    response = client.post("/compliance/rules/new/", as_post(data, submitter=("action", "publish")))
    assert response.status_code == 200
    assert "damaged" in str(response.context["form"].errors["condition"])


@pytest.mark.django_db
def test_htmx_adds_a_row_and_mirrors_the_json(client, officer):
    response = client.post("/compliance/builder/", {
        "builder-node": ["g0", "r1"], "g0-parent": "", "g0-match": "any", "r1-parent": "g0", "r1-fact": "fuel",
        "r1-op": "in", "r1-values": ["hybrid", "electric"], "builder_action": "add-row:g0",
        "condition_source": "builder"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.count('name="builder-node"') == 3
    assert 'hx-swap-oob="true"' in page
    assert json.dumps({"any": [{"fact": "fuel", "op": "in", "value": ["hybrid", "electric"]}]}, indent=2) \
        .replace('"', "&quot;") in page


@pytest.mark.django_db
def test_htmx_reads_an_experts_json_into_rows(client, officer):
    condition = {"all": [{"fact": "origin", "op": "eq", "value": "CN"},
                         {"any": [{"fact": "registration_age_days", "op": "le", "value": 180}]}]}
    response = client.post("/compliance/builder/", {"builder_action": "from-json", "condition": json.dumps(condition)},
                           HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.count('name="builder-node"') == 4 and 'value="180"' in page
    assert '<option value="CN" selected>' in page  # the country as a select
    assert "hx-swap-oob" not in page  # the expert's text is left as typed
    nested = client.post("/compliance/builder/", {"builder_action": "from-json",
                                                  "condition": json.dumps({"not": {"all": []}})}).content.decode()
    assert "cannot be shown as rows" in nested


def test_a_condition_the_builder_reads_differently_opens_as_json():
    assert builder_for({"not": {"all": [{"fact": "year", "op": "lt", "value": 2000}]}}) == (None, "json")
    assert builder_for({"fact": "year", "op": "lt", "value": 2000})[1] == BUILDER
    assert builder_for({"all": [{"fact": "year", "op": "lt", "value": 2000}]})[1] == "json"  # read as one row


@pytest.mark.django_db
def test_the_rule_page_shows_the_condition_as_valid_json(client, officer):
    page = client.get("/compliance/rules/JP-RU-ENGINE-1900/").content.decode()
    shown = page[page.index('<pre class="mono condition-json">') + 33:]
    shown = shown[:shown.index("</pre>")].replace("&quot;", '"')
    assert json.loads(shown) == RuleVersion.objects.get(rule__code="JP-RU-ENGINE-1900").condition
    assert "&#x27;" not in shown and "'" not in shown


@pytest.mark.django_db
def test_the_rule_page_follows_the_rescreen_until_done(client, officer):
    version = RuleVersion.objects.get(rule__code="JP-RU-ENGINE-1900")
    run = RescreenRun.objects.create(reason="Rule published", destinations=["RU"], status="running", total=10, done=3)
    RescreenRun.objects.filter(pk=run.pk).update(created=version.created)
    page = client.get("/compliance/rules/JP-RU-ENGINE-1900/").content.decode()
    assert 'id="rule-live"' in page and 'hx-trigger="every 1s"' in page and 'data-live="running"' in page
    partial = client.get("/compliance/rules/JP-RU-ENGINE-1900/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "3 of 10 screened" in partial
    RescreenRun.objects.filter(pk=run.pk).update(status="done", done=10, changed=4)
    partial = client.get("/compliance/rules/JP-RU-ENGINE-1900/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in partial and 'data-live="done"' in partial
    assert "Done: 4 vehicle decisions changed." in partial
