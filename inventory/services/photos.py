"""Vehicle photos: checked and rendered on upload, served only through a view that checks access.

An upload is judged by its content (``inventory.services.images``). The original is kept through
Django's storage API and never served; the web-size version and the thumbnail, with the EXIF
orientation applied and every piece of metadata dropped (EXIF with its GPS position, XMP, ICC,
comments), are all that anyone is ever shown. They are made during the upload (about 0.2 s for a
12 MP JPEG), so the URLs an upload answers with already serve; a worker
(``inventory.tasks.photo_process``) makes them only when storing them failed then.
Photo additions, removals and reordering are recorded as ``VehicleEvent`` rows.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from core.leases import LeaseSpec, lease_claim, lease_release, leases_expired_count, leases_reclaim
from core.outbox import outbox_enqueue_many
from inventory.models import Vehicle, VehicleEvent, VehiclePhoto
from inventory.services import images

logger = logging.getLogger(__name__)

MAX_PHOTOS_PER_VEHICLE = 40
SIZES = {"web": "web", "thumb": "thumbnail"}  # URL size -> model field
CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
PHOTO_TASK = "inventory.tasks.photo_process"
# A photo is "processing" from upload to ready: waiting and worked on are one state, told apart by the lease.
PHOTO_LEASE = LeaseSpec(VehiclePhoto, status_field="state", pending=VehiclePhoto.State.PROCESSING,
                        running=VehiclePhoto.State.PROCESSING, failed=VehiclePhoto.State.FAILED)
_NO_LEASE = {"lease_owner": "", "lease_expires": None}


def _lock_vehicle(vehicle: Vehicle) -> Vehicle:
    """Serialise photo changes of one vehicle (count limit, positions, the one main photo)."""
    return Vehicle.objects.select_for_update().only("pk").get(pk=vehicle.pk)


def _photo_count_refresh(vehicle_id: int) -> None:
    """Recount the vehicle's processed photos (``Vehicle.photo_count``, which the public catalog reads).

    Callers hold the vehicle's row lock, so the count is taken after every earlier change committed.
    """
    ready = (VehiclePhoto.objects.filter(vehicle_id=OuterRef("pk"), state=VehiclePhoto.State.READY).order_by()
             .values("vehicle_id").annotate(n=Count("id")).values("n"))
    Vehicle.objects.filter(pk=vehicle_id).update(photo_count=Coalesce(Subquery(ready), 0))


def _enqueue_processing(*photo_ids: int) -> None:
    """Owe the processing in the caller's transaction (``core.outbox``: sent once committed)."""
    outbox_enqueue_many(PHOTO_TASK, [[photo_id] for photo_id in photo_ids])


def _actor(user):
    return user if getattr(user, "pk", None) else None


def _event(vehicle_id: int, kind: str, user, *, photo_id: int | None = None, **detail) -> None:
    VehicleEvent.objects.create(vehicle_id=vehicle_id, kind=kind, actor=_actor(user), photo_id=photo_id,
                                detail=detail)


def photo_add(*, vehicle: Vehicle, user, upload, enqueue: bool = True) -> VehiclePhoto:
    """Add a photo to ``vehicle`` from an uploaded file (or bytes), ready to be shown.

    The content is checked first (see ``images.image_inspect``), then the web version and thumbnail
    are made at once, so the photo is ``ready`` and its URLs serve as soon as this returns. Files are
    stored under generated names (the client's file name is never used). If storing the rendered
    files fails, the photo stays ``processing`` and a worker makes them after commit. The vehicle's
    first photo becomes its main photo. With ``enqueue=False`` nothing is rendered: the caller
    processes it itself (``photo_process``), e.g. when seeding demo data.
    Callers check that ``user`` may write the vehicle.
    """
    data = images.image_read(upload)
    image_format = images.image_inspect(data)
    rendered = _render(data) if enqueue else None
    stem = uuid.uuid4().hex
    # Stored before the transaction so that no row lock is held while a slow storage writes the files.
    field = VehiclePhoto._meta.get_field("original")
    probe = VehiclePhoto(vehicle_id=vehicle.pk)
    stored = [default_storage.save(
        field.generate_filename(probe, f"{stem}-original.{images.ACCEPTED_FORMATS[image_format]}"),
        ContentFile(data),
    )]
    try:
        files = _store_rendered(probe, stem, rendered) if rendered else None
        if files:
            stored += [files["web"], files["thumbnail"]]
        with transaction.atomic():
            photo = _photo_row_create(vehicle=vehicle, user=user, original_name=stored[0], files=files)
            _event(vehicle.pk, VehicleEvent.Kind.PHOTO_ADDED, user, photo_id=photo.pk)
            if files:  # ready at once: it counts for the catalog now
                _photo_count_refresh(vehicle.pk)
            if enqueue and not files:
                _enqueue_processing(photo.pk)
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return photo


