"""Quotes and orders under /api/v1/ (api.md)."""

from django.urls import path

from brokerage.api import orders, quotes

urlpatterns = [
    path("quotes/", quotes.QuoteCreateApi.as_view(), name="quote-create"),
    path("quotes/<int:pk>/", quotes.QuoteDetailApi.as_view(), name="quote-detail"),
    path("orders/", orders.OrderListCreateApi.as_view(), name="order-list"),
    path("orders/<int:pk>/", orders.OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<int:pk>/cancel/", orders.OrderCancelApi.as_view(), name="order-cancel"),
    path("orders/<int:pk>/payments/", orders.OrderPaymentsApi.as_view(), name="order-payments"),
    path("orders/<int:pk>/proofs/", orders.OrderProofsApi.as_view(), name="order-proofs"),
]
