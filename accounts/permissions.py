"""Ownership: the one place that says who may see or change what.

Merchants reach their own yard's stock and the orders that hold it; buyers reach their own
orders and documents; officers and broker staff reach everything. Every app scopes querysets
through these functions, so an object a caller may not see is a 404, never a 403 that leaks it.
"""

from django.db.models import QuerySet
from rest_framework.permissions import SAFE_METHODS, BasePermission


def _user_ok(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_broker_staff(user) -> bool:
    return _user_ok(user) and user.is_broker_staff


def is_officer(user) -> bool:
    return _user_ok(user) and user.is_officer


def vehicles_writable_by(user, queryset: QuerySet) -> QuerySet:
    if is_broker_staff(user):
        return queryset
    if _user_ok(user) and user.is_merchant:
        return queryset.filter(yard_id=user.yard_id)
    return queryset.none()


def can_write_vehicle(user, vehicle) -> bool:
    if is_broker_staff(user):
        return True
    return _user_ok(user) and user.is_merchant and vehicle.yard_id == user.yard_id


def orders_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Buyers: their company's orders. Merchants: orders holding their yard's stock. Staff: all."""
    if is_broker_staff(user):
        return queryset
    if not _user_ok(user):
        return queryset.none()
    if user.is_merchant:
        return queryset.filter(lines__vehicle__yard_id=user.yard_id).distinct()
    if user.buyer_id:
        return queryset.filter(buyer_id=user.buyer_id)
    return queryset.none()


class IsMerchant(BasePermission):
    message = "Only yard merchants may do this."

    def has_permission(self, request, view):
        return _user_ok(request.user) and request.user.is_merchant


class IsBuyer(BasePermission):
    message = "Only buyers may do this."

    def has_permission(self, request, view):
        return _user_ok(request.user) and request.user.buyer_id is not None


class IsBrokerStaff(BasePermission):
    message = "Only broker staff may do this."

    def has_permission(self, request, view):
        return is_broker_staff(request.user)


class IsOfficer(BasePermission):
    message = "Only compliance officers may do this."

    def has_permission(self, request, view):
        return is_officer(request.user)


class ReadOnlyOrMerchantOrStaff(BasePermission):
    """Anyone reads; merchants and staff write (object ownership checked by the view's queryset)."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return _user_ok(request.user) and (request.user.is_merchant or request.user.is_broker_staff)
