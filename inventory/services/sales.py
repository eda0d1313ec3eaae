"""Vehicle status changes that come from orders (brokerage calls these, never Vehicle.objects.update).

Every caller locks the vehicles first with ``vehicles_lock`` (by primary key, ascending: one lock order for
every code path, so two orders over the same cars queue instead of deadlocking).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from inventory.models import Status, Vehicle
from inventory.services.vehicles import _notify_changed, _save


def vehicles_lock(ids: Iterable[int]) -> list[Vehicle]:
    """The vehicles' rows, locked by primary key ascending until the end of the transaction."""
    return list(Vehicle.objects.filter(pk__in=sorted(set(ids))).order_by("pk")
                .select_for_update(of=("self",)).select_related("yard"))


def _move(vehicles: Iterable[Vehicle], *, user, allowed_from: set[str], to: str, code: str) -> list[Vehicle]:
    moved = []
    for vehicle in vehicles:
        if vehicle.status == to:
            continue
        if vehicle.status not in allowed_from:
            raise ApplicationError(
                _("Vehicle %(stock_no)s is %(status)s and cannot become %(new)s.")
                % {"stock_no": vehicle.stock_no, "status": vehicle.get_status_display(), "new": to},
                code=code, status=409)
        vehicle.status = to
        vehicle.version += 1
        vehicle._history_user = user if getattr(user, "pk", None) else None
        _save(vehicle, update_fields=["status", "version", "updated"], validated=True)
        moved.append(vehicle)
    _notify_changed(v.pk for v in moved)
    return moved


@transaction.atomic
def vehicle_reserve(*, vehicles: Iterable[Vehicle], user) -> list[Vehicle]:
    """Available → reserved (an order holds it). The caller holds the rows' locks."""
    return _move(vehicles, user=user, allowed_from={Status.AVAILABLE}, to=Status.RESERVED, code="vehicle_unavailable")


@transaction.atomic
def vehicle_release(*, vehicles: Iterable[Vehicle], user) -> list[Vehicle]:
    """Reserved or sold → available again (the order was cancelled or expired)."""
    return _move(vehicles, user=user, allowed_from={Status.RESERVED, Status.SOLD}, to=Status.AVAILABLE,
                 code="vehicle_not_held")


@transaction.atomic
def vehicle_sell(*, vehicles: Iterable[Vehicle], user) -> list[Vehicle]:
    """Reserved → sold (the buyer has paid the deposit)."""
    return _move(vehicles, user=user, allowed_from={Status.RESERVED, Status.AVAILABLE}, to=Status.SOLD,
                 code="vehicle_not_held")


@transaction.atomic
def vehicle_ship(*, vehicles: Iterable[Vehicle], user) -> list[Vehicle]:
    """Sold → shipped (the carrier has left with it)."""
    return _move(vehicles, user=user, allowed_from={Status.SOLD, Status.RESERVED}, to=Status.SHIPPED,
                 code="vehicle_not_sold")
