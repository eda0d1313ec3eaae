from django.urls import path

from compliance.api import EvaluateApi, ScreenApi, VehicleComplianceApi

urlpatterns = [
    path("compliance/evaluate/", EvaluateApi.as_view(), name="compliance-evaluate"),
    path("compliance/screen/", ScreenApi.as_view(), name="compliance-screen"),
    path("vehicles/<int:pk>/compliance/", VehicleComplianceApi.as_view(), name="vehicle-compliance"),
]
