from django.urls import path

from accounts.api import MeApi, TokenApi, TokenDetailApi, TokenListApi

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api-token"),
    path("auth/tokens/", TokenListApi.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token_id>/", TokenDetailApi.as_view(), name="api-token-detail"),
    path("auth/me/", MeApi.as_view(), name="api-me"),
]
