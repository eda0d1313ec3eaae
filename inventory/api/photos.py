"""Photo API: add, list, delete and order a vehicle's photos (the owning yard's merchants and staff).

``POST /api/v1/vehicles/{id}/photos/`` (multipart ``image``): JPEG, PNG or WebP judged by content;
EXIF (GPS!) is removed from the web version and thumbnail, which are made during the upload: the
201's URLs serve at once. A URL is never one that does not serve yet: a photo still ``processing``
(or ``failed``) has ``null`` URLs. A vehicle the caller may not change is a 404, whether or not it exists.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import writable_or_404
from core.errors import ApplicationError
from core.parsers import JSONParser
from inventory.models import Vehicle, VehiclePhoto
from inventory.services import photos as photo_services


def photo_urls(photo: VehiclePhoto) -> dict:
    """How the API shows a photo (the vehicle resource's ``photos`` items use it too): URLs only once they serve."""
    ready = photo.state == VehiclePhoto.State.READY
    return {
        "id": photo.pk,
        "url": reverse("inventory:photo", args=[photo.pk, "web"]) if ready else None,
        "thumbnail_url": reverse("inventory:photo", args=[photo.pk, "thumb"]) if ready else None,
        "is_main": photo.is_main,
        "position": photo.position,
    }


class PhotoOutSerializer(serializers.Serializer):
    """The vehicle's ``photos`` item of api.md plus the processing state (URLs as in the vehicle API)."""

    id = serializers.IntegerField()
    url = serializers.CharField(allow_null=True, help_text="null until the photo is ready")
    thumbnail_url = serializers.CharField(allow_null=True, help_text="null until the photo is ready")
    state = serializers.ChoiceField(choices=VehiclePhoto.State.choices)
    is_main = serializers.BooleanField()
    position = serializers.IntegerField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)

    def to_representation(self, photo):
        return {**photo_urls(photo), "state": photo.state, "width": photo.width, "height": photo.height}


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="A JPEG, PNG or WebP photo, at most 20 MB and 40 megapixels.")


class PhotoOrderSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True,
                                max_length=photo_services.MAX_PHOTOS_PER_VEHICLE,
                                help_text="Photo ids in the wanted order; photos not listed follow.")
    main = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                    help_text="The photo to show first in the catalog.")


def _vehicle(request, pk) -> Vehicle:
    return writable_or_404(request.user, Vehicle.objects.all(), pk=pk)


def _photos_data(request, vehicle) -> list:
    return PhotoOutSerializer(photo_services.photos_in_order(vehicle.pk), many=True).data


class VehiclePhotosAPI(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="A vehicle's photos, processing ones included (owning yard and staff)",
                   responses={200: PhotoOutSerializer(many=True)}, tags=["vehicles"])
    def get(self, request, pk):
        return Response(_photos_data(request, _vehicle(request, pk)))

    @extend_schema(
        summary="Add a photo (multipart field `image`: JPEG, PNG or WebP; metadata such as GPS is removed)",
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: PhotoOutSerializer}, tags=["vehicles"],
    )
    def post(self, request, pk):
        vehicle = _vehicle(request, pk)
        if "image" not in request.FILES:
            raise ApplicationError(_("Attach the photo as the multipart field `image`."), code="required",
                                   field="image")
        serializer = PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        photo = photo_services.photo_add(vehicle=vehicle, user=request.user,
                                         upload=serializer.validated_data["image"])
        return Response(PhotoOutSerializer(photo).data, status=status.HTTP_201_CREATED)


class VehiclePhotoDetailAPI(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Delete a photo (the next one becomes main if it was)", responses={204: None},
                   tags=["vehicles"])
    def delete(self, request, pk, photo_id):
        vehicle = _vehicle(request, pk)
        photo = get_object_or_404(VehiclePhoto.objects.select_related("vehicle"), pk=photo_id, vehicle=vehicle)
        photo_services.photo_delete(photo=photo, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VehiclePhotoOrderAPI(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Order the photos (and optionally choose the main one)",
        request=PhotoOrderSerializer,
        responses={200: inline_serializer("PhotoOrderResult", {"photos": PhotoOutSerializer(many=True)})},
        tags=["vehicles"],
    )
    def post(self, request, pk):
        vehicle = _vehicle(request, pk)
        serializer = PhotoOrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        photo_services.photo_reorder(vehicle=vehicle, ordered_ids=serializer.validated_data["ids"],
                                     main_id=serializer.validated_data.get("main"), user=request.user)
        return Response({"photos": _photos_data(request, vehicle)})
