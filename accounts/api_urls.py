from django.urls import path

from accounts.api import MeApi, TokenApi

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api-token"),
    path("auth/me/", MeApi.as_view(), name="api-me"),
]
