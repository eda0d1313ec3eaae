"""Vehicle writes: listing, editing, publishing and pricing stock. Pages, the vehicle API and the import call these."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Case, DecimalField, F, IntegerField, Value, When
from django.db.models.functions import Now, Round
from django.utils.translation import gettext as _

from accounts.models import Yard
from core.errors import ApplicationError
from core.money import minor_units, round_money
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


def _save(vehicle: Vehicle, update_fields: list[str] | None = None, *, validated: bool = False) -> Vehicle:
    if not validated:
        vehicle.full_clean(exclude=["stock_no"] if not vehicle.stock_no else None)
    try:
        with transaction.atomic():
            vehicle.save(update_fields=update_fields)
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


class VehicleChanged(ApplicationError):
    """The vehicle was saved by someone else since the caller read it (API: 412, pages: a form error)."""

    def __init__(self, vehicle: Vehicle, expected: Collection[int]):
        super().__init__(_("This vehicle was changed by someone else since you loaded it (now version %(version)d): "
                           "load it again and reapply your change.") % {"version": vehicle.version},
                         code="precondition_failed", status=412)
        self.vehicle = vehicle
        self.expected = expected


def vehicle_lock(vehicle_id: int) -> Vehicle:
    """The vehicle's row, locked until the end of the transaction (one writer at a time per vehicle)."""
    return Vehicle.objects.select_for_update(of=("self",)).select_related("yard").get(pk=vehicle_id)


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, user, data: dict, expected_version: int | Collection[int] | None = None
                   ) -> Vehicle:
    """Change the named facts of a vehicle; the history keeps who changed what and when.

    Read-modify-write under the row lock, saving only the fields named in ``data``: two people editing
    different fields at once both keep their change. With ``expected_version`` (the API's If-Match,
    the edit page's hidden field) a vehicle saved by someone else since is refused with
    ``VehicleChanged`` instead of being overwritten. Returns the fresh vehicle.
    """
    unknown = set(data) - set(EDITABLE_FIELDS) - {"status"}
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)), code="unknown_field")
    data = dict(data)
    new_status = data.pop("status", None)
    current = vehicle_lock(vehicle.pk)
    if expected_version is not None:
        expected = {expected_version} if isinstance(expected_version, int) else set(expected_version)
        if current.version not in expected:
            raise VehicleChanged(current, expected)
    if current.status in (Status.SOLD, Status.SHIPPED) and data:
        raise ApplicationError(_("A sold or shipped vehicle can no longer be edited."), code="locked")
    before = {field: getattr(current, field) for field in EDITABLE_FIELDS}
    before_status = current.status
    for field, value in data.items():
        setattr(current, field, value)
    if new_status and new_status != current.status:
        _check_transition(current, new_status)
        current.status = new_status
    current.full_clean(exclude=["stock_no"] if not current.stock_no else None)  # normalises (chassis, currency)
    changed = [field for field in EDITABLE_FIELDS if getattr(current, field) != before[field]]
    if current.status != before_status:
        changed.append("status")
    if not changed:
        return current
    current.version += 1
    current._history_user = user
    _save(current, update_fields=[*changed, "version", "updated"], validated=True)
    _notify_changed([current.pk])
    return current


def _check_transition(vehicle: Vehicle, new_status: str) -> None:
    allowed = MERCHANT_TRANSITIONS.get(vehicle.status, set())
    if new_status not in allowed:
        raise ApplicationError(
            _("A %(old)s vehicle cannot be set to %(new)s.") % {"old": vehicle.status, "new": new_status},
            field="status", code="invalid_transition",
        )


@transaction.atomic
def vehicle_set_status(*, vehicle: Vehicle, user, status: str,
                       expected_version: int | Collection[int] | None = None) -> Vehicle:
    return vehicle_update(vehicle=vehicle, user=user, data={"status": status}, expected_version=expected_version)


STATUS_ACTIONS = {"publish": Status.AVAILABLE, "withdraw": Status.WITHDRAWN, "unpublish": Status.DRAFT}
PRICE_ACTIONS = ("price", "reprice")
REPRICE_KINDS = ("percent", "amount")
REPRICE_DIRECTIONS = ("up", "down")


