"""The merchant's pages under /stock/: stock, listing and editing, photos (and the photo files), CSV imports."""

from django.urls import path

from inventory.views import imports, photo_archives, photos, stock

app_name = "inventory"
urlpatterns = [
    path("mine/", stock.my_stock, name="my_stock"),
    path("mine/bulk/", stock.my_stock_bulk, name="my_stock_bulk"),
    path("new/", stock.vehicle_create, name="vehicle_create"),
    path("<int:pk>/edit/", stock.vehicle_edit, name="vehicle_edit"),
    path("<int:pk>/history/", stock.vehicle_history, name="vehicle_history"),
    path("<int:pk>/status/", stock.vehicle_status, name="vehicle_status"),
    # size: "web" (longest side 1920 px) or "thumb"; the original is never served.
    path("photos/<int:pk>/<str:size>/", photos.photo, name="photo"),
    path("<int:pk>/photos/", photos.photo_manager, name="photo_manager"),
    path("<int:pk>/photos/upload/", photos.photo_upload, name="photo_upload"),
    path("<int:pk>/photos/<int:photo_id>/main/", photos.photo_set_main, name="photo_set_main"),
    path("<int:pk>/photos/<int:photo_id>/move/", photos.photo_move, name="photo_move"),
    path("<int:pk>/photos/<int:photo_id>/delete/", photos.photo_delete, name="photo_delete"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/template.csv", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/report.csv", imports.import_report, name="import_report"),
    path("imports/photos/<int:pk>/", photo_archives.photo_archive_detail, name="photo_archive_detail"),
]
