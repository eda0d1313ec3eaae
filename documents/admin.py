"""Staff see every paper with its state, why it failed and how often it was tried; they may retry or regenerate.

Nothing here edits or deletes a paper: rows are append-only (a database trigger refuses DELETE).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from documents import services
from documents.models import Document, NumberSeries


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "version", "kind", "status", "language", "attempts", "size", "created", "short_error"]
    list_filter = ["status", "kind", "language", ("created", admin.DateFieldListFilter)]
    search_fields = ["number", "sha256", "error"]
    date_hierarchy = "created"
    list_select_related = ["content_type"]
    readonly_fields = [field.name for field in Document._meta.fields]
    actions = ["retry_failed", "regenerate"]

    @admin.display(description=_("error"))
    def short_error(self, document):
        return document.error[:80]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry the selected failed papers"))
    def retry_failed(self, request, queryset):
        retried = [services.document_retry(document=document, by=request.user)
                   for document in queryset.filter(status=Document.Status.FAILED)]
        self.message_user(request, _("Papers to render again: %(count)d.") % {"count": len(retried)},
                          messages.SUCCESS)

    @admin.action(description=_("Regenerate the selected papers as a new version"))
    def regenerate(self, request, queryset):
        made = [services.document_regenerate(document=document, by=request.user) for document in queryset]
        self.message_user(request, _("Papers to regenerate: %(count)d.") % {"count": len(made)},
                          messages.SUCCESS)


@admin.register(NumberSeries)
class NumberSeriesAdmin(admin.ModelAdmin):
    list_display = ["prefix", "year", "last"]
    list_filter = ["prefix", "year"]
    search_fields = ["prefix"]
    readonly_fields = ["prefix", "year", "last"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
