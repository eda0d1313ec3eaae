"""The merchant's write API under /api/v1/: a vehicle's photos and CSV imports (the vehicles resource is catalog's)."""

from django.urls import path

from inventory.api import imports, photo_archives, photos

urlpatterns = [
    path("vehicles/<int:pk>/photos/", photos.VehiclePhotosAPI.as_view(), name="vehicle-photos"),
    path("vehicles/<int:pk>/photos/order/", photos.VehiclePhotoOrderAPI.as_view(), name="vehicle-photos-order"),
    path("vehicles/<int:pk>/photos/<int:photo_id>/", photos.VehiclePhotoDetailAPI.as_view(),
         name="vehicle-photo-detail"),
    path("imports/", imports.ImportJobListCreateApi.as_view(), name="import-job-list"),
    path("imports/photos/", photo_archives.PhotoArchiveListCreateApi.as_view(), name="photo-archive-list"),
    path("imports/photos/<int:pk>/", photo_archives.PhotoArchiveDetailApi.as_view(), name="photo-archive-detail"),
    path("imports/template.csv", imports.ImportTemplateApi.as_view(), name="import-job-template"),
    path("imports/<int:pk>/", imports.ImportJobDetailApi.as_view(), name="import-job-detail"),
]
