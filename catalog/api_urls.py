"""``/api/v1/vehicles/``: the vehicle resource of api.md (photos and imports are inventory's api_urls)."""

from rest_framework.routers import DefaultRouter

from catalog.api import VehicleViewSet

router = DefaultRouter()
router.register("vehicles", VehicleViewSet, basename="vehicle")

urlpatterns = router.urls
