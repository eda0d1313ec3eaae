"""Who the caller buys for, and the validated-or-400 helper shared by the brokerage API views."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from accounts.models import BuyerCompany
from accounts.permissions import is_broker_staff, is_buyer
from core.errors import ApplicationError, flatten_errors


def validated(serializer: serializers.Serializer) -> dict:
    if not serializer.is_valid():
        raise serializers.ValidationError(flatten_errors(serializer.errors))
    return serializer.validated_data


def buyer_for(user, requested: int | None) -> BuyerCompany:
    """A buyer acts for their own company; staff name the buyer (``"buyer"``); anyone else is refused."""
    if is_buyer(user):
        return user.buyer
    if is_broker_staff(user):
        buyer = BuyerCompany.objects.filter(pk=requested).first() if requested else None
        if buyer is None:
            raise ApplicationError(_("Name the buyer this is for."), field="buyer", code="buyer_required")
        return buyer
    raise PermissionDenied(_("Only buyers and broker staff can do this."))