def _render(data: bytes) -> tuple[bytes, bytes, tuple[int, int]]:
    try:
        return images.image_render(data)
    except images.DECODE_ERRORS:
        raise images.refuse(_("The image file is damaged or incomplete."), "image_damaged") from None


def _store_rendered(probe: VehiclePhoto, stem: str, rendered) -> dict | None:
    """Save the web version and thumbnail; None (the worker will make them) if the storage fails."""
    web_bytes, thumb_bytes, (width, height) = rendered
    field = VehiclePhoto._meta.get_field("web")
    saved = []
    try:
        saved.append(default_storage.save(field.generate_filename(probe, f"{stem}-web.jpg"), ContentFile(web_bytes)))
        saved.append(default_storage.save(field.generate_filename(probe, f"{stem}-thumb.jpg"),
                                          ContentFile(thumb_bytes)))
    except OSError:
        logger.warning("could not store the rendered photo %s; a worker will make it", stem, exc_info=True)
        for name in saved:
            default_storage.delete(name)
        return None
    return {"web": saved[0], "thumbnail": saved[1], "width": width, "height": height}


def _photo_row_create(*, vehicle: Vehicle, user, original_name: str, files: dict | None = None) -> VehiclePhoto:
    _lock_vehicle(vehicle)
    existing = list(VehiclePhoto.objects.filter(vehicle_id=vehicle.pk).values_list("position", "is_main", "state"))
    if len(existing) >= MAX_PHOTOS_PER_VEHICLE:
        raise images.refuse(
            ngettext("A vehicle can have at most %(max)d photo.", "A vehicle can have at most %(max)d photos.",
                     MAX_PHOTOS_PER_VEHICLE) % {"max": MAX_PHOTOS_PER_VEHICLE},
            "too_many_photos",
        )
    has_main = any(is_main and state != VehiclePhoto.State.FAILED for _position, is_main, state in existing)
    photo = VehiclePhoto(
        vehicle_id=vehicle.pk,
        original=original_name,
        uploaded_by=_actor(user),
        position=max((position for position, _main, _state in existing), default=-1) + 1,
        is_main=not has_main,
        state=VehiclePhoto.State.READY if files else VehiclePhoto.State.PROCESSING,
        **(files or {}),
    )
    if photo.is_main:
        VehiclePhoto.objects.filter(vehicle_id=vehicle.pk, is_main=True).update(is_main=False)
    photo.full_clean(exclude=["web", "thumbnail"])
    photo.save()
    return photo


def _stem(photo: VehiclePhoto) -> str:
    stem = PurePosixPath(photo.original.name).stem
    return stem.removesuffix("-original") or uuid.uuid4().hex


def photo_process(photo: VehiclePhoto) -> VehiclePhoto:
    """Make the web version and thumbnail of a photo and mark it ready (or failed). Idempotent.

    Only a photo still ``processing`` is worked on, and the result is recorded by a conditional
    UPDATE: if another worker finished first, or the photo was deleted meanwhile, the files made
    here are removed again. Storage errors propagate so that the task is retried.
    """
    if photo.state != VehiclePhoto.State.PROCESSING:
        return photo
    if not lease_claim(PHOTO_LEASE, photo.pk):  # another worker has it, or it was tried too often
        current = VehiclePhoto.objects.select_related("vehicle").filter(pk=photo.pk).first()
        if current is not None and _worn_out(current):
            return _photo_fail(current, "processing failed repeatedly")
        return current or photo
    try:
        return _photo_render(photo)
    except Exception:  # storage or database hiccup: free the photo for the retried task
        lease_release(PHOTO_LEASE, photo.pk, status=VehiclePhoto.State.PROCESSING)
        raise


