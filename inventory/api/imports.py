"""CSV import API: upload a stock file (202, imported by a worker), follow its progress and read its report.

The column format is ``inventory.services.imports``' (the vehicle API's field names); ``template.csv`` shows it.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory.models import ImportJob, ImportRowError
from inventory.selectors import import_jobs_visible_to
from inventory.services import imports
from inventory.services.imports import photo_archive


class ImportsPermission(BasePermission):
    """Merchants upload into their own yard and read their yard's jobs; broker staff read every job."""

    message = "Only yard merchants may import stock."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return user.is_merchant or (user.is_broker_staff and request.method in SAFE_METHODS)


class ImportRowErrorSerializer(serializers.ModelSerializer):
    message = serializers.CharField(source="text", read_only=True,
                                    help_text="The problem, in the request's language (Accept-Language).")
    field_label = serializers.CharField(read_only=True, help_text="The column as people read it, in that language.")
    params = serializers.DictField(read_only=True, help_text="The values the message names.")

    class Meta:
        model = ImportRowError
        fields = ["row", "field", "field_label", "message", "code", "params", "value"]


class ImportJobSerializer(serializers.ModelSerializer):
    yard = serializers.CharField(source="yard.code", read_only=True)
    progress = serializers.IntegerField(source="percent", read_only=True,
                                        help_text="Percentage of rows processed (0-100).")
    photo_archives = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="ZIPs of photos uploaded with this CSV (`/api/v1/imports/photos/{id}/`).")

    class Meta:
        model = ImportJob
        fields = ["id", "yard", "file_name", "encoding", "status", "message", "total_rows", "processed_rows",
                  "progress", "created_count", "updated_count", "unchanged_count", "error_count", "errors_not_stored",
                  "created", "started", "finished", "photo_archives"]
        read_only_fields = fields


class ImportJobDetailSerializer(ImportJobSerializer):
    errors = ImportRowErrorSerializer(many=True, read_only=True,
                                      help_text="The row-level report; the header is row 1. Filled when done. "
                                                "The first 1,000 problems; `errors_not_stored` counts the rest.")

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "errors"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, UTF-8 (with or without BOM) or Shift_JIS, up to 10 MB / 50,000 rows.")
    photos = serializers.FileField(required=False, help_text="Optional: a ZIP of photos named by chassis or stock "
                                                             "number, attached once the CSV is imported.")


class ImportJobListCreateApi(APIView):
    permission_classes = [ImportsPermission]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="The caller's recent CSV imports (staff: every yard's)",
                   responses=ImportJobSerializer(many=True))
    def get(self, request):
        jobs = import_jobs_visible_to(request.user).prefetch_related("photo_archives")[:50]
        return Response(ImportJobSerializer(jobs, many=True).data)

    @extend_schema(
        summary="Upload a stock CSV into the merchant's own yard",
        description="The file is checked (CSV text, size, header) at once, then imported by a worker: poll the "
                    "job until `status` is `done` or `failed`.",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobDetailSerializer, 400: OpenApiResponse(description="Not an importable CSV file")},
    )
    def post(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        job, _archive = photo_archive.stock_upload_start(
            yard=request.user.yard, user=request.user, csv_upload=upload.validated_data["file"],
            photos_upload=upload.validated_data.get("photos"))
        return Response(ImportJobDetailSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportJobDetailApi(APIView):
    permission_classes = [ImportsPermission]

    @extend_schema(summary="A CSV import's progress and row-level report (its yard's merchants and staff)",
                   responses=ImportJobDetailSerializer)
    def get(self, request, pk: int):
        queryset = import_jobs_visible_to(request.user).prefetch_related("errors", "photo_archives")
        job = get_object_or_404(queryset, pk=pk)
        return Response(ImportJobDetailSerializer(job).data)


class ImportTemplateApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="The CSV import template: the header and two example rows",
                   operation_id="v1_imports_template_csv", responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        response = HttpResponse(imports.import_template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="stock-import-template.csv"'
        return response
