"""API shapes of api.md (Quotes, Orders): every amount ``{"amount", "currency"}`` rounded for its currency."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from rest_framework import serializers

from brokerage.models import Order, OrderEvent, OrderStatus, Payment, PaymentProof, Quote, Terms
from brokerage.papers import order_documents_data
from core.money import round_money


def money(amount: Decimal | None, currency: str) -> dict | None:
    if amount is None:
        return None
    return {"amount": f"{round_money(amount, currency):f}", "currency": currency}


class BrokerMoneySerializer(serializers.Serializer):
    amount = serializers.CharField()
    currency = serializers.CharField()


class BrokerMoneyInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0.01"))
    currency = serializers.RegexField(r"^[A-Za-z]{3}$")


class QuoteRequestSerializer(serializers.Serializer):
    vehicle_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
                                        min_length=1, max_length=20)
    destination_port = serializers.RegexField(r"^[A-Za-z]{2}[A-Za-z0-9]{3}$", help_text="UN/LOCODE, e.g. RUVVO")
    terms = serializers.ChoiceField(choices=Terms.choices)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
    route = serializers.ListField(child=serializers.RegexField(r"^[A-Za-z]{2}$"), required=False, max_length=8)
    buyer = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                     help_text="Staff only: the buyer company quoted for.")


class OrderRequestSerializer(QuoteRequestSerializer):
    quote_id = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class QuoteLineSerializer(serializers.Serializer):
    vehicle = serializers.IntegerField()
    price = BrokerMoneySerializer()
    inland = BrokerMoneySerializer()
    freight = BrokerMoneySerializer()
    insurance = BrokerMoneySerializer()
    fee = BrokerMoneySerializer()
    total = BrokerMoneySerializer()


class QuoteRateSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared below
    to = serializers.CharField()
    rate = serializers.CharField()
    date = serializers.CharField(allow_null=True)
    source = serializers.CharField()


QuoteRateSerializer._declared_fields["from"] = serializers.CharField()


class QuoteFindingSerializer(serializers.Serializer):
    vehicle = serializers.IntegerField()
    rule = serializers.CharField()
    effect = serializers.CharField()
    message = serializers.CharField()
    citation = serializers.DictField()


class QuoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    terms = serializers.CharField()
    currency = serializers.CharField()
    destination_port = serializers.CharField()
    route = serializers.ListField(child=serializers.CharField())
    valid_until = serializers.DateTimeField()
    lines = QuoteLineSerializer(many=True)
    total = BrokerMoneySerializer()
    rates = QuoteRateSerializer(many=True)
    findings = QuoteFindingSerializer(many=True)
    estimates = serializers.ListField(child=serializers.DictField())


def _line(line, currency: str) -> dict:
    return {"vehicle": line.vehicle_id, "stock_no": line.vehicle.stock_no,
            "title": f"{line.vehicle.year} {line.vehicle.make} {line.vehicle.model}",
            **{name: money(getattr(line, name), currency)
               for name in ("price", "inland", "freight", "insurance", "fee", "total")}}


def quote_data(quote: Quote) -> dict:
    return {
        "id": quote.pk, "terms": quote.terms, "currency": quote.currency,
        "destination_port": quote.destination_port_id, "route": list(quote.route),
        "valid_until": quote.valid_until, "lines": [_line(line, quote.currency) for line in quote.lines.all()],
        "total": money(quote.total, quote.currency), "rates": quote.rates, "findings": quote.findings,
        "estimates": quote.estimates,
    }


class OrderEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    to = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    note = serializers.CharField()


OrderEventSerializer._declared_fields["from"] = serializers.CharField()


class OrderDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text="The PDF, once ready (null while pending or failed).")


class OrderPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = BrokerMoneySerializer()
    paid_on = serializers.DateField()
    reference = serializers.CharField()
    proof = serializers.IntegerField(allow_null=True)
    created = serializers.DateTimeField()


class PaymentProofSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    status = serializers.CharField()
    created = serializers.DateTimeField()
    url = serializers.CharField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    vehicles = QuoteLineSerializer(many=True)
    destination_port = serializers.CharField()
    terms = serializers.CharField()
    route = serializers.ListField(child=serializers.CharField())
    currency = serializers.CharField()
    total = BrokerMoneySerializer()
    paid = BrokerMoneySerializer()
    balance_due = BrokerMoneySerializer()
    deposit_due = BrokerMoneySerializer()
    reserved_until = serializers.DateTimeField(allow_null=True)
    review = serializers.CharField()
    documents = OrderDocumentSerializer(many=True)
    events = OrderEventSerializer(many=True)
    payments = OrderPaymentSerializer(many=True, required=False)
    proofs = PaymentProofSerializer(many=True, required=False)
    created = serializers.DateTimeField()


def event_data(event: OrderEvent) -> dict:
    return {"at": event.at, "kind": event.kind, "from": event.from_status, "to": event.to_status,
            "by": event.actor.get_username() if event.actor_id else None, "note": event.note}


def payment_data(payment: Payment) -> dict:
    return {"id": payment.pk, "amount": money(payment.amount, payment.currency), "paid_on": payment.paid_on,
            "reference": payment.reference, "proof": payment.proof_id, "created": payment.created}


def proof_data(proof: PaymentProof) -> dict:
    return {"id": proof.pk, "name": proof.original_name, "content_type": proof.content_type, "size": proof.size,
            "status": proof.status, "created": proof.created,
            "url": reverse("brokerage:proof-file", args=[proof.order_id, proof.pk])}


def deposit_due(order: Order) -> Decimal:
    target = round_money(order.total * order.deposit_share, order.currency)
    return max(target - order.paid, Decimal(0))


def order_data(order: Order, *, money_details: bool = True, documents: list | None = None) -> dict:
    data = {
        "id": order.pk, "number": order.number, "status": order.status,
        "vehicles": [_line(line, order.currency) for line in order.lines.all()],
        "destination_port": order.destination_port_id, "terms": order.terms, "route": list(order.route),
        "currency": order.currency, "total": money(order.total, order.currency),
        "paid": money(order.paid, order.currency), "balance_due": money(order.balance_due, order.currency),
        "deposit_due": money(deposit_due(order), order.currency),
        "reserved_until": order.reserved_until, "review": order.review_state,
        "documents": order_documents_data(order, documents),
        "events": [event_data(event) for event in order.events.all()], "created": order.created,
    }
    if money_details:
        data["payments"] = [payment_data(payment) for payment in order.payments.all()]
        data["proofs"] = [proof_data(proof) for proof in order.proofs.all()]
    return data


class PaymentRequestSerializer(serializers.Serializer):
    amount = BrokerMoneyInputSerializer()
    paid_on = serializers.DateField()
    reference = serializers.CharField(max_length=80)
    proof = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class CancelRequestSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ProofUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