def _photo_render(photo: VehiclePhoto) -> VehiclePhoto:
    try:
        with default_storage.open(photo.original.name, "rb") as original:
            data = original.read()
    except FileNotFoundError:
        return _photo_fail(photo, "the original file is missing")
    try:
        web_bytes, thumb_bytes, (width, height) = images.image_render(data)
    except ApplicationError as exc:
        return _photo_fail(photo, exc.message)
    except images.DECODE_ERRORS as exc:
        return _photo_fail(photo, f"{type(exc).__name__}: {exc}")

    stem = _stem(photo)
    field = VehiclePhoto._meta.get_field("web")
    web_name = default_storage.save(field.generate_filename(photo, f"{stem}-web.jpg"), ContentFile(web_bytes))
    thumb_name = default_storage.save(field.generate_filename(photo, f"{stem}-thumb.jpg"), ContentFile(thumb_bytes))
    won = VehiclePhoto.objects.filter(pk=photo.pk, state=VehiclePhoto.State.PROCESSING).update(
        web=web_name, thumbnail=thumb_name, width=width, height=height, state=VehiclePhoto.State.READY, **_NO_LEASE)
    if not won:
        default_storage.delete(web_name)
        default_storage.delete(thumb_name)
        return VehiclePhoto.objects.filter(pk=photo.pk).first() or photo
    with transaction.atomic():
        Vehicle.objects.select_for_update().only("pk").filter(pk=photo.vehicle_id).first()
        _photo_count_refresh(photo.vehicle_id)
    photo.web.name, photo.thumbnail.name = web_name, thumb_name
    photo.width, photo.height, photo.state = width, height, VehiclePhoto.State.READY
    return photo


def _worn_out(photo: VehiclePhoto) -> bool:
    idle = photo.lease_expires is None or photo.lease_expires < timezone.now()
    return photo.state == VehiclePhoto.State.PROCESSING and idle and photo.attempts >= PHOTO_LEASE.max_attempts


def photo_mark_failed(*, photo_id: int, reason: str) -> None:
    """Give up on a photo still processing (e.g. the worker ran out of retries), so the page stops waiting."""
    photo = VehiclePhoto.objects.select_related("vehicle").filter(pk=photo_id).first()
    if photo is not None:
        _photo_fail(photo, reason)


def _photo_fail(photo: VehiclePhoto, reason: str) -> VehiclePhoto:
    logger.warning("photo %s of vehicle %s failed processing: %s", photo.pk, photo.vehicle_id, reason)
    with transaction.atomic():
        _lock_vehicle(photo.vehicle)  # before touching photo rows, in the same order as every other service
        changed = VehiclePhoto.objects.filter(pk=photo.pk, state=VehiclePhoto.State.PROCESSING).update(
            state=VehiclePhoto.State.FAILED, **_NO_LEASE)
        if changed:
            photo.state = VehiclePhoto.State.FAILED
            _main_ensure(photo.vehicle_id)
            photo.refresh_from_db(fields=["is_main"])
    return photo


def photos_leases_sweep() -> int:
    """The sweeper's part: photos whose worker died go back to a worker; one that killed its worker
    ``JOB_MAX_ATTEMPTS`` times is marked failed (a rare path: one photo at a time, with its main-photo rule)."""

    def give_up(photo_ids: list[int]) -> None:
        for photo_id in photo_ids:
            photo_mark_failed(photo_id=photo_id, reason="processing stopped its worker repeatedly")

    return leases_reclaim(PHOTO_LEASE, lambda ids: _enqueue_processing(*ids), give_up=give_up)


def photos_stuck_count() -> int:
    """Photos past their lease (for /healthz)."""
    return leases_expired_count(PHOTO_LEASE)


def _main_ensure(vehicle_id: int) -> None:
    """Keep exactly one usable main photo: the first photo that has not failed, in display order."""
    usable = VehiclePhoto.objects.filter(vehicle_id=vehicle_id).exclude(state=VehiclePhoto.State.FAILED)
    if usable.filter(is_main=True).exists():
        return
    first = usable.order_by("position", "id").first()
    VehiclePhoto.objects.filter(vehicle_id=vehicle_id, is_main=True).update(is_main=False)
    if first is not None:
        VehiclePhoto.objects.filter(pk=first.pk).update(is_main=True)


@transaction.atomic
def photo_set_main(*, photo: VehiclePhoto, user=None) -> VehiclePhoto:
    """Make ``photo`` its vehicle's main photo (the one the catalog shows)."""
    _lock_vehicle(photo.vehicle)
    photo.refresh_from_db(fields=["state", "is_main"])
    if photo.state == VehiclePhoto.State.FAILED:
        raise ApplicationError(_("This photo could not be processed, so it cannot be the main photo."),
                               code="photo_failed", field="main")
    if not photo.is_main:
        VehiclePhoto.objects.filter(vehicle_id=photo.vehicle_id, is_main=True).update(is_main=False)
        VehiclePhoto.objects.filter(pk=photo.pk).update(is_main=True)
        photo.is_main = True
        _event(photo.vehicle_id, VehicleEvent.Kind.MAIN_PHOTO_CHANGED, user, photo_id=photo.pk)
    return photo


