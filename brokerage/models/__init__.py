"""Brokerage tables: freight rates, quotes, orders with their vehicles and events, payments and proofs."""

from brokerage.models.freight import FreightMode, FreightRate
from brokerage.models.orders import Order, OrderEvent, OrderStatus, OrderVehicle, ReviewState, Terms
from brokerage.models.payments import Payment, PaymentProof
from brokerage.models.quotes import Quote, QuoteLine

__all__ = [
    "FreightMode", "FreightRate", "Order", "OrderEvent", "OrderStatus", "OrderVehicle", "Payment",
    "PaymentProof", "Quote", "QuoteLine", "ReviewState", "Terms",
]
