"""Photo API (owned by the photo pipeline): POST /api/v1/vehicles/{id}/photos/ and friends."""

urlpatterns = []
