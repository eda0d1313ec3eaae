"""POST /api/v1/compliance/screen/: staff and officers; explained hits best first; bad input is a 400."""

import pytest

from compliance.models import PartyScreening
from compliance.services.lists import sanctions_list_import
from tests.compliance.screening_helpers import CHEMEZOV, FTM, load_ofac_subset
from tests.conftest import client_for
from tests.factories import BuyerFactory, MerchantFactory, OfficerFactory, StaffFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/compliance/screen/"


@pytest.fixture
def lists(db):
    load_ofac_subset(first=30)
    sanctions_list_import(fmt="ftm-json", data=FTM.read_bytes())


def test_a_cyrillic_name_of_a_listed_person_asks_for_review_with_an_explanation(lists):
    response = client_for(OfficerFactory()).post(URL, {"name": "Чемезов Сергей", "country": "RU",
                                                       "kind": "person"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "review"
    assert {item["list"] for item in body["lists"]} == {"OFAC SDN", "OpenSanctions"}
    best = body["hits"][0]
    assert best["entry_id"] == CHEMEZOV and best["list"] == "OFAC SDN" and 0.7 <= best["score"] <= 1
    assert best["matched_name"] == "CHEMEZOV, Sergei" and "RUSSIA-EO14024" in best["programs"]
    text = " ".join(best["explanation"])
    assert "Cyrillic" in text and "“chemezov” aligned with listed “chemezov”" in text and "Country RU" in text
    assert [hit["score"] for hit in body["hits"]] == sorted((hit["score"] for hit in body["hits"]), reverse=True)
    assert PartyScreening.objects.filter(name="Чемезов Сергей", hit_count=len(body["hits"])).exists()


@pytest.mark.parametrize("name", ["Tanaka Hiroshi", "Almaty Auto Trade LLP"])
def test_innocent_names_are_clear(lists, name):
    body = client_for(StaffFactory()).post(URL, {"name": name}, format="json").json()
    assert body == {"decision": "clear", "lists": body["lists"], "hits": []}
    assert PartyScreening.objects.filter(name=name, hit_count=0).exists()  # kept, hits or not


def test_the_explanation_reads_in_the_callers_language(lists):
    response = client_for(OfficerFactory()).post(URL, {"name": "Chemezov Sergei"}, format="json",
                                                 HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200 and response.json()["hits"]


@pytest.mark.parametrize(("body", "field"), [
    ({"name": ""}, "name"), ({"name": "   "}, "name"), ({"name": "x" * 10_000}, "name"), ({}, "name"),
    ({"name": "Ivan", "kind": "company"}, "kind"), ({"name": "Ivan", "birth_date": "1990-02-30"}, "birth_date"),
    ({"name": "Ivan", "birth_date": "2999-01-01"}, "birth_date"), ({"name": "Ivan", "country": "XX"}, "country"),
    ({"name": "---"}, "name"), ({"name": "Ivan\x00"}, "name"),
])
def test_bad_input_is_a_400_naming_the_field(lists, body, field):
    response = client_for(OfficerFactory()).post(URL, body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]


@pytest.mark.parametrize("user_factory", [BuyerFactory, MerchantFactory])
def test_buyers_and_merchants_may_not_screen(lists, user_factory):
    assert client_for(user_factory()).post(URL, {"name": "Ivan"}, format="json").status_code == 403


def test_anonymous_callers_are_refused(lists, api_client):
    assert api_client.post(URL, {"name": "Ivan"}, format="json").status_code == 401
