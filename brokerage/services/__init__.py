"""Brokerage writes, one module per feature. Other apps call these (``brokerage.services.order_transition``)."""

from brokerage.services.freight import freight_rate_save
from brokerage.services.orders import (
    TRANSITIONS,
    TransitionRefused,
    order_cancel,
    order_expire,
    order_place,
    order_proforma_issued,
    order_review_decide,
    order_transition,
    orders_expire_due,
)
from brokerage.services.payments import payment_record, proof_upload
from brokerage.services.pricing import QuoteRequest, price_request, totals_to_port
from brokerage.services.quotes import quote_create

__all__ = [
    "TRANSITIONS", "QuoteRequest", "TransitionRefused", "freight_rate_save", "order_cancel", "order_expire",
    "order_place", "order_proforma_issued", "order_review_decide", "order_transition", "orders_expire_due",
    "payment_record", "price_request", "proof_upload", "quote_create", "totals_to_port",
]
