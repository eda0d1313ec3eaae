from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.views import healthz

api_v1 = [
    path("", include("accounts.api_urls")),
    path("", include("inventory.api_urls")),
    path("", include("catalog.api_urls")),
    path("", include("compliance.api_urls")),
    path("", include("brokerage.api_urls")),
    path("", include("shipments.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a script file and our template drops the inline
    # style, so the Content-Security-Policy holds; Swagger UI's own stylesheet draws its icons as data: images.
    path("api/docs/", csp_update({"img-src": ["data:"]})(SpectacularSwaggerSplitView.as_view(
        url_name="schema", template_name="api/swagger_ui.html")), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("accounts/", include("accounts.urls")),
    path("stock/", include("inventory.urls")),
    # the notifications page kept its address when it moved out of compliance (stored links point here)
    path("compliance/notifications/", include("notifications.urls")),
    path("compliance/", include("compliance.urls")),
    path("orders/", include("brokerage.urls")),
    path("shipments/", include("shipments.urls")),
]

# Styled pages in the base layout; JSON in the API's error format under /api/ (core.error_pages).
handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
handler500 = "core.error_pages.server_error"
