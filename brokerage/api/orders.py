"""Orders of api.md: place (reserve), list, read, cancel, and record payments; proofs of payment."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import is_broker_staff, is_buyer
from brokerage import selectors, services
from brokerage.api.common import buyer_for, validated
from brokerage.serializers import (
    CancelRequestSerializer,
    OrderPaymentSerializer,
    OrderRequestSerializer,
    OrderSerializer,
    PaymentProofSerializer,
    PaymentRequestSerializer,
    ProofUploadSerializer,
    order_data,
    payment_data,
    proof_data,
)
from core.api import Pagination
from documents.selectors import documents_latest_many


def _order(request, pk: int):
    return get_object_or_404(selectors.order_detail_queryset(request.user), pk=pk)


def _money_visible(user, order) -> bool:
    """Payments and proofs: the order's buyer and staff (a merchant sees the order, not the buyer's bank)."""
    return is_broker_staff(user) or (is_buyer(user) and user.buyer_id == order.buyer_id)


def _data(request, order) -> dict:
    return order_data(order, money_details=_money_visible(request.user, order))


class OrderListCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OrderSerializer(many=True)}, tags=["orders"],
                   summary="Orders the caller may see (buyer: own; merchant: holding their stock; staff: all)")
    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.order_detail_queryset(request.user).order_by("-created", "-id"),
                                           request, view=self)
        papers = documents_latest_many(page)  # one query for the page's papers, not one per order
        return paginator.get_paginated_response([
            order_data(order, money_details=_money_visible(request.user, order), documents=papers[order.pk])
            for order in page])

    @extend_schema(request=OrderRequestSerializer, responses={201: OrderSerializer}, tags=["orders"],
                   summary="Reserve vehicles (409 if any is already in an active order)")
    def post(self, request):
        data = validated(OrderRequestSerializer(data=request.data))
        buyer = buyer_for(request.user, data.get("buyer"))
        order = services.order_place(
            user=request.user, buyer=buyer, vehicle_ids=data["vehicle_ids"],
            destination_port=data["destination_port"], terms=data["terms"], route=data.get("route") or None,
            quote_id=data.get("quote_id"), currency=data.get("currency") or None)
        return Response(_data(request, order), status=201)


class OrderDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OrderSerializer}, tags=["orders"], summary="One order with its events")
    def get(self, request, pk: int):
        return Response(_data(request, _order(request, pk)))


class OrderCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CancelRequestSerializer, responses={200: OrderSerializer}, tags=["orders"],
                   summary="Cancel an order and release its vehicles (the buyer, staff)")
    def post(self, request, pk: int):
        order = _order(request, pk)
        if not _money_visible(request.user, order):
            raise PermissionDenied(_("Only the buyer or broker staff can cancel an order."))
        data = validated(CancelRequestSerializer(data=request.data))
        services.order_cancel(order=order, by=request.user, note=data.get("note", ""))
        return Response(_data(request, _order(request, pk)))


class OrderPaymentsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OrderPaymentSerializer(many=True)}, tags=["orders"],
                   summary="Payments recorded on an order (its buyer, staff)")
    def get(self, request, pk: int):
        order = _order(request, pk)
        if not _money_visible(request.user, order):
            raise PermissionDenied(_("Only the buyer or broker staff see payments."))
        return Response([payment_data(payment) for payment in order.payments.all()])

    @extend_schema(request=PaymentRequestSerializer, responses={201: OrderSerializer}, tags=["orders"],
                   summary="Record a T/T payment (staff) and move the order on")
    def post(self, request, pk: int):
        order = _order(request, pk)
        if not is_broker_staff(request.user):
            raise PermissionDenied(_("Only broker staff record payments."))
        data = validated(PaymentRequestSerializer(data=request.data))
        proof = None
        if data.get("proof"):
            proof = get_object_or_404(order.proofs.all(), pk=data["proof"])
        services.payment_record(order=order, by=request.user, amount=data["amount"]["amount"],
                                currency=data["amount"]["currency"], paid_on=data["paid_on"],
                                reference=data["reference"], proof=proof)
        return Response(_data(request, _order(request, pk)), status=201)


class OrderProofsApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: PaymentProofSerializer(many=True)}, tags=["orders"],
                   summary="Proofs of payment uploaded for an order (its buyer, staff)")
    def get(self, request, pk: int):
        order = _order(request, pk)
        if not _money_visible(request.user, order):
            raise PermissionDenied(_("Only the buyer or broker staff see payment proofs."))
        return Response([proof_data(proof) for proof in order.proofs.all()])

    @extend_schema(request={"multipart/form-data": ProofUploadSerializer}, responses={201: PaymentProofSerializer},
                   tags=["orders"], summary="Upload a T/T receipt (PDF, JPEG, PNG or WebP; the buyer)")
    def post(self, request, pk: int):
        order = _order(request, pk)
        if not (is_buyer(request.user) and request.user.buyer_id == order.buyer_id) \
                and not is_broker_staff(request.user):
            raise PermissionDenied(_("Only the buyer uploads payment proofs."))
        data = validated(ProofUploadSerializer(data=request.data))
        proof = services.proof_upload(order=order, by=request.user, upload=data["file"], note=data.get("note", ""))
        return Response(proof_data(proof), status=201)
