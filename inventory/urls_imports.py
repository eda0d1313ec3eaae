"""CSV import pages (owned by the import pipeline), inside the ``inventory`` namespace."""

from django.urls import path

from inventory import views_imports

urlpatterns = [
    path("imports/", views_imports.import_list, name="import_list"),
    path("imports/template.csv", views_imports.import_template, name="import_template"),
    path("imports/<int:pk>/", views_imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/report.csv", views_imports.import_report, name="import_report"),
]
