"""Photo pages and the private photo-serving view (included inside the ``inventory`` namespace)."""

from django.urls import path

from inventory import views_photos

urlpatterns = [
    # size: "web" (longest side 1920 px) or "thumb"; the original is never served.
    path("photos/<int:pk>/<str:size>/", views_photos.photo, name="photo"),
    path("<int:pk>/photos/", views_photos.photo_manager, name="photo_manager"),
    path("<int:pk>/photos/upload/", views_photos.photo_upload, name="photo_upload"),
    path("<int:pk>/photos/<int:photo_id>/main/", views_photos.photo_set_main, name="photo_set_main"),
    path("<int:pk>/photos/<int:photo_id>/move/", views_photos.photo_move, name="photo_move"),
    path("<int:pk>/photos/<int:photo_id>/delete/", views_photos.photo_delete, name="photo_delete"),
]
