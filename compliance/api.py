"""Thin API views: validate, call one service or selector, shape the response (api.md, Compliance)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import is_broker_staff
from compliance import selectors, services
from compliance.messages import explain
from compliance.serializers import (
    CheckResponseSerializer,
    EvaluateRequestSerializer,
    EvaluateResponseSerializer,
    ScreenRequestSerializer,
    ScreenResponseSerializer,
    VehicleComplianceQuerySerializer,
    check_response,
    validated,
)
from compliance.services.parties import name_screen
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


class IsBrokerStaff(BasePermission):
    """Broker staff and compliance officers."""

    def has_permission(self, request, view):
        return is_broker_staff(request.user)


class ScreenApi(APIView):
    permission_classes = [IsAuthenticated, IsBrokerStaff]

    @extend_schema(request=ScreenRequestSerializer, responses={200: ScreenResponseSerializer},
                   summary="Screen a name against the sanctions lists in force (the screening is kept)",
                   tags=["compliance"])
    def post(self, request):
        data = validated(ScreenRequestSerializer(data=request.data)).validated_data
        screening, hits, versions = name_screen(name=data["name"], country=data.get("country") or "",
                                                kind=data.get("kind"), birth_date=data.get("birth_date"),
                                                user=request.user)
        return Response({
            "decision": "review" if hits else "clear",
            "lists": [{"list": version.sanction_list.name, "version": version.version} for version in versions],
            "hits": [{"list": hit.list_name, "entry_id": hit.entry_ref, "name": hit.listed_name,
                      "matched_name": hit.matched_name, "score": round(hit.score, 4), "programs": hit.programs,
                      "explanation": explain(hit.explanation)} for hit in hits],
        })
