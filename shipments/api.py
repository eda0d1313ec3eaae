"""Shipments of api.md: book (staff), list and read (staff; a buyer those carrying their orders), events."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import is_broker_staff
from core.api import Pagination
from core.errors import flatten_errors
from shipments import selectors, services
from shipments.serializers import (
    EventRequestSerializer,
    EventSerializer,
    ShipmentRequestSerializer,
    ShipmentSerializer,
    event_data,
    shipment_data,
)


def _validated(serializer: serializers.Serializer) -> dict:
    if not serializer.is_valid():
        raise serializers.ValidationError(flatten_errors(serializer.errors))
    return serializer.validated_data


def _staff_only(user) -> None:
    if not is_broker_staff(user):
        raise PermissionDenied(_("Only broker staff can do this."))


def _shipment(request, pk: int):
    return get_object_or_404(selectors.shipment_detail_queryset(request.user), pk=pk)


class ShipmentListCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ShipmentSerializer(many=True)}, tags=["shipments"],
                   summary="Shipments the caller may see (staff: all; a buyer: those carrying their orders)")
    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.shipment_detail_queryset(request.user).order_by("-created", "-id"),
                                           request, view=self)
        return paginator.get_paginated_response([shipment_data(shipment) for shipment in page])

    @extend_schema(request=ShipmentRequestSerializer, responses={201: ShipmentSerializer}, tags=["shipments"],
                   summary="Book paid orders on a shipment (staff); a vehicle blocked for the route is a 400")
    def post(self, request):
        _staff_only(request.user)
        data = _validated(ShipmentRequestSerializer(data=request.data))
        legs = [services.LegInput(mode=leg["mode"], origin=leg["from"], destination=leg["to"],
                                  voyage=leg.get("voyage"), container_size=leg.get("container_size", ""),
                                  cars_per_container=leg.get("cars_per_container"),
                                  container_no=leg.get("container_no", ""), seal_no=leg.get("seal_no", ""))
                for leg in data["legs"]]
        shipment = services.shipment_book(by=request.user, order_ids=data["order_ids"], legs=legs,
                                          bl_number=data.get("bl_number", ""),
                                          courier_tracking=data.get("courier_tracking", ""))
        return Response(shipment_data(_shipment(request, shipment.pk)), status=201)


class ShipmentDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ShipmentSerializer}, tags=["shipments"], summary="One shipment with its events")
    def get(self, request, pk: int):
        return Response(shipment_data(_shipment(request, pk)))


class ShipmentEventsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: EventSerializer(many=True)}, tags=["shipments"], summary="A shipment's events")
    def get(self, request, pk: int):
        return Response([event_data(event) for event in _shipment(request, pk).events.all()])

    @extend_schema(request=EventRequestSerializer, responses={201: EventSerializer}, tags=["shipments"],
                   summary="Record a step (staff); the orders follow (shipped on departed, delivered on delivered)")
    def post(self, request, pk: int):
        shipment = _shipment(request, pk)
        _staff_only(request.user)
        data = _validated(EventRequestSerializer(data=request.data))
        event = services.shipment_event_record(shipment=shipment, kind=data["kind"], at=data["at"],
                                               place=data.get("place", ""), note=data.get("note", ""),
                                               by=request.user)
        return Response(event_data(event), status=201)
