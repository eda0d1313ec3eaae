"""A worker dies mid-import: the job is handed back and resumed after its last committed chunk."""

import datetime as dt

import pytest
from django.db.models import Count
from django.db.models.functions import Upper
from django.utils import timezone

from core.models import Outbox
from inventory.models import ImportJob, Vehicle
from inventory.services import imports
from inventory.services.imports import jobs as import_jobs
from tests.inventory.imports.conftest import csv_bytes, row, upload


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the service may catch it (the real kill is tests/core/test_faults_*)."""


@pytest.mark.django_db
def test_a_resumed_import_saves_and_counts_every_row_once(merchant, monkeypatch):
    monkeypatch.setattr(import_jobs, "CHUNK_SIZE", 3)
    rows = [row(f"ZVW30-{8000000 + i}") for i in range(10)]
    rows[7] = row("ZVW30-8000001")  # repeats row 3 of the file, which an earlier chunk saved
    rows[8] = row("ZVW30-8000008", price_amount="-5")
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(csv_bytes(rows)))

    saved = import_jobs._chunk_import
    calls = []

    def dies_after_two_chunks(**kwargs):
        if len(calls) == 2:
            raise WorkerKilled
        calls.append(1)
        return saved(**kwargs)

    monkeypatch.setattr(import_jobs, "_chunk_import", dies_after_two_chunks)
    with pytest.raises(WorkerKilled):
        imports.import_run(job=job)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count) == ("running", 6, 6)

    ImportJob.objects.filter(pk=job.pk).update(lease_expires=timezone.now() - dt.timedelta(seconds=1))
    assert imports.imports_leases_sweep() == 1
    assert Outbox.objects.filter(task="inventory.tasks.import_run", args=[job.pk]).exists()
    monkeypatch.setattr(import_jobs, "_chunk_import", saved)
    job = imports.import_run(job=ImportJob.objects.get(pk=job.pk))

    assert (job.status, job.attempts, job.total_rows, job.processed_rows) == ("done", 2, 10, 10)
    assert (job.created_count, job.error_count) == (8, 2)
    duplicates = (Vehicle.objects.values(chassis=Upper("chassis_no")).annotate(n=Count("id")).filter(n__gt=1))
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 8 and not duplicates.exists()
    assert sorted(job.errors.values_list("row", "field")) == [(9, "chassis_no"), (10, "price_amount")]
