"""A photo archive's page: its progress (htmx polling while a worker matches the files) and its per-file report."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from inventory.selectors import photo_archives_visible_to

REPORT_ROWS_SHOWN = 1000


@login_required
def photo_archive_detail(request, pk):
    if not (request.user.is_merchant or request.user.is_broker_staff):
        raise PermissionDenied
    job = get_object_or_404(photo_archives_visible_to(request.user), pk=pk)
    entries = [] if job.is_active else list(job.entries.select_related("vehicle")[:REPORT_ROWS_SHOWN])
    template = "inventory/photo_archive_progress.html" if request.htmx else "inventory/photo_archive_detail.html"
    return render(request, template, {"job": job, "entries": entries})
