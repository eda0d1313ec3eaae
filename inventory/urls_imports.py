"""CSV import pages (owned by the import pipeline)."""

from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [path("imports/", TemplateView.as_view(template_name="base.html"), name="import_list")]
