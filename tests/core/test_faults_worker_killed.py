"""A worker SIGKILLed mid-import and mid-re-screen: another worker's sweeper reclaims the job after its lease
and resumes it from the last committed chunk; both finish with exact counts (real processes, real Redis)."""

import os
import signal

import pytest
import redis
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.db.models.functions import Upper
from django.utils import timezone

from compliance.models import RescreenRun
from core.models import Outbox
from demo.photos import draw_car_photo
from inventory.models import ImportJob, PhotoArchive, PhotoArchiveEntry, Vehicle
from inventory.services import imports
from inventory.services.imports import photo_archive
from tests.core.fault_stack import Stack, broker_url, environment, wait
from tests.factories import MerchantFactory, VehicleFactory, YardFactory
from tests.inventory.imports.conftest import csv_bytes, row, upload
from tests.inventory.imports.test_photo_archives import zip_bytes

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(transactional_db):
    """Workers on Redis databases of their own (11: Celery, 12: cache) of the suite's Redis server."""
    env = environment(settings.CACHES["default"]["LOCATION"].rsplit("/", 1)[0] + "/12", TEST_REDIS_DB="11",
                      RESCREEN_CHUNK_IDS="100")
    for url in (broker_url(env), env["REDIS_URL"]):
        redis.Redis.from_url(url).flushdb()
    started = Stack()
    started.env = env
    yield started
    started.close()


def owe(task: str, pk: int) -> None:
    """Owed as the services owe it; the workers' sweeper sends it (the test process talks to another Redis)."""
    Outbox.objects.create(task=task, args=[pk], available_at=timezone.now())


def no_duplicate_chassis() -> bool:
    return not Vehicle.objects.values(chassis=Upper("chassis_no")).annotate(n=Count("id")).filter(n__gt=1).exists()


def test_an_import_whose_worker_is_killed_finishes_with_every_row_once(stack):
    merchant = MerchantFactory(yard=YardFactory(code="KL"))
    rows = [row(f"ZVW30-{3000000 + i}") for i in range(6000)]
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(csv_bytes(rows)))
    stack.worker("doomed", stack.env)
    owe("inventory.tasks.import_run", job.pk)

    wait(lambda: ImportJob.objects.get(pk=job.pk).processed_rows >= 1000, 40, "the import to commit a chunk")
    stack.kill("doomed", signal.SIGKILL)
    killed_at = ImportJob.objects.get(pk=job.pk)
    assert killed_at.status == "running" and killed_at.processed_rows < 6000

    stack.worker("rescuer", stack.env)
    wait(lambda: ImportJob.objects.get(pk=job.pk).status in ("done", "failed"), 40, "the import to finish")

    job.refresh_from_db()
    assert (job.status, job.attempts, job.processed_rows, job.created_count, job.error_count) == (
        "done", 2, 6000, 6000, 0)
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 6000 and no_duplicate_chassis()


def test_a_rescreen_whose_worker_is_killed_screens_every_pair_exactly_once(stack):
    merchant = MerchantFactory(yard=YardFactory(code="KR", country="JP"))
    imports.import_run(job=imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(
        csv_bytes([row(f"NHP10-{4000000 + i}", engine_cc=str(1000 + i % 2000)) for i in range(3000)]))))
    Outbox.objects.all().delete()  # their checks are not this test's subject
    run = RescreenRun.objects.create(reason="fault test", destinations=["RU", "KZ", "KG", "MN"])
    stack.worker("doomed", stack.env)
    owe("compliance.tasks.rescreen", run.pk)

    wait(lambda: RescreenRun.objects.get(pk=run.pk).done >= 1500, 40, "the re-screen to commit chunks")
    os.killpg(stack.processes["doomed"].pid, signal.SIGKILL)
    stack.kill("doomed")
    killed_at = RescreenRun.objects.get(pk=run.pk)
    assert killed_at.status == "running" and killed_at.done < killed_at.total == 12000

    stack.worker("rescuer", stack.env)
    wait(lambda: RescreenRun.objects.get(pk=run.pk).status in ("done", "failed"), 40, "the re-screen to finish")

    run.refresh_from_db()
    assert (run.status, run.attempts, run.total, run.done) == ("done", 2, 12000, 12000), run.error
    assert set(run.rules_fingerprints) == {"JP>RU", "JP>KZ", "JP>KG", "JP>MN"}


def test_a_photo_zip_whose_worker_is_killed_attaches_every_photo_once(stack):
    merchant = MerchantFactory(yard=YardFactory(code="KP"))
    car = VehicleFactory(yard=merchant.yard, chassis_no="ZVW30-7000001", photo_count=0)
    files = {f"ZVW30-7000001_{n}.jpg": draw_car_photo("Toyota", "Prius", "white", n, body="hatchback")
             for n in range(1, 25)}
    archive = photo_archive.photo_archive_create(yard=merchant.yard, user=merchant,
                                                 upload=SimpleUploadedFile("photos.zip", zip_bytes(files)))
    stack.worker("doomed", stack.env)
    owe(photo_archive.ARCHIVE_TASK, archive.pk)

    wait(lambda: PhotoArchive.objects.get(pk=archive.pk).processed_files >= 3, 60, "the archive to attach photos")
    stack.kill("doomed", signal.SIGKILL)
    killed_at = PhotoArchive.objects.get(pk=archive.pk)
    assert killed_at.status == "running" and killed_at.processed_files < len(files)

    stack.worker("rescuer", stack.env)
    wait(lambda: PhotoArchive.objects.get(pk=archive.pk).status in ("done", "failed"), 90, "the archive to finish")

    archive.refresh_from_db()
    assert (archive.status, archive.attempts, archive.processed_files, archive.matched_count) == (
        "done", 2, len(files), len(files))
    assert car.photos.count() == len(files)  # each photo once
    entries = PhotoArchiveEntry.objects.filter(archive=archive)
    assert entries.count() == len(files) and entries.values("name").distinct().count() == len(files)
    for photo in car.photos.all():  # no files left behind for the test run
        for name in filter(None, (photo.original.name, photo.web.name, photo.thumbnail.name)):
            default_storage.delete(name)
    default_storage.delete(archive.file.name)