def photos_in_order(vehicle_id: int) -> list[VehiclePhoto]:
    """A vehicle's photos as buyers see them: the main photo first, then by position."""
    return list(VehiclePhoto.objects.filter(vehicle_id=vehicle_id).order_by("-is_main", "position", "id"))


@transaction.atomic
def photo_reorder(*, vehicle: Vehicle, ordered_ids: Sequence[int], main_id: int | None = None,
                  user=None) -> list[VehiclePhoto]:
    """Put the listed photos first, in that order; photos not listed follow in their current order.

    Every id must be a photo of ``vehicle`` and appear once. With ``main_id``, that photo becomes the main one.
    """
    _lock_vehicle(vehicle)
    current = photos_in_order(vehicle.pk)
    by_id = {photo.pk: photo for photo in current}
    try:
        ids = [int(value) for value in ordered_ids]
    except (TypeError, ValueError):
        raise ApplicationError(_("List photo ids as whole numbers."), field="ids")
    unknown = [value for value in ids if value not in by_id]
    if unknown:
        raise ApplicationError(_("Not photos of this vehicle: %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
                               code="unknown_photo", field="ids")
    if len(set(ids)) != len(ids):
        raise ApplicationError(_("Each photo may be listed once."), code="duplicate_photo", field="ids")
    if main_id is not None and main_id not in by_id:
        raise ApplicationError(_("Not a photo of this vehicle: %(id)s.") % {"id": main_id},
                               code="unknown_photo", field="main")
    order = ids + [photo.pk for photo in current if photo.pk not in set(ids)]
    changed = []
    for position, photo_id in enumerate(order):
        photo = by_id[photo_id]
        if photo.position != position:
            photo.position = position
            changed.append(photo)
    VehiclePhoto.objects.bulk_update(changed, ["position"])
    if changed:
        _event(vehicle.pk, VehicleEvent.Kind.PHOTOS_REORDERED, user, order=order)
    if main_id is not None:
        photo_set_main(photo=by_id[main_id], user=user)
    return photos_in_order(vehicle.pk)


def photo_move(*, photo: VehiclePhoto, offset: int, user=None) -> list[VehiclePhoto]:
    """Move a photo ``offset`` places among the others (the main photo stays first and does not move)."""
    with transaction.atomic():
        _lock_vehicle(photo.vehicle)
        current = photos_in_order(photo.vehicle_id)
        mains = [p.pk for p in current if p.is_main]
        others = [p.pk for p in current if not p.is_main]
        if photo.pk not in others:
            return current
        index = others.index(photo.pk)
        target = max(0, min(len(others) - 1, index + offset))
        others.insert(target, others.pop(index))
        return photo_reorder(vehicle=photo.vehicle, ordered_ids=mains + others, user=user)


def photo_delete(*, photo: VehiclePhoto, user=None) -> None:
    """Delete a photo and its files (after commit); if it was the main photo, the next one takes over."""
    with transaction.atomic():
        _lock_vehicle(photo.vehicle)
        names = [f.name for f in (photo.original, photo.web, photo.thumbnail) if f and f.name]
        vehicle_id = photo.vehicle_id
        if VehiclePhoto.objects.filter(pk=photo.pk).delete()[0]:
            _event(vehicle_id, VehicleEvent.Kind.PHOTO_REMOVED, user, photo_id=photo.pk)
        _main_ensure(vehicle_id)
        _photo_count_refresh(vehicle_id)
        transaction.on_commit(lambda: _files_delete(names))


def _files_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not delete photo file %s", name, exc_info=True)


def photo_file(photo: VehiclePhoto, size: str):
    """The stored web version or thumbnail of a ready photo, its content type and name (never the original)."""
    field = SIZES.get(size)
    if field is None or photo.state != VehiclePhoto.State.READY:
        return None
    file = getattr(photo, field)
    if not file or not file.name:
        return None
    suffix = PurePosixPath(file.name).suffix.lower()
    return file, CONTENT_TYPES.get(suffix, "application/octet-stream")
