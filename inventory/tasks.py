"""Inventory background work. Each task loads by id, calls one service and is safe to run twice.

The services enqueue these tasks, so the services are imported inside each task (tasks.py may).
"""

from celery import Task, shared_task
from django.db import DatabaseError, InterfaceError, OperationalError

from inventory.models import ImportJob, PhotoArchive, VehiclePhoto

# --- Photos -------------------------------------------------------------------------------------


class PhotoTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries: mark the photo failed so that the merchant's page stops waiting for it."""
        from inventory.services import photos

        photo_id = kwargs.get("photo_id", args[0] if args else None)
        if photo_id is not None:
            photos.photo_mark_failed(photo_id=photo_id, reason=f"{type(exc).__name__}: {exc}")


@shared_task(base=PhotoTask, autoretry_for=(OSError, DatabaseError), retry_backoff=True, max_retries=5)
def photo_process(photo_id: int) -> str:
    """Web version and thumbnail of an uploaded photo (storage or database hiccups are retried)."""
    from inventory.services import photos

    photo = VehiclePhoto.objects.select_related("vehicle").filter(pk=photo_id).first()
    if photo is None:  # deleted before a worker got to it
        return "gone"
    return photos.photo_process(photo).state


# --- CSV import ---------------------------------------------------------------------------------


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def import_run(job_id: int) -> str:
    """Import an uploaded CSV file. The service leases the job: a redelivered message finds it leased and does
    nothing; one whose worker died is resumed (database hiccups: retried, resumed)."""
    from inventory.services import imports

    job = ImportJob.objects.select_related("yard", "uploaded_by").filter(pk=job_id).first()
    if job is None:
        return "gone"
    return imports.import_run(job=job).status


# --- Photo archives (a ZIP of photos named by chassis or stock number) ---------------------------


@shared_task(bind=True, acks_late=True, max_retries=900)
def photo_archive_run(self, archive_id: int) -> str:
    """Attach an archive's photos; while the CSV uploaded with it is still importing, try again in a second."""
    from inventory.services.imports import photo_archive

    job = PhotoArchive.objects.select_related("yard", "uploaded_by").filter(pk=archive_id).first()
    if job is None:
        return "gone"
    try:
        return photo_archive.photo_archive_run(job=job).status
    except photo_archive.ImportStillRunning as exc:
        raise self.retry(exc=exc, countdown=1)
