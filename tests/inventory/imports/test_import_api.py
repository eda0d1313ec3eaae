"""The import API: uploads by merchants (202), progress and report for the owner only, the template."""

import pytest

from inventory.models import ImportJob, Vehicle
from inventory.services import imports
from tests.conftest import client_for
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, YardFactory
from tests.inventory.imports.conftest import csv_bytes, row, run_import, upload


@pytest.mark.django_db
def test_api_accepts_an_upload_from_a_merchant_with_202(merchant):
    response = client_for(merchant).post("/api/v1/imports/", {"file": upload(csv_bytes([row("ZVW30-7000001")]))},
                                         format="multipart")

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["total_rows"] == 1 and body["errors"] == []
    assert ImportJob.objects.get(pk=body["id"]).yard == merchant.yard


@pytest.mark.django_db
def test_api_refuses_a_bad_file_with_a_400_naming_the_file(merchant):
    response = client_for(merchant).post("/api/v1/imports/", {"file": upload(b"make,model\r\na,b\r\n")},
                                         format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "missing_columns" and "file" in response.json()["errors"]


@pytest.mark.django_db
def test_api_shows_progress_and_the_report_to_the_owner_only(merchant, api_client):
    job = run_import(merchant, csv_bytes([row("ZVW30-7000002"), row("ZVW30-7000003", mileage_km="-1")]))
    url = f"/api/v1/imports/{job.pk}/"

    owner = client_for(merchant).get(url)
    assert owner.status_code == 200
    body = owner.json()
    assert (body["status"], body["progress"], body["created_count"], body["error_count"]) == ("done", 100, 1, 1)
    assert body["errors"] == [{"row": 3, "field": "mileage_km", "field_label": "Mileage (km)",
                               "message": "Ensure this value is greater than or equal to 0.", "code": "min_value",
                               "params": {"value": -1, "show_value": -1, "limit_value": 0}, "value": "-1"}]
    assert client_for(MerchantFactory(yard=YardFactory(code="YH"))).get(url).status_code == 404
    assert client_for(MerchantFactory(username="colleague", yard=merchant.yard)).get(url).status_code == 200
    assert client_for(StaffFactory()).get(url).status_code == 200
    assert client_for(BuyerFactory()).get(url).status_code == 403
    assert api_client.get(url).status_code == 401


@pytest.mark.django_db
def test_api_refuses_uploads_from_buyers_staff_and_anonymous(api_client):
    data = csv_bytes([row("ZVW30-7000004")])
    for client, status in ((client_for(BuyerFactory()), 403), (client_for(StaffFactory()), 403), (api_client, 401)):
        assert client.post("/api/v1/imports/", {"file": upload(data)}, format="multipart").status_code == status
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_api_serves_the_template_which_imports_cleanly(merchant, api_client):
    response = api_client.get("/api/v1/imports/template.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf" + b",".join(name.encode() for name in imports.COLUMNS))
    job = run_import(merchant, content)
    assert (job.created_count, job.error_count) == (2, 0)
    assert Vehicle.objects.get(chassis_no="ZE1-012345").engine_cc is None
