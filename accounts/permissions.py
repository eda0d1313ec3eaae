"""Ownership: the one place that says who may see or change what.

Merchants reach their own yard's stock and everything hanging off it (photos, imports, checks);
buyers reach their own orders and documents; officers and broker staff reach everything. Every
app scopes its querysets through these functions, so an object a caller may not see is a 404,
never a 403 that leaks it.

The functions take a queryset and the path from its model to a yard (``"yard"`` for a vehicle or
an import, ``"vehicle__yard"`` for a check): this app knows users and yards, not the models above it.
"""

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework.permissions import SAFE_METHODS, BasePermission


def _user_ok(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_broker_staff(user) -> bool:
    return _user_ok(user) and user.is_broker_staff


def is_officer(user) -> bool:
    return _user_ok(user) and user.is_officer


def is_merchant(user) -> bool:
    return _user_ok(user) and user.is_merchant


def yard_scoped(user, queryset: QuerySet, *, yard_path: str = "yard") -> QuerySet:
    """What ``user`` may change: staff everything, a merchant their yard's rows, anyone else nothing."""
    if is_broker_staff(user):
        return queryset
    if is_merchant(user):
        return queryset.filter(**{f"{yard_path}_id": user.yard_id})
    return queryset.none()


def vehicles_writable_by(user, queryset: QuerySet) -> QuerySet:
    return yard_scoped(user, queryset)


def can_write_vehicle(user, vehicle) -> bool:
    if is_broker_staff(user):
        return True
    return is_merchant(user) and vehicle.yard_id == user.yard_id


def writable_or_404(user, queryset: QuerySet, *, yard_path: str = "yard", **lookup) -> Model:
    """The object ``user`` may change, or a 404 (never a 403: that would say it exists)."""
    return get_object_or_404(yard_scoped(user, queryset, yard_path=yard_path), **lookup)


class ReadOnlyOrMerchantOrStaff(BasePermission):
    """Anyone reads; merchants and staff write (object ownership checked by the view's queryset)."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return _user_ok(request.user) and (request.user.is_merchant or request.user.is_broker_staff)


def can_trade(user) -> bool:
    """May ``user`` ask for quotes and place orders? A signed-in buyer whose company staff approved."""
    return _user_ok(user) and user.is_approved_buyer


def is_buyer(user) -> bool:
    return _user_ok(user) and user.is_buyer


def buyer_scoped(user, queryset: QuerySet, *, buyer_path: str = "buyer", yard_path: str | None = None) -> QuerySet:
    """What ``user`` may read of buyers' business (orders, quotes, payments): staff everything, a buyer their
    company's rows, a merchant (with ``yard_path``) the rows holding their yard's stock, anyone else nothing."""
    if is_broker_staff(user):
        return queryset
    if is_buyer(user):
        return queryset.filter(**{f"{buyer_path}_id": user.buyer_id})
    if yard_path and is_merchant(user):
        holding = queryset.model._default_manager.filter(**{f"{yard_path}_id": user.yard_id}).values("pk")
        return queryset.filter(pk__in=holding)
    return queryset.none()
