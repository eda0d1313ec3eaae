"""Photo archive API: upload a ZIP of photos named by chassis or stock number (202), follow it, read its report.

The naming and the checks are ``inventory.services.imports.photo_archive``'s. A ZIP can also come with a CSV
(``photos`` beside ``file`` on ``POST /api/v1/imports/``): it is then matched once that import is done.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory.api.imports import ImportsPermission
from inventory.models import PhotoArchive, PhotoArchiveEntry
from inventory.selectors import photo_archives_visible_to
from inventory.services.imports import photo_archive


class PhotoArchiveEntrySerializer(serializers.ModelSerializer):
    vehicle = serializers.PrimaryKeyRelatedField(read_only=True)
    stock_no = serializers.CharField(source="vehicle.stock_no", read_only=True, default=None)
    photo = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = PhotoArchiveEntry
        fields = ["name", "outcome", "vehicle", "stock_no", "photo", "message"]
        read_only_fields = fields


class PhotoArchiveSerializer(serializers.ModelSerializer):
    yard = serializers.CharField(source="yard.code", read_only=True)
    import_job = serializers.PrimaryKeyRelatedField(read_only=True)
    progress = serializers.IntegerField(source="percent", read_only=True,
                                        help_text="Percentage of files processed (0-100).")
    entries = PhotoArchiveEntrySerializer(many=True, read_only=True,
                                          help_text="One row per file: matched (added), duplicate, unmatched or "
                                                    "refused, and why. Filled when done.")

    class Meta:
        model = PhotoArchive
        fields = ["id", "yard", "import_job", "file_name", "status", "message", "total_files", "processed_files",
                  "progress", "matched_count", "duplicate_count", "unmatched_count", "refused_count", "created",
                  "started", "finished", "entries"]
        read_only_fields = fields


class PhotoArchiveUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A ZIP of JPEG, PNG or WebP photos named by chassis or stock number "
                                           "(ZVW30-1234567_1.jpg, TY-000123-2.jpg); up to 1,000 files.")


class PhotoArchiveListCreateApi(APIView):
    permission_classes = [ImportsPermission]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="The caller's recent photo archives (staff: every yard's)",
                   responses=PhotoArchiveSerializer(many=True))
    def get(self, request):
        archives = photo_archives_visible_to(request.user).prefetch_related("entries__vehicle")[:50]
        return Response(PhotoArchiveSerializer(archives, many=True).data)

    @extend_schema(
        summary="Upload a ZIP of photos for the merchant's own yard's cars",
        description="The archive is checked from its directory at once (file count, sizes, compression ratio, "
                    "names), then a worker attaches each photo to the car whose chassis or stock number names it: "
                    "poll until `status` is `done` or `failed`.",
        request={"multipart/form-data": PhotoArchiveUploadSerializer},
        responses={202: PhotoArchiveSerializer, 400: OpenApiResponse(description="Not an acceptable ZIP archive")},
    )
    def post(self, request):
        upload = PhotoArchiveUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        job = photo_archive.photo_archive_start(yard=request.user.yard, user=request.user,
                                                upload=upload.validated_data["file"], field="file")
        return Response(PhotoArchiveSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class PhotoArchiveDetailApi(APIView):
    permission_classes = [ImportsPermission]

    @extend_schema(summary="A photo archive's progress and per-file report (its yard's merchants and staff)",
                   responses=PhotoArchiveSerializer)
    def get(self, request, pk: int):
        job = get_object_or_404(photo_archives_visible_to(request.user).prefetch_related("entries__vehicle"), pk=pk)
        return Response(PhotoArchiveSerializer(job).data)
