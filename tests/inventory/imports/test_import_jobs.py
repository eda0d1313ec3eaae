"""Import jobs: run once, saved chunk by chunk (row by row when refused), at scale, and by a real worker."""

import time

import pytest

from inventory.models import ImportJob, Vehicle
from inventory.services import imports
from inventory.services.imports import jobs as import_jobs
from inventory.signals import vehicles_changed
from tests.conftest import client_for, wait_for
from tests.factories import MerchantFactory, VehicleFactory, YardFactory
from tests.inventory.imports.conftest import csv_bytes, report, row, run_import, upload


@pytest.mark.django_db
def test_a_job_runs_once_however_often_it_is_started(merchant):
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(csv_bytes([row("E12-100100")])))

    imports.import_run(job=job)
    again = imports.import_run(job=ImportJob.objects.get(pk=job.pk))

    assert again.status == "done" and again.created_count == 1 and again.processed_rows == 1
    assert Vehicle.objects.count() == 1


@pytest.mark.django_db
def test_each_chunk_is_announced_to_compliance_once_committed(merchant, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    monkeypatch.setattr(import_jobs, "CHUNK_SIZE", 2)
    announced = []
    vehicles_changed.connect(receiver := lambda sender, vehicle_ids, **kwargs: announced.append(vehicle_ids))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = run_import(merchant, csv_bytes([row("GK3-1000001"), row("GK3-1000002"), row("GK3-1000001"),
                                                  row("GK3-1000004")]))
    finally:
        vehicles_changed.disconnect(receiver)

    assert (job.created_count, job.error_count, job.processed_rows) == (3, 1, 4)
    assert [len(ids) for ids in announced] == [2, 1]
    assert sorted(sum(announced, [])) == sorted(Vehicle.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_chunk_the_database_refuses_is_saved_row_by_row(merchant, monkeypatch):
    VehicleFactory(yard=YardFactory(code="YH"), chassis_no="RU1-1200001")
    # As if another yard listed the car between the chunk's check and its insert.
    monkeypatch.setattr(import_jobs, "_existing_by_chassis", lambda chassis: {})

    job = run_import(merchant, csv_bytes([row("RU1-1200000"), row("RU1-1200001"), row("RU1-1200002")]))

    assert (job.created_count, job.error_count) == (2, 1)
    assert report(job) == [(3, "chassis_no", "A vehicle with this chassis number is already listed.")]
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 2


@pytest.mark.django_db
def test_a_10000_row_file_is_imported_completely_and_fast(merchant):
    rows = [row(f"ZVW30-{4000000 + i}", mileage_km=str(1000 + i), price_amount=str(500000 + i))
            for i in range(10_000)]
    data = csv_bytes(rows)

    started = time.monotonic()
    job = run_import(merchant, data)
    seconds = time.monotonic() - started

    assert (job.status, job.processed_rows, job.created_count, job.error_count) == ("done", 10_000, 10_000, 0)
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 10_000
    assert Vehicle.history.filter(yard_id=merchant.yard_id).count() == 10_000
    assert Vehicle.objects.get(chassis_no="ZVW30-4009999").mileage_km == 10_999
    assert len(set(Vehicle.objects.values_list("stock_no", flat=True))) == 10_000
    assert seconds < 60, f"10,000 rows took {seconds:.1f} s"


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_an_uploaded_file_is_imported_by_a_real_celery_worker(celery_worker):
    merchant = MerchantFactory(yard=YardFactory(code="TW"))
    rows = [row(f"NHP10-{6000000 + i}") for i in range(1500)] + [row("NHP10-6000000")]

    response = client_for(merchant).post("/api/v1/imports/", {"file": upload(csv_bytes(rows))}, format="multipart")
    assert response.status_code == 202
    url = f"/api/v1/imports/{response.json()['id']}/"

    body = wait_for(lambda: (b := client_for(merchant).get(url).json())["status"] in ("done", "failed") and b,
                    timeout=90)

    assert (body["status"], body["processed_rows"], body["created_count"], body["error_count"]) == (
        "done", 1501, 1500, 1)
    assert body["errors"] == [{"row": 1502, "field": "chassis_no", "field_label": "Chassis number",
                               "message": "This chassis number is already in row 2 of this file.",
                               "code": "duplicate_in_file", "params": {"row": 2}, "value": "NHP10-6000000"}]
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 1500
