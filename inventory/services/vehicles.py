"""Vehicle writes: listing, editing, publishing and pricing stock. Pages, the vehicle API and the import call these."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Yard
from core.errors import ApplicationError
from core.validators import validate_currency
from inventory.models import Status, Vehicle
from inventory.services.bulk_sql import stock_numbers_allocate
from inventory.signals import vehicles_changed

# Fields a merchant may set; stock_no, yard, status changes and derived columns go through services.
EDITABLE_FIELDS = (
    "make", "model", "grade", "model_code", "chassis_no", "year", "first_registration", "mileage_km",
    "engine_cc", "fuel", "power_kw", "transmission", "drive", "steering", "body_type", "category",
    "gross_weight_kg", "seats", "doors", "color", "length_mm", "width_mm", "height_mm", "auction_grade",
    "price_amount", "price_currency", "description",
)

# Which status a merchant may move a vehicle to, from which. Reserved/sold/shipped come from orders.
MERCHANT_TRANSITIONS = {
    Status.DRAFT: {Status.AVAILABLE, Status.WITHDRAWN},
    Status.AVAILABLE: {Status.DRAFT, Status.WITHDRAWN},
    Status.WITHDRAWN: {Status.DRAFT, Status.AVAILABLE},
}


def _notify_changed(vehicle_ids: Iterable[int]) -> None:
    """In the writing transaction: receivers record the work they owe with it (core.outbox)."""
    ids = list(vehicle_ids)
    if ids:
        vehicles_changed.send(sender=Vehicle, vehicle_ids=ids)


def _price_overflow(exc: DataError) -> bool:
    """The trigger's price_eur (14 digits) overflowed: a price over 10^12 EUR at the latest rate."""
    return getattr(exc.__cause__, "sqlstate", None) == "22003"  # numeric_value_out_of_range


def _price_too_large() -> ValidationError:
    return ValidationError({"price_amount": _("This price is too large: it must be under 1,000,000,000,000 EUR "
                                              "at the latest exchange rate.")})


def _save(vehicle: Vehicle) -> Vehicle:
    vehicle.full_clean(exclude=["stock_no"] if not vehicle.stock_no else None)
    try:
        with transaction.atomic():
            vehicle.save()
    except IntegrityError as exc:  # a concurrent listing of the same chassis number
        if "uniq_active_chassis_no" in str(exc):
            raise ValidationError({"chassis_no": _("A vehicle with this chassis number is already listed.")})
        raise
    except DataError as exc:
        if _price_overflow(exc):
            raise _price_too_large() from None
        raise
    vehicle.refresh_from_db(fields=["price_eur"])
    return vehicle


@transaction.atomic
def vehicle_create(*, yard: Yard, user, data: dict, status: str = Status.DRAFT) -> Vehicle:
    """List a vehicle in ``yard``. ``data`` holds EDITABLE_FIELDS; validation errors name the field."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)), code="unknown_field")
    if status not in (Status.DRAFT, Status.AVAILABLE):
        raise ApplicationError(_("A new vehicle is a draft or available."), field="status")
    vehicle = Vehicle(yard=yard, created_by=user if getattr(user, "pk", None) else None, status=status, **data)
    vehicle.full_clean(exclude=["stock_no"])
    vehicle.stock_no = stock_numbers_allocate(yard=yard)[0]
    vehicle._history_user = user if getattr(user, "pk", None) else None
    _save(vehicle)
    _notify_changed([vehicle.pk])
    return vehicle


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, user, data: dict) -> Vehicle:
    """Change a vehicle's facts; the history keeps who changed what and when."""
    unknown = set(data) - set(EDITABLE_FIELDS) - {"status"}
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)), code="unknown_field")
    new_status = data.pop("status", None)
    if vehicle.status in (Status.SOLD, Status.SHIPPED) and data:
        raise ApplicationError(_("A sold or shipped vehicle can no longer be edited."), code="locked")
    for field, value in data.items():
        setattr(vehicle, field, value)
    if new_status and new_status != vehicle.status:
        _check_transition(vehicle, new_status)
        vehicle.status = new_status
    vehicle._history_user = user
    _save(vehicle)
    _notify_changed([vehicle.pk])
    return vehicle


def _check_transition(vehicle: Vehicle, new_status: str) -> None:
    allowed = MERCHANT_TRANSITIONS.get(vehicle.status, set())
    if new_status not in allowed:
        raise ApplicationError(
            _("A %(old)s vehicle cannot be set to %(new)s.") % {"old": vehicle.status, "new": new_status},
            field="status", code="invalid_transition",
        )


@transaction.atomic
def vehicle_set_status(*, vehicle: Vehicle, user, status: str) -> Vehicle:
    return vehicle_update(vehicle=vehicle, user=user, data={"status": status})


@transaction.atomic
def vehicles_bulk_action(*, queryset, user, action: str, price_amount: Decimal | None = None,
                         price_currency: str | None = None) -> int:
    """Publish, withdraw, unpublish or reprice many vehicles at once (history kept for each)."""
    targets = {"publish": Status.AVAILABLE, "withdraw": Status.WITHDRAWN, "unpublish": Status.DRAFT}
    vehicles = list(queryset.select_for_update())
    if action == "price":
        if price_amount is None or price_amount <= 0:
            raise ApplicationError(_("Enter a positive price."), field="price_amount")
        if price_currency:
            try:
                validate_currency(price_currency)
            except ValidationError as exc:
                raise ApplicationError(exc.messages[0], field="price_currency")
    elif action not in targets:
        raise ApplicationError(_("Unknown action."), field="action")
    changed = []
    for vehicle in vehicles:
        if action == "price":
            vehicle.price_amount = price_amount
            if price_currency:
                vehicle.price_currency = price_currency
        else:
            if vehicle.status == targets[action]:
                continue
            if targets[action] not in MERCHANT_TRANSITIONS.get(vehicle.status, set()):
                continue  # reserved or sold stock is left alone
            vehicle.status = targets[action]
        vehicle._history_user = user
        vehicle.full_clean()
        changed.append(vehicle)
    if changed:
        fields = ["price_amount", "price_currency"] if action == "price" else ["status"]
        # bulk_update bypasses save(); keep history rows and derived columns explicitly.
        try:
            with transaction.atomic():
                Vehicle.objects.bulk_update(changed, fields)
        except DataError as exc:
            if _price_overflow(exc):
                raise ApplicationError(_price_too_large().messages[0], field="price_amount") from None
            raise
        Vehicle.history.bulk_history_create(changed, default_user=user, default_change_reason=f"bulk {action}")
    _notify_changed(v.pk for v in changed)
    return len(changed)
