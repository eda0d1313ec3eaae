"""Thin API views: validate, call one service or selector, shape the response (api.md, Compliance)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance import selectors, services
from compliance.models import OfficerReview, VehicleDecision
from compliance.serializers import (
    CheckResponseSerializer,
    EvaluateRequestSerializer,
    EvaluateResponseSerializer,
    VehicleComplianceQuerySerializer,
    check_response,
    validated,
)


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
        from inventory.models import Vehicle
        from inventory.selectors import vehicle_visible

        vehicle = Vehicle.objects.select_related("yard").filter(pk=pk).first()
        if vehicle is None or not vehicle_visible(request.user, vehicle):
            raise Http404
        query = validated(VehicleComplianceQuerySerializer(data=request.query_params))
        destination, route = query.validated_data["destination"], query.validated_data["route"]
        check = selectors.latest_check(vehicle_id=vehicle.pk, destination=destination, route=route)
        if check is None:  # never checked for this route: check it now, and keep the record
            check = services.vehicle_check(vehicle=vehicle, destination=destination, route=route, user=request.user)
        review = None
        latest = VehicleDecision.objects.filter(vehicle_id=vehicle.pk, destination=destination,
                                                check_record_id=check.pk, review__isnull=False).first()
        if latest:
            review = OfficerReview.objects.get(pk=latest.review_id)
        return Response(check_response(check, review))
