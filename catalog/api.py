"""``/api/v1/vehicles/``: the public catalog for anyone; writes by the owning yard's merchants and staff.

Reads come from the catalog's selectors; every write goes through ``inventory.services``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from accounts.permissions import ReadOnlyOrMerchantOrStaff, vehicles_writable_by
from catalog.filters import CatalogFilterSet
from catalog.selectors import catalog_base
from catalog.serializers import VehicleSerializer
from compliance.selectors import latest_decisions, upcoming_decisions
from core.errors import ApplicationError
from inventory import services
from inventory.models import Status, Vehicle, in_catalog_q
from inventory.selectors import ready_photos


@extend_schema_view(
    list=extend_schema(summary="The public catalog: available and reserved stock with at least one processed photo",
                       description="A car shows here once it has `CATALOG_MIN_PHOTOS` (default 1) processed "
                                   "photos; its status does not change meanwhile."),
    create=extend_schema(summary="List a vehicle in the merchant's own yard"),
    destroy=extend_schema(summary="Withdraw a vehicle (kept for the record, never erased)"),
)
class VehicleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = VehicleSerializer
    permission_classes = [ReadOnlyOrMerchantOrStaff]
    filterset_class = CatalogFilterSet

    def get_queryset(self):
        if self.action == "list":
            return catalog_base()
        owned = vehicles_writable_by(self.request.user, Vehicle.objects.all())
        if self.action == "retrieve":
            visible = in_catalog_q() | Q(pk__in=owned.values("pk"))
            return Vehicle.objects.filter(visible).select_related("yard").prefetch_related(ready_photos())
        return owned.select_related("yard").prefetch_related(ready_photos())

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        ids = [vehicle.pk for vehicle in page]
        serializer = self.get_serializer(page, many=True, context={
            **self.get_serializer_context(), "decisions": latest_decisions(ids), "upcoming": upcoming_decisions(ids)})
        return self.get_paginated_response(serializer.data)

    def perform_create(self, serializer):
        user = self.request.user
        if not user.is_merchant:
            raise ApplicationError("Only a yard merchant can list a vehicle (into their own yard).",
                                   code="not_merchant", status=403)
        data = dict(serializer.validated_data)
        initial_status = data.pop("status", Status.DRAFT)
        try:
            serializer.instance = services.vehicle_create(yard=user.yard, user=user, data=data, status=initial_status)
        except DjangoValidationError as exc:
            raise _api_field_errors(exc)

    def perform_update(self, serializer):
        try:
            serializer.instance = services.vehicle_update(
                vehicle=serializer.instance, user=self.request.user, data=dict(serializer.validated_data))
        except DjangoValidationError as exc:
            raise _api_field_errors(exc)

    def destroy(self, request, *args, **kwargs):
        vehicle = self.get_object()
        if vehicle.status != Status.WITHDRAWN:
            services.vehicle_set_status(vehicle=vehicle, user=request.user, status=Status.WITHDRAWN)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _api_field_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """Model errors named as the API names them: price_amount/price_currency are `price`."""
    errors = {}
    for field, messages in exc.message_dict.items():
        key = "price" if field in ("price_amount", "price_currency") else field
        key = "non_field_errors" if key == "__all__" else key
        errors.setdefault(key, []).extend(messages)
    return serializers.ValidationError(errors)

