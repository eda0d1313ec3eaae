"""CSV import pages: upload with the column format, the job's progress (htmx polling) and its report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from inventory.forms import ImportUploadForm
from inventory.selectors import import_jobs_visible_to, photo_archives_visible_to
from inventory.services import imports
from inventory.services.imports import photo_archive

REPORT_ROWS_SHOWN = 500


def _require_import_access(user) -> None:
    if not (user.is_merchant or user.is_broker_staff):
        raise PermissionDenied


def _csv_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def import_list(request):
    _require_import_access(request.user)
    form = ImportUploadForm()
    if request.method == "POST":
        if not request.user.is_merchant:
            raise PermissionDenied
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job, archive = photo_archive.stock_upload_start(
                    yard=request.user.yard, user=request.user, csv_upload=form.cleaned_data["file"],
                    photos_upload=form.cleaned_data["photos"])
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if job is not None:
                    messages.success(request, _("File received: %(rows)d rows are being imported.")
                                     % {"rows": job.total_rows})
                if archive is not None:
                    messages.success(request, _("Photos received: %(n)d files are being matched to your cars.")
                                     % {"n": archive.total_files})
                    return redirect("inventory:photo_archive_detail", pk=archive.pk)
                return redirect("inventory:import_detail", pk=job.pk)
    columns = [(name, name in imports.REQUIRED_COLUMNS, imports.COLUMN_HELP.get(name, ""))
               for name in imports.COLUMNS]
    return render(request, "inventory/import_list.html", {
        "form": form, "jobs": import_jobs_visible_to(request.user)[:20], "columns": columns,
        "archives": photo_archives_visible_to(request.user)[:10],
        "can_upload": request.user.is_merchant,
    })


@login_required
def import_detail(request, pk):
    """The job page; htmx polls the same URL for the progress fragment while the job runs."""
    _require_import_access(request.user)
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
    errors = [] if job.is_active else list(job.errors.all()[:REPORT_ROWS_SHOWN])
    context = {"job": job, "errors": errors, "errors_total": job.errors.count() if errors else 0,
               "rows_shown": REPORT_ROWS_SHOWN}
    template = "inventory/import_progress.html" if request.htmx else "inventory/import_detail.html"
    return render(request, template, context)


@login_required
def import_report(request, pk):
    _require_import_access(request.user)
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
    return _csv_response(imports.import_report_csv(job), f"import-{job.pk}-report.csv")


def import_template(request):
    """The column format with two example rows; public, it holds nothing but the format."""
    return _csv_response(imports.import_template_csv(), "stock-import-template.csv")
