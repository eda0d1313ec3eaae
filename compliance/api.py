"""Thin API views: validate, call one service or selector, shape the response (api.md, Compliance)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance import selectors, services
from compliance.serializers import (
    CheckResponseSerializer,
    EvaluateRequestSerializer,
    EvaluateResponseSerializer,
    VehicleComplianceQuerySerializer,
    check_response,
    validated,
)
from inventory.selectors import vehicle_visible


class EvaluateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=EvaluateRequestSerializer, responses={200: EvaluateResponseSerializer},
                   summary="Evaluate a vehicle and route against the rules in force (nothing is saved)",
                   tags=["compliance"])
    def post(self, request):
        serializer = validated(EvaluateRequestSerializer(data=request.data))
        decision = services.evaluate_facts(serializer.to_facts())
        return Response(decision.as_json())


class VehicleComplianceApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("destination", str, required=True, description="ISO country code, e.g. RU"),
            OpenApiParameter("route", str, required=False, description="Countries after the origin, final last: KZ,RU"),
        ],
        responses={200: CheckResponseSerializer}, tags=["compliance"],
        summary="The latest saved compliance check of a vehicle for a destination and route",
    )
    def get(self, request, pk: int):
        vehicle = selectors.vehicle_for_check(pk)
        if vehicle is None or not vehicle_visible(request.user, vehicle):
            raise Http404
        query = validated(VehicleComplianceQuerySerializer(data=request.query_params))
        destination, route = query.validated_data["destination"], query.validated_data["route"]
        check = selectors.latest_check(vehicle_id=vehicle.pk, destination=destination, route=route)
        if check is None:
            # A route never asked about has no saved check yet: the first request records one (api.md answers
            # with a saved check: its id and time), every later one reads it.
            check = services.vehicle_check(vehicle=vehicle, destination=destination, route=route, user=request.user)
        return Response(check_response(check, selectors.check_review(check)))
