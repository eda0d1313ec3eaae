"""The import pages: upload form with the format, progress polling, the report, and who may see which job."""

import pytest
from django.urls import reverse

from inventory.models import ImportJob
from inventory.services import imports
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, YardFactory
from tests.inventory.imports.conftest import csv_bytes, row, run_import, upload


@pytest.mark.django_db
def test_pages_show_the_upload_form_the_format_and_the_report_to_the_owner(client, merchant):
    job = run_import(merchant, csv_bytes([row("ZVW30-8000001"), row("ZVW30-8000002", fuel="steam")]))
    client.force_login(merchant)

    page = client.get(reverse("inventory:import_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and reverse("inventory:import_template") in html
    assert "price_currency" in html and job.file_name in html

    detail = client.get(reverse("inventory:import_detail", args=[job.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "steam" in html and "<td>3</td>" in html
    assert reverse("inventory:import_report", args=[job.pk]) in html and "hx-trigger" not in html

    report_csv = client.get(reverse("inventory:import_report", args=[job.pk]))
    lines = report_csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,Column,Field,Message,Value" and lines[1].startswith("3,fuel,Fuel,")


@pytest.mark.django_db
def test_a_running_job_page_polls_with_htmx(client, merchant):
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(csv_bytes([row("E12-100200")])))
    client.force_login(merchant)

    page = client.get(reverse("inventory:import_detail", args=[job.pk]))
    fragment = client.get(reverse("inventory:import_detail", args=[job.pk]), HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 1s"' in page.content.decode() and "<progress" in page.content.decode()
    assert fragment.content.decode().lstrip().startswith('<section id="import-progress"')
    assert "<html" not in fragment.content.decode()


@pytest.mark.django_db
def test_page_upload_creates_a_job_and_redirects_to_it(client, merchant, django_capture_on_commit_callbacks):
    client.force_login(merchant)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("inventory:import_list"), {"file": upload(csv_bytes([row("E12-100300")]))})

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("inventory:import_detail", args=[job.pk])
    assert len(callbacks) == 1  # the task is enqueued only once the job is committed


@pytest.mark.django_db
def test_page_upload_shows_a_refusal_as_a_form_error(client, merchant):
    client.force_login(merchant)

    response = client.post(reverse("inventory:import_list"), {"file": upload(b"%PDF-1.7 not a csv")})

    assert response.status_code == 200 and "not a CSV text file" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_pages_hide_other_yards_jobs_and_refuse_buyers_and_anonymous(client, merchant):
    job = run_import(merchant, csv_bytes([row("ZVW30-8000003")]))
    detail = reverse("inventory:import_detail", args=[job.pk])
    report_url = reverse("inventory:import_report", args=[job.pk])

    client.force_login(MerchantFactory(yard=YardFactory(code="YH")))
    assert client.get(detail).status_code == 404 and client.get(report_url).status_code == 404
    assert job.file_name not in client.get(reverse("inventory:import_list")).content.decode()
    client.force_login(BuyerFactory())
    assert client.get(reverse("inventory:import_list")).status_code == 403 and client.get(detail).status_code == 403
    client.force_login(StaffFactory())
    assert client.get(detail).status_code == 200
    assert client.post(reverse("inventory:import_list"), {"file": upload(b"x")}).status_code == 403
    client.logout()
    response = client.get(detail)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
