"""Photo pages: the private photo-serving view and the merchant's photo manager (htmx partial).

Photos are served through Django only, after checking that the caller may see the vehicle; the
stored original is never served. The manager's actions answer htmx requests with the partial
``inventory/_photos.html`` and plain form posts with a redirect to the vehicle's edit page.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.permissions import writable_or_404
from core.errors import ApplicationError
from inventory.models import Vehicle, VehiclePhoto
from inventory.selectors import vehicle_visible
from inventory.services import photos as photo_services

PUBLIC_MAX_AGE = 60 * 60  # a vehicle taken off the catalog drops out of shared caches within the hour
PRIVATE_MAX_AGE = 10 * 60


@require_safe
def photo(request, pk: int, size: str):
    """The web version or thumbnail of a processed photo, if the caller may see its vehicle; else 404."""
    if size not in photo_services.SIZES:
        raise Http404
    item = VehiclePhoto.objects.select_related("vehicle").filter(pk=pk).first()
    if item is None or not vehicle_visible(request.user, item.vehicle):
        raise Http404
    found = photo_services.photo_file(item, size)
    if found is None:
        raise Http404
    file, content_type = found
    etag = quote_etag(hashlib.sha256(file.name.encode()).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag)
    if response is None:
        try:
            handle = file.storage.open(file.name, "rb")
        except FileNotFoundError:
            raise Http404
        response = FileResponse(handle, content_type=content_type,
                                filename=f"{item.vehicle.stock_no}-{item.pk}-{size}{_suffix(file.name)}")
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if item.vehicle.is_public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=PRIVATE_MAX_AGE)
    return response


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def _writable_vehicle(request, pk: int) -> Vehicle:
    return writable_or_404(request.user, Vehicle.objects.all(), pk=pk)


def _writable_photo(request, pk: int, photo_id: int) -> VehiclePhoto:
    vehicle = _writable_vehicle(request, pk)
    return get_object_or_404(VehiclePhoto.objects.select_related("vehicle"), pk=photo_id, vehicle=vehicle)


def _answer(request, vehicle: Vehicle, *, errors=(), notice: str = ""):
    """The partial for htmx (and the upload script), else back to the edit page with messages."""
    if request.htmx:
        return render(request, "inventory/_photos.html", {
            "vehicle": vehicle, "photos": photo_services.photos_in_order(vehicle.pk),
            "photo_errors": list(errors), "photo_notice": notice,
        })
    for error in errors:
        messages.error(request, error)
    if notice:
        messages.success(request, notice)
    return redirect("inventory:vehicle_edit", pk=vehicle.pk)


@login_required
@require_GET
def photo_manager(request, pk: int):
    vehicle = _writable_vehicle(request, pk)
    if not request.htmx:
        return redirect("inventory:vehicle_edit", pk=vehicle.pk)
    return _answer(request, vehicle)


@login_required
@require_POST
def photo_upload(request, pk: int):
    """Several files at once: each is checked on its own; good ones are kept, bad ones explained."""
    vehicle = _writable_vehicle(request, pk)
    uploads = request.FILES.getlist("images")
    if not uploads:
        return _answer(request, vehicle, errors=[_("Choose one or more photos to upload.")])
    errors, added = [], 0
    for upload in uploads:
        try:
            photo_services.photo_add(vehicle=vehicle, user=request.user, upload=upload)
        except ApplicationError as exc:
            errors.append(_("%(file)s: %(error)s") % {"file": (upload.name or "")[:80], "error": exc.message})
        else:
            added += 1
    notice = ngettext("%(n)d photo added.", "%(n)d photos added.", added) % {"n": added} if added else ""
    return _answer(request, vehicle, errors=errors, notice=notice)


@login_required
@require_POST
def photo_set_main(request, pk: int, photo_id: int):
    item = _writable_photo(request, pk, photo_id)
    try:
        photo_services.photo_set_main(photo=item, user=request.user)
    except ApplicationError as exc:
        return _answer(request, item.vehicle, errors=[exc.message])
    return _answer(request, item.vehicle)


@login_required
@require_POST
def photo_move(request, pk: int, photo_id: int):
    item = _writable_photo(request, pk, photo_id)
    offset = {"left": -1, "right": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        return _answer(request, item.vehicle, errors=[_("Move a photo left or right.")])
    photo_services.photo_move(photo=item, offset=offset, user=request.user)
    return _answer(request, item.vehicle)


@login_required
@require_POST
def photo_delete(request, pk: int, photo_id: int):
    item = _writable_photo(request, pk, photo_id)
    photo_services.photo_delete(photo=item, user=request.user)
    return _answer(request, item.vehicle, notice=_("Photo deleted."))
