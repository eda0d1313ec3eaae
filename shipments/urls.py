"""Shipment pages under /shipments/: staff's list, booking and steps; an order's tracking page for its buyer."""

from django.urls import path

from shipments import views

app_name = "shipments"
urlpatterns = [
    path("", views.shipment_list, name="list"),
    path("new/", views.shipment_book, name="book"),
    path("<int:pk>/", views.shipment_detail, name="detail"),
    path("<int:pk>/events/", views.shipment_event, name="event"),
    path("<int:pk>/voyage/", views.shipment_voyage, name="voyage"),
    path("<int:pk>/references/", views.shipment_references, name="references"),
    path("<int:pk>/papers/", views.attachment_upload, name="attachment_upload"),
    path("papers/<int:pk>/", views.attachment_file, name="attachment"),
    path("track/<int:order_id>/", views.order_tracking, name="track"),
]
