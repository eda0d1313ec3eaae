"""Buyers' pages: the home page and the catalog under /stock/catalog/ (the rest of /stock/ is the merchant's)."""

from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("stock/catalog/", views.catalog, name="catalog"),
    path("stock/catalog/<int:pk>/", views.vehicle_detail, name="vehicle_detail"),
]
