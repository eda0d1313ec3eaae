"""Shipments under /api/v1/ (api.md)."""

from django.urls import path

from shipments import api

urlpatterns = [
    path("shipments/", api.ShipmentListCreateApi.as_view(), name="shipment-list"),
    path("shipments/<int:pk>/", api.ShipmentDetailApi.as_view(), name="shipment-detail"),
    path("shipments/<int:pk>/events/", api.ShipmentEventsApi.as_view(), name="shipment-events"),
]
