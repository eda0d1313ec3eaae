"""POST /api/v1/quotes/ and GET /api/v1/quotes/{id}/ (api.md, Quotes)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from brokerage import selectors, services
from brokerage.api.common import buyer_for, validated
from brokerage.serializers import QuoteRequestSerializer, QuoteSerializer, quote_data


class QuoteCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=QuoteRequestSerializer, responses={201: QuoteSerializer}, tags=["quotes"],
                   summary="Price vehicles FOB, CFR or CIF to a port, with the rates used and compliance findings")
    def post(self, request):
        data = validated(QuoteRequestSerializer(data=request.data))
        buyer = buyer_for(request.user, data.get("buyer"))
        quote = services.quote_create(user=request.user, request=services.QuoteRequest(
            buyer=buyer, vehicle_ids=data["vehicle_ids"], destination_port=data["destination_port"],
            terms=data["terms"], currency=data.get("currency") or None, route=data.get("route") or None))
        return Response(quote_data(quote), status=201)


class QuoteDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: QuoteSerializer}, tags=["quotes"], summary="A quote (its buyer, staff)")
    def get(self, request, pk: int):
        quote = get_object_or_404(selectors.quotes_visible_to(request.user), pk=pk)
        return Response(quote_data(quote))
