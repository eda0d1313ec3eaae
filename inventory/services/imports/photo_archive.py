"""Photo archives: a ZIP of photos named by chassis or stock number, attached to the yard's cars by a worker.

Auction and stock tools export photos as ``<chassis>_<n>.jpg`` or ``<stock no>-<n>.jpg``:
``ZVW30-1234567_1.jpg``, ``ZVW30-1234567.jpg``, ``TY-000123-2.jpg`` (folders inside the ZIP are fine).
Each file is matched to a car of the uploader's yard (not withdrawn) by its whole name first, then
without its trailing ``_n``/``-n`` (one or two digits, which also orders the photos), and added like
any photo: checked by content (``images.image_inspect``), stripped and resized (``photo_process``).

The archive is judged from its central directory before one byte is decompressed: at most
``MAX_FILES`` files, ``MAX_FILE_BYTES`` each and ``MAX_TOTAL_BYTES`` together once unpacked, no file
unpacking to more than ``MAX_RATIO`` times its packed size (a ZIP bomb), no name that climbs out of
the archive (``../``, absolute, drive letters), no encryption, only stored or deflated files.
Decompression itself can never exceed a file's declared size (``zipfile`` stops there and checks the
CRC), so those checks bound the work. Nothing is ever written to disk under a name from the archive.

Uploaded together with a CSV, the archive waits until that import is done, so new cars get their photos.
The same photo uploaded again for the same car is reported as already added, not added twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from core.leases import (
    LeaseLost,
    LeaseSpec,
    lease_claim,
    lease_release,
    lease_renew,
    leases_expired_count,
    leases_reclaim,
)
from core.outbox import outbox_enqueue, outbox_enqueue_many
from inventory.models import ImportJob, PhotoArchive, PhotoArchiveEntry, Status, Vehicle, VehiclePhoto
from inventory.services import images
from inventory.services.imports.jobs import import_start
from inventory.services.photos import photo_add, photo_process

logger = logging.getLogger(__name__)

MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_FILES = 1000
MAX_FILE_BYTES = images.MAX_UPLOAD_BYTES
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
_SEQUENCE = re.compile(r"^(?P<key>.+?)[_\- ](?P<n>\d{1,2})$")


ARCHIVE_TASK = "inventory.tasks.photo_archive_run"
ARCHIVE_LEASE = LeaseSpec(
    PhotoArchive,
    give_up={"message": lambda: _("Attaching the photos stopped repeatedly (its worker died). The files reported "
                                  "are done; upload the archive again for the rest."),
             "finished": timezone.now},
)


class ImportStillRunning(Exception):
    """The CSV uploaded with the archive is not imported yet: try again shortly."""


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, field="photos")


@dataclass(frozen=True)
class _Member:
    info: zipfile.ZipInfo
    name: str
    keys: tuple[str, ...]
    sequence: int


def _is_noise(name: str) -> bool:
    """Files that archivers add and nobody means to upload (macOS resource forks, .DS_Store, Thumbs.db)."""
    path = PurePosixPath(name)
    return path.parts[0] == "__MACOSX" or path.name.startswith(".") or path.name.lower() == "thumbs.db"


def _climbs_out(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name) is not None
            or "\x00" in name)


def archive_members(archive: zipfile.ZipFile) -> list[_Member]:
    """The archive's photo candidates, or ApplicationError for a hostile archive: read from the directory only."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise _refuse(_("The archive holds %(n)d files; at most %(max)d are accepted: split it.")
                      % {"n": len(infos), "max": MAX_FILES}, "too_many_files")
    total = 0
    members = []
    for info in infos:
        if _climbs_out(info.filename):
            raise _refuse(_("The archive holds a file named %(name)s, which points outside the archive: refused.")
                          % {"name": info.filename[:100]}, "unsafe_name")
        if info.flag_bits & 0x1:
            raise _refuse(_("The archive is encrypted: upload it without a password."), "encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(_("The archive uses an unusual compression: save it as a plain ZIP."), "compression")
        if info.file_size > MAX_FILE_BYTES:
            raise _refuse(_("%(name)s is larger than %(mb)d MB once unpacked.")
                          % {"name": info.filename[:100], "mb": MAX_FILE_BYTES // (1024 * 1024)}, "file_too_large")
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(_("%(name)s unpacks to more than %(ratio)d times its size: the archive looks like a ZIP "
                            "bomb and is refused.") % {"name": info.filename[:100], "ratio": MAX_RATIO}, "zip_bomb")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(_("The archive unpacks to more than %(mb)d MB: split it.")
                          % {"mb": MAX_TOTAL_BYTES // (1024 * 1024)}, "too_large")
        if info.is_dir() or _is_noise(info.filename):
            continue
        path = PurePosixPath(info.filename)
        stem = path.stem.strip().upper()
        match = _SEQUENCE.match(stem)
        keys = (stem, match.group("key")) if match else (stem,)
        members.append(_Member(info, info.filename, keys, int(match.group("n")) if match else 0))
    if not members:
        raise _refuse(_("The archive holds no files."), "empty")
    return members


def _open_zip(fileobj) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise _refuse(_("This file is not a ZIP archive."), "not_zip")


def photo_archive_create(*, yard, user, upload, import_job: ImportJob | None = None,
                         field: str = "photos") -> PhotoArchive:
    """Check an uploaded ZIP by its directory (nothing decompressed) and keep it as a pending archive.

    Refusals name ``field``: the form or API field the ZIP came in.
    """
    try:
        return _archive_create(yard=yard, user=user, upload=upload, import_job=import_job)
    except ApplicationError as exc:
        if exc.field == "photos" and field != "photos":
            raise ApplicationError(exc.message, code=exc.code, field=field, status=exc.status) from None
        raise


def _archive_create(*, yard, user, upload, import_job: ImportJob | None) -> PhotoArchive:
    if yard is None:
        raise ApplicationError(_("Only a yard merchant can upload photos (for their own yard)."),
                               code="not_merchant", status=403)
    if upload is None:
        raise _refuse(_("Choose a ZIP file of photos."), "required")
    if (getattr(upload, "size", None) or 0) > MAX_ARCHIVE_BYTES:
        raise _refuse(_("The archive is larger than %(mb)d MB: split it.")
                      % {"mb": MAX_ARCHIVE_BYTES // (1024 * 1024)}, "too_large")
    upload.seek(0)
    with _open_zip(upload) as archive:
        members = archive_members(archive)
    upload.seek(0)
    file_name = get_valid_filename(os.path.basename(getattr(upload, "name", "") or "")) or "photos.zip"
    job = PhotoArchive(yard=yard, uploaded_by=user if getattr(user, "pk", None) else None, import_job=import_job,
                       file_name=file_name[:255], total_files=len(members),
                       status=PhotoArchive.State.WAITING if import_job else PhotoArchive.State.PENDING)
    job.file.save("photos.zip", upload, save=False)
    job.save()
    return job


@transaction.atomic
def photo_archive_start(*, yard, user, upload, import_job: ImportJob | None = None,
                        field: str = "photos") -> PhotoArchive:
    """Accept a ZIP and have a worker attach its photos (``inventory.tasks.photo_archive_run``) once committed."""
    job = photo_archive_create(yard=yard, user=user, upload=upload, import_job=import_job, field=field)
    outbox_enqueue(ARCHIVE_TASK, [job.pk])  # owed with the upload: a broker down now delays it, never loses it
    return job


def _vehicles_by_key(yard_id: int, members: list[_Member]) -> dict[str, Vehicle]:
    """The yard's listed cars whose chassis or stock number is one of the files' keys, in one query."""
    keys = {key for member in members for key in member.keys}
    cars = (Vehicle.objects.annotate(chassis_upper=Upper("chassis_no")).filter(yard_id=yard_id)
            .exclude(status=Status.WITHDRAWN).filter(Q(chassis_upper__in=keys) | Q(stock_no__in=keys)))
    found = {}
    for car in cars.only("pk", "stock_no", "chassis_no", "yard_id"):
        found[car.chassis_upper] = car
        found[car.stock_no.upper()] = car
    return found


def _entry(archive: PhotoArchive, member: _Member, outcome: str, message: str = "", vehicle=None, photo=None,
           sha256: str = "") -> PhotoArchiveEntry:
    return PhotoArchiveEntry(archive=archive, name=member.name[:255], outcome=outcome, message=message,
                             vehicle=vehicle, photo=photo, sha256=sha256)


def _attach(job: PhotoArchive, archive: zipfile.ZipFile, member: _Member, vehicle: Vehicle,
            already: set[tuple[int, str]]) -> PhotoArchiveEntry:
    if PurePosixPath(member.name).suffix.lower() not in PHOTO_SUFFIXES:
        return _entry(job, member, PhotoArchiveEntry.Outcome.REFUSED,
                      _("Not a photo: only .jpg, .jpeg, .png and .webp files are attached."), vehicle)
    with archive.open(member.info) as handle:  # never more than the declared size, checked against the CRC
        data = handle.read(MAX_FILE_BYTES + 1)
    digest = hashlib.sha256(data).hexdigest()
    if (vehicle.pk, digest) in already:
        return _entry(job, member, PhotoArchiveEntry.Outcome.DUPLICATE,
                      _("This photo was already added to %(stock)s.") % {"stock": vehicle.stock_no}, vehicle,
                      sha256=digest)
    try:
        photo = photo_process(photo_add(vehicle=vehicle, user=job.uploaded_by, upload=data, enqueue=False))
    except ApplicationError as exc:
        return _entry(job, member, PhotoArchiveEntry.Outcome.REFUSED, exc.message, vehicle, sha256=digest)
    if photo.state != VehiclePhoto.State.READY:
        return _entry(job, member, PhotoArchiveEntry.Outcome.REFUSED, _("The photo could not be processed."),
                      vehicle, photo, digest)
    already.add((vehicle.pk, digest))
    return _entry(job, member, PhotoArchiveEntry.Outcome.MATCHED,
                  _("Added to %(stock)s (%(chassis)s).") % {"stock": vehicle.stock_no, "chassis": vehicle.chassis_no},
                  vehicle, photo, digest)


def photo_archive_run(*, job: PhotoArchive) -> PhotoArchive:
    """Attach an archive's photos under a lease: one file a transaction (its photo, its report row and the
    progress commit together), so a worker killed midway leaves every file done once or not at all, and the
    next claim (the sweeper's, after the lease expires) resumes with the files not yet reported.

    Raises ImportStillRunning while the CSV uploaded with it is still being imported (the task retries).
    """
    if job.import_job_id and ImportJob.objects.filter(
            pk=job.import_job_id, status__in=[ImportJob.State.PENDING, ImportJob.State.RUNNING]).exists():
        raise ImportStillRunning(job.import_job_id)
    PhotoArchive.objects.filter(pk=job.pk, status=PhotoArchive.State.WAITING).update(
        status=PhotoArchive.State.PENDING)
    claimed = lease_claim(ARCHIVE_LEASE, job.pk)
    job.refresh_from_db()
    if not claimed:
        return job
    if job.started is None:
        PhotoArchive.objects.filter(pk=job.pk).update(started=timezone.now())
    try:
        with job.file.open("rb") as handle, _open_zip(handle) as archive:
            members = archive_members(archive)
            reported = set(PhotoArchiveEntry.objects.filter(archive=job).values_list("name", flat=True))
            vehicles = _vehicles_by_key(job.yard_id, members)
            matched = {member: next((vehicles[key] for key in member.keys if key in vehicles), None)
                       for member in members}
            already = set(PhotoArchiveEntry.objects.filter(
                vehicle_id__in={v.pk for v in matched.values() if v}, outcome=PhotoArchiveEntry.Outcome.MATCHED)
                .values_list("vehicle_id", "sha256"))
            ordered = sorted(members, key=lambda m: (matched[m].pk if matched[m] else 0, m.sequence, m.name))
            for done, member in enumerate(ordered, start=1):
                if member.name[:255] in reported:  # done before a crash: its photo and row are committed
                    continue
                with transaction.atomic():
                    vehicle = matched[member]
                    if vehicle is None:
                        entry = _entry(job, member, PhotoArchiveEntry.Outcome.UNMATCHED, _(
                            "No car of this yard has the chassis or stock number %(key)s.")
                            % {"key": member.keys[-1]})
                    else:
                        entry = _attach(job, archive, member, vehicle, already)
                    entry.save()
                    lease_renew(ARCHIVE_LEASE, job.pk, processed_files=done)
    except LeaseLost:
        logger.warning("photo archive %s: lease lost, another worker goes on", job.pk)
        return job
    except ApplicationError as exc:
        return _finish(job, PhotoArchive.State.FAILED, exc.message)
    except zipfile.BadZipFile as exc:
        return _finish(job, PhotoArchive.State.FAILED, _("The archive is damaged: %(error)s") % {"error": exc})
    return _finish(job, PhotoArchive.State.DONE, "")


def _finish(job: PhotoArchive, status: str, message: str) -> PhotoArchive:
    """End the lease with the counts of every report row (those of earlier, interrupted claims included)."""
    counts = dict.fromkeys(PhotoArchiveEntry.Outcome.values, 0)
    counts.update(PhotoArchiveEntry.objects.filter(archive=job).order_by().values("outcome").annotate(n=Count("id"))
                  .values_list("outcome", "n"))
    lease_release(ARCHIVE_LEASE, job.pk, status=status, message=message, finished=timezone.now(),
                  matched_count=counts[PhotoArchiveEntry.Outcome.MATCHED],
                  duplicate_count=counts[PhotoArchiveEntry.Outcome.DUPLICATE],
                  unmatched_count=counts[PhotoArchiveEntry.Outcome.UNMATCHED],
                  refused_count=counts[PhotoArchiveEntry.Outcome.REFUSED])
    job.refresh_from_db()
    logger.info("photo archive %s %s: %s", job.pk, job.status, ngettext("%d file", "%d files", job.total_files)
                % job.total_files)
    return job


def photo_archives_leases_sweep() -> int:
    """The sweeper's part: archives whose worker died go back to a worker, resumed (or fail after too many)."""
    return leases_reclaim(ARCHIVE_LEASE, lambda ids: outbox_enqueue_many(ARCHIVE_TASK, [[pk] for pk in ids]))


def photo_archives_stuck_count() -> int:
    """Archives past their lease (for /healthz)."""
    return leases_expired_count(ARCHIVE_LEASE)


@transaction.atomic
def stock_upload_start(*, yard, user, csv_upload, photos_upload) -> tuple[ImportJob | None, PhotoArchive | None]:
    """A CSV, a ZIP of photos, or both at once (the photos then wait for the CSV's cars): all or nothing."""
    if csv_upload is None and photos_upload is None:
        raise ApplicationError(_("Choose a CSV file, a ZIP of photos, or both."), code="required", field="file")
    job = import_start(yard=yard, user=user, upload=csv_upload) if csv_upload is not None else None
    archive = photo_archive_start(yard=yard, user=user, upload=photos_upload, import_job=job) \
        if photos_upload is not None else None
    return job, archive
