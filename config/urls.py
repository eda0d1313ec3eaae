from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.views import healthz

api_v1 = [
    path("", include("accounts.api_urls")),
    path("", include("inventory.api_urls")),
    path("", include("catalog.api_urls")),
    path("", include("compliance.api_urls")),
    path("", include("brokerage.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("accounts/", include("accounts.urls")),
    path("stock/", include("inventory.urls")),
    # the notifications page kept its address when it moved out of compliance (stored links point here)
    path("compliance/notifications/", include("notifications.urls")),
    path("compliance/", include("compliance.urls")),
    path("orders/", include("brokerage.urls")),
]
