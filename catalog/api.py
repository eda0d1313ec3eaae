"""``/api/v1/vehicles/``: the public catalog for anyone; writes by the owning yard's merchants and staff.

Reads come from the catalog's selectors; every write goes through ``inventory.services``.
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
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

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="The ETag of the vehicle as you read it (GET): the write is refused with 412 "
                "`precondition_failed` if someone saved the vehicle since. Without it the write goes ahead.")
PRECONDITION_FAILED = OpenApiResponse(description="The vehicle changed since the ETag sent in If-Match: "
                                                  '`{"detail", "code": "precondition_failed"}`.')


def vehicle_etag(vehicle: Vehicle) -> str:
    """A strong ETag naming the vehicle and its version (bumped by every save)."""
    return f'"vehicle-{vehicle.pk}-v{vehicle.version}"'


def expected_versions(request, pk) -> set[int] | None:
    """The versions If-Match accepts: None when absent or ``*``; a tag not of this vehicle matches nothing."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    versions = set()
    for tag in parse_etags(header):
        found = re.fullmatch(rf'"vehicle-{int(pk)}-v(\d{{1,12}})"', tag)
        if found:
            versions.add(int(found.group(1)))
    return versions or {0}  # versions start at 1: nothing matches, so the write is refused


@extend_schema_view(
    list=extend_schema(summary="The public catalog: available and reserved stock with at least one processed photo",
                       description="A car shows here once it has `CATALOG_MIN_PHOTOS` (default 1) processed "
                                   "photos; its status does not change meanwhile."),
    retrieve=extend_schema(summary="One vehicle (the ETag response header is its version, for If-Match)"),
    create=extend_schema(summary="List a vehicle in the merchant's own yard"),
    update=extend_schema(parameters=[IF_MATCH], responses={200: VehicleSerializer, 412: PRECONDITION_FAILED}),
    partial_update=extend_schema(summary="Change the fields sent, and only those", parameters=[IF_MATCH],
                                 responses={200: VehicleSerializer, 412: PRECONDITION_FAILED}),
    destroy=extend_schema(summary="Withdraw a vehicle (kept for the record, never erased)", parameters=[IF_MATCH],
                          responses={204: None, 412: PRECONDITION_FAILED}),
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

    def retrieve(self, request, *args, **kwargs):
        vehicle = self.get_object()
        response = Response(self.get_serializer(vehicle).data)
        response["ETag"] = vehicle_etag(vehicle)
        return response

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response["ETag"] = vehicle_etag(self._updated)
        return response

    def perform_update(self, serializer):
        try:
            self._updated = serializer.instance = services.vehicle_update(
                vehicle=serializer.instance, user=self.request.user, data=dict(serializer.validated_data),
                expected_version=expected_versions(self.request, serializer.instance.pk))
        except DjangoValidationError as exc:
            raise _api_field_errors(exc)

    def destroy(self, request, *args, **kwargs):
        vehicle = self.get_object()
        expected = expected_versions(request, vehicle.pk)
        if vehicle.status != Status.WITHDRAWN:
            services.vehicle_set_status(vehicle=vehicle, user=request.user, status=Status.WITHDRAWN,
                                        expected_version=expected)
        elif expected is not None and vehicle.version not in expected:
            raise services.VehicleChanged(vehicle, expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _api_field_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """Model errors named as the API names them: price_amount/price_currency are `price`."""
    errors = {}
    for field, messages in exc.message_dict.items():
        key = "price" if field in ("price_amount", "price_currency") else field
        key = "non_field_errors" if key == "__all__" else key
        errors.setdefault(key, []).extend(messages)
    return serializers.ValidationError(errors)

