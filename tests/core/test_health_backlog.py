"""/healthz counts the work that is late in every app: checks owed, outbox rows, jobs past their lease."""

import datetime as dt

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from core import heartbeat
from core.leases import lease_claim
from inventory.models import ImportJob
from inventory.services.imports import IMPORT_LEASE
from tests.factories import YardFactory

REGISTERED = {"outbox_overdue", "vehicles_unchecked", "rescreens_stuck", "imports_stuck", "photos_stuck",
              "documents_overdue", "documents_failed", "photo_archives_stuck"}


@pytest.fixture
def live_worker():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    heartbeat.beat(client, "w1@host")
    yield
    client.delete(heartbeat.KEY)


@pytest.mark.django_db
def test_every_app_registers_its_backlog_and_nothing_is_late(client, live_worker):
    body = client.get("/healthz").json()
    assert set(body["backlog"]) >= REGISTERED and body["status"] == "ok"
    assert all(body["backlog"][name] == 0 for name in REGISTERED)


@pytest.mark.django_db
def test_an_import_whose_worker_died_makes_health_degraded_and_names_it(client, live_worker):
    job = ImportJob.objects.create(yard=YardFactory(), file="imports/x.csv", file_name="x.csv")
    lease_claim(IMPORT_LEASE, job.pk, owner="dead:1")
    ImportJob.objects.filter(pk=job.pk).update(lease_expires=timezone.now() - dt.timedelta(minutes=1))
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["backlog"]["imports_stuck"] == 1 and body["late"] == ["imports_stuck"]


def test_the_sweeper_runs_every_half_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["core-sweep"]
    assert entry["task"] == "core.tasks.sweep" and entry["schedule"] == dt.timedelta(seconds=30)
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
