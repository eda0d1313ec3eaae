"""CSV import API (owned by the import pipeline)."""

urlpatterns = []
