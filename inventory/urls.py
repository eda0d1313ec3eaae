from django.urls import include, path

from inventory import views

app_name = "inventory"
urlpatterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/<int:pk>/", views.vehicle_detail, name="vehicle_detail"),
    path("mine/", views.my_stock, name="my_stock"),
    path("mine/bulk/", views.my_stock_bulk, name="my_stock_bulk"),
    path("new/", views.vehicle_create, name="vehicle_create"),
    path("<int:pk>/edit/", views.vehicle_edit, name="vehicle_edit"),
    path("<int:pk>/history/", views.vehicle_history, name="vehicle_history"),
    path("<int:pk>/status/", views.vehicle_status, name="vehicle_status"),
    path("", include("inventory.urls_photos")),
    path("", include("inventory.urls_imports")),
]
