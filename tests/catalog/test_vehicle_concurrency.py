"""No lost updates: a PATCH changes only what it names, and If-Match makes a stale write a 412."""

import threading

import pytest
import requests
from knox.models import AuthToken

from inventory import services
from inventory.models import Vehicle
from tests.conftest import client_for
from tests.factories import MerchantFactory, StaffFactory, VehicleFactory, YardFactory


@pytest.fixture
def yard():
    return YardFactory(code="TY")


@pytest.fixture
def merchant(yard):
    return MerchantFactory(yard=yard)


@pytest.fixture
def vehicle(yard):
    return VehicleFactory(yard=yard, status="available", color="white")


def url(vehicle) -> str:
    return f"/api/v1/vehicles/{vehicle.pk}/"


@pytest.mark.django_db
class TestOptimisticConcurrency:
    def test_get_answers_an_etag_that_changes_with_every_save(self, merchant, vehicle):
        client = client_for(merchant)
        first = client.get(url(vehicle))
        assert first["ETag"] == f'"vehicle-{vehicle.pk}-v1"' and first.json()["version"] == 1
        patched = client.patch(url(vehicle), {"color": "red"}, format="json")
        assert patched.status_code == 200
        assert patched["ETag"] == client.get(url(vehicle))["ETag"] == f'"vehicle-{vehicle.pk}-v2"'

    def test_a_patch_with_the_current_etag_is_applied(self, merchant, vehicle):
        client = client_for(merchant)
        etag = client.get(url(vehicle))["ETag"]
        response = client.patch(url(vehicle), {"color": "red"}, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 200, response.content
        assert Vehicle.objects.get(pk=vehicle.pk).color == "red"

    def test_a_patch_with_a_stale_etag_is_a_412_and_changes_nothing(self, merchant, vehicle):
        client = client_for(merchant)
        stale = client.get(url(vehicle))["ETag"]
        client.patch(url(vehicle), {"color": "red"}, format="json")  # someone else saves meanwhile
        response = client.patch(url(vehicle), {"price": {"amount": "990000", "currency": "JPY"}}, format="json",
                                HTTP_IF_MATCH=stale)
        assert response.status_code == 412
        assert response.json()["code"] == "precondition_failed" and response.json()["detail"]
        fresh = Vehicle.objects.get(pk=vehicle.pk)
        assert (fresh.color, fresh.price_amount, fresh.version) == ("red", 1250000, 2)

    @pytest.mark.parametrize("header", ['"something-else"', "garbage", 'W/"vehicle-{pk}-v1"', '"vehicle-999999-v1"'])
    def test_an_if_match_that_is_not_this_vehicles_current_etag_is_a_412(self, merchant, vehicle, header):
        response = client_for(merchant).patch(url(vehicle), {"color": "red"}, format="json",
                                              HTTP_IF_MATCH=header.format(pk=vehicle.pk))
        assert response.status_code == 412
        assert Vehicle.objects.get(pk=vehicle.pk).color == "white"

    def test_if_match_star_and_a_list_holding_the_current_etag_are_applied(self, merchant, vehicle):
        client = client_for(merchant)
        assert client.patch(url(vehicle), {"color": "red"}, format="json", HTTP_IF_MATCH="*").status_code == 200
        etags = f'"vehicle-{vehicle.pk}-v1", "vehicle-{vehicle.pk}-v2"'
        assert client.patch(url(vehicle), {"color": "blue"}, format="json", HTTP_IF_MATCH=etags).status_code == 200

    def test_put_and_delete_honour_if_match_too(self, merchant, vehicle):
        client = client_for(merchant)
        body = client.get(url(vehicle)).json()
        client.patch(url(vehicle), {"color": "red"}, format="json")
        stale = f'"vehicle-{vehicle.pk}-v1"'
        writable = {key: value for key, value in body.items() if key not in {
            "id", "stock_no", "yard", "photos", "compliance", "compliance_upcoming", "created", "updated",
            "volume_m3", "version"}}
        assert client.put(url(vehicle), writable, format="json", HTTP_IF_MATCH=stale).status_code == 412
        assert client.delete(url(vehicle), HTTP_IF_MATCH=stale).status_code == 412
        assert Vehicle.objects.get(pk=vehicle.pk).status == "available"
        assert client.delete(url(vehicle), HTTP_IF_MATCH=f'"vehicle-{vehicle.pk}-v2"').status_code == 204
        assert Vehicle.objects.get(pk=vehicle.pk).status == "withdrawn"

    def test_clients_that_send_no_if_match_still_write(self, merchant, vehicle):
        response = client_for(merchant).patch(url(vehicle), {"mileage_km": 70000}, format="json")
        assert response.status_code == 200 and response.json()["mileage_km"] == 70000

    def test_another_yards_merchant_gets_404_not_412(self, vehicle):
        other = MerchantFactory(yard=YardFactory(code="YH"))
        response = client_for(other).patch(url(vehicle), {"color": "red"}, format="json", HTTP_IF_MATCH='"x"')
        assert response.status_code == 404


@pytest.mark.django_db
class TestOnlyNamedFieldsChange:
    def test_a_patch_built_on_an_old_read_keeps_fields_it_does_not_name(self, merchant, vehicle):
        stale = Vehicle.objects.get(pk=vehicle.pk)  # read before someone else's save ...
        services.vehicle_update(vehicle=vehicle, user=StaffFactory(), data={"price_amount": 990000})
        services.vehicle_update(vehicle=stale, user=merchant, data={"color": "red"})  # ... written after it
        fresh = Vehicle.objects.get(pk=vehicle.pk)
        assert (fresh.price_amount, fresh.color, fresh.version) == (990000, "red", 3)
        assert [record.color for record in fresh.history.order_by("history_date")] == ["white", "white", "red"]

    def test_a_patch_that_changes_nothing_saves_nothing(self, merchant, vehicle):
        response = client_for(merchant).patch(url(vehicle), {"color": "white"}, format="json")
        assert response.status_code == 200
        assert Vehicle.objects.get(pk=vehicle.pk).version == 1 and vehicle.history.count() == 1

    def test_any_other_update_of_a_real_column_still_moves_the_version(self, vehicle):
        Vehicle.objects.filter(pk=vehicle.pk).update(color="green")  # bulk SQL that forgot the version
        Vehicle.objects.filter(pk=vehicle.pk).update(price_eur=1)  # a derived column: not a change
        assert Vehicle.objects.get(pk=vehicle.pk).version == 2

    @pytest.mark.parametrize("price", [{"amount": "100"}, {"amount": "100", "currency": None}])
    def test_a_patched_price_without_currency_is_a_400_naming_price_currency(self, merchant, vehicle, price):
        response = client_for(merchant).patch(url(vehicle), {"price": price}, format="json")
        assert response.status_code == 400
        assert "price.currency" in response.json()["errors"]
        assert Vehicle.objects.get(pk=vehicle.pk).price_amount == 1250000


ROUNDS = 6


def _patch_together(target: str, requests_by_token: dict[str, dict]) -> list[int]:
    """Send the PATCHes at the same moment, each from its own thread and connection; their status codes."""
    barrier = threading.Barrier(len(requests_by_token))
    answers = {}

    def patch(token, body):
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        barrier.wait()
        answers[token] = session.patch(target, json=body, timeout=30).status_code

    threads = [threading.Thread(target=patch, args=item) for item in requests_by_token.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [answers.get(token) for token in requests_by_token]


@pytest.mark.django_db(transaction=True)
def test_parallel_patches_of_different_fields_lose_nothing(live_server):
    """Two clients PATCH price and colour of one car at the same moment, round after round (real server threads)."""
    yard = YardFactory(code="TY")
    vehicle = VehicleFactory(yard=yard, status="available", color="white")
    price_token, color_token = (AuthToken.objects.create(user=MerchantFactory(yard=yard))[1] for _ in range(2))
    target = f"{live_server.url}/api/v1/vehicles/{vehicle.pk}/"
    lost = []
    for round_no in range(ROUNDS):
        price, color = str(1_000_000 + round_no * 1000), f"colour-{round_no}"
        answers = _patch_together(target, {price_token: {"price": {"amount": price, "currency": "JPY"}},
                                           color_token: {"color": color}})
        assert answers == [200, 200]
        saved = Vehicle.objects.get(pk=vehicle.pk)
        if (f"{saved.price_amount:.0f}", saved.color) != (price, color):
            lost.append((round_no, f"{saved.price_amount:.0f}", saved.color))
    assert not lost, f"updates lost in rounds: {lost}"
    assert Vehicle.objects.get(pk=vehicle.pk).version == 1 + 2 * ROUNDS
