from rest_framework.routers import DefaultRouter

from inventory.api import VehicleViewSet
from inventory.api_imports import urlpatterns as import_urls
from inventory.api_photos import urlpatterns as photo_urls

router = DefaultRouter()
router.register("vehicles", VehicleViewSet, basename="vehicle")

urlpatterns = [*photo_urls, *import_urls, *router.urls]