@transaction.atomic
def vehicles_bulk_action(*, queryset, user, action: str, price_amount: Decimal | None = None,
                         price_currency: str | None = None, change_kind: str = "percent",
                         change_value: Decimal | None = None, direction: str = "down") -> int:
    """Publish, withdraw, unpublish, set a price or change prices of many vehicles at once.

    Set-based: the rows are locked (by primary key, the house lock order), changed by one UPDATE and
    recorded by one bulk insert of history rows. ``reprice`` moves each price ``direction`` ("up",
    "down") by ``change_value`` percent or by that amount in the cars' own currency (so the cars
    must share one), rounded to each currency's minor unit (no decimals for JPY and KRW). A status
    change skips vehicles it does not apply to (reserved or sold stock); prices of sold or shipped
    vehicles are left alone. Returns how many vehicles changed.
    """
    if action not in STATUS_ACTIONS and action not in PRICE_ACTIONS:
        raise ApplicationError(_("Unknown action."), field="action")
    ids = list(queryset.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))
    rows = Vehicle.objects.filter(pk__in=ids)
    if action in STATUS_ACTIONS:
        target = STATUS_ACTIONS[action]
        rows = rows.filter(status__in=[old for old, allowed in MERCHANT_TRANSITIONS.items() if target in allowed])
        values = {"status": target}
    else:
        rows = rows.exclude(status__in=[Status.SOLD, Status.SHIPPED])
        values = _bulk_price_values(rows, action=action, price_amount=price_amount, price_currency=price_currency,
                                    change_kind=change_kind, change_value=change_value, direction=direction)
    changed_ids = list(rows.values_list("pk", flat=True))
    if not changed_ids:
        return 0
    changed_rows = Vehicle.objects.filter(pk__in=changed_ids)
    try:
        with transaction.atomic():
            changed_rows.update(**values, version=F("version") + 1, updated=Now())
    except IntegrityError as exc:
        if "uniq_active_chassis_no" in str(exc):
            raise ApplicationError(_("Another listed vehicle has the chassis number of one of these."),
                                   field="vehicles", code="duplicate_chassis_no") from None
        raise
    except DataError as exc:
        if _price_overflow(exc):
            raise ApplicationError(_price_too_large().messages[0], field="price_amount") from None
        raise
    changed = list(changed_rows.order_by("pk"))
    Vehicle.history.bulk_history_create(changed, update=True, default_user=user,
                                        default_change_reason=f"bulk {action}")
    _notify_changed(changed_ids)
    return len(changed_ids)


def _bulk_price_values(rows, *, action, price_amount, price_currency, change_kind, change_value, direction) -> dict:
    """The UPDATE's price columns as SQL expressions, rounded per row to the row's currency."""
    if action == "price":
        if price_amount is None or price_amount <= 0:
            raise ApplicationError(_("Enter a positive price."), field="price_amount")
        if price_currency:
            try:
                validate_currency(price_currency)
            except ValidationError as exc:
                raise ApplicationError(exc.messages[0], field="price_currency")
            return {"price_amount": Value(round_money(price_amount, price_currency)), "price_currency": price_currency}
        new_price = Value(price_amount)
    else:
        if change_kind not in REPRICE_KINDS:
            raise ApplicationError(_("Change prices by a percentage or by an amount."), field="change_kind")
        if direction not in REPRICE_DIRECTIONS:
            raise ApplicationError(_("Choose whether prices go up or down."), field="direction")
        if change_value is None or change_value <= 0:
            raise ApplicationError(_("Enter a positive number."), field="change_value")
        sign = 1 if direction == "up" else -1
        if change_kind == "percent":
            new_price = F("price_amount") * Value(1 + sign * Decimal(change_value) / 100)
        else:
            currencies = sorted(set(rows.values_list("price_currency", flat=True)))
            if len(currencies) > 1:
                raise ApplicationError(
                    _("An amount is in the cars' own currency: choose cars priced in one currency (these are in "
                      "%(currencies)s), or change prices by a percentage.") % {"currencies": ", ".join(currencies)},
                    field="change_value", code="mixed_currencies")
            new_price = F("price_amount") + Value(sign * Decimal(change_value))
    currencies = set(rows.values_list("price_currency", flat=True))
    rounded = Round(new_price, precision=Case(
        *[When(price_currency=currency, then=Value(minor_units(currency))) for currency in sorted(currencies)],
        default=Value(2), output_field=IntegerField()), output_field=DecimalField(max_digits=30, decimal_places=10))
    if rows.annotate(new_price=rounded).filter(new_price__lte=0).exists():
        raise ApplicationError(_("This would bring some prices to zero or below."), field="change_value",
                               code="price_not_positive")
    return {"price_amount": rounded}
