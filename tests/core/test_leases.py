"""Leases: one worker holds a job, a dead worker's job is reclaimed, and a job that kills workers ends failed."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from core.leases import LeaseLost, lease_claim, lease_release, lease_renew, leases_expired_count, leases_reclaim
from core.models import Outbox
from inventory.models import ImportJob
from inventory.services.imports import IMPORT_LEASE, imports_leases_sweep
from tests.factories import YardFactory


@pytest.fixture
def job():
    return ImportJob.objects.create(yard=YardFactory(), file="imports/x.csv", file_name="x.csv")


def expire(job):
    ImportJob.objects.filter(pk=job.pk).update(lease_expires=timezone.now() - dt.timedelta(seconds=5))


@pytest.mark.django_db
def test_a_waiting_job_is_claimed_once(job):
    assert lease_claim(IMPORT_LEASE, job.pk, owner="w1:1")
    assert not lease_claim(IMPORT_LEASE, job.pk, owner="w2:2")
    job.refresh_from_db()
    assert (job.status, job.lease_owner, job.attempts) == ("running", "w1:1", 1)
    assert job.lease_expires > timezone.now() + dt.timedelta(seconds=60)


@pytest.mark.django_db
def test_an_expired_lease_passes_to_the_next_worker_and_the_old_one_can_no_longer_commit(job):
    lease_claim(IMPORT_LEASE, job.pk, owner="dead:1")
    expire(job)
    assert leases_expired_count(IMPORT_LEASE) == 1
    assert lease_claim(IMPORT_LEASE, job.pk, owner="w2:2")
    with pytest.raises(LeaseLost), transaction.atomic():
        lease_renew(IMPORT_LEASE, job.pk, owner="dead:1", processed_rows=1000)
    lease_renew(IMPORT_LEASE, job.pk, owner="w2:2", processed_rows=1000)
    job.refresh_from_db()
    assert (job.lease_owner, job.attempts, job.processed_rows) == ("w2:2", 2, 1000)
    assert lease_release(IMPORT_LEASE, job.pk, owner="w2:2", status="done")
    job.refresh_from_db()
    assert (job.status, job.lease_owner, job.lease_expires) == ("done", "", None)


@pytest.mark.django_db
def test_the_sweeper_hands_a_dead_workers_job_back_and_owes_it_to_a_worker(job):
    lease_claim(IMPORT_LEASE, job.pk, owner="dead:1")
    expire(job)
    assert imports_leases_sweep() == 1
    job.refresh_from_db()
    assert (job.status, job.lease_owner) == ("pending", "")
    assert list(Outbox.objects.values_list("task", "args")) == [("inventory.tasks.import_run", [job.pk])]
    assert imports_leases_sweep() == 0  # a live or waiting job is left alone


@pytest.mark.django_db
@override_settings(JOB_MAX_ATTEMPTS=2)
def test_a_job_whose_worker_died_too_often_fails_with_a_message(job):
    for owner in ("dead:1", "dead:2"):
        assert lease_claim(IMPORT_LEASE, job.pk, owner=owner)
        expire(job)
    assert not lease_claim(IMPORT_LEASE, job.pk, owner="w3:3")  # worn out: only the sweeper touches it now
    assert leases_reclaim(IMPORT_LEASE, lambda ids: pytest.fail("a worn-out job is not enqueued")) == 1
    job.refresh_from_db()
    assert job.status == "failed" and "stopped repeatedly" in job.message and job.finished is not None
    assert not Outbox.objects.exists()
