"""Photo pages and the private photo-serving view (owned by the photo pipeline)."""

from django.http import Http404
from django.urls import path


def photo(request, pk, size):
    raise Http404


urlpatterns = [path("photos/<int:pk>/<str:size>/", photo, name="photo")]
