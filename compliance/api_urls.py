from django.urls import path

from compliance.api import EvaluateApi, VehicleComplianceApi

urlpatterns = [
    path("compliance/evaluate/", EvaluateApi.as_view(), name="compliance-evaluate"),
    path("vehicles/<int:pk>/compliance/", VehicleComplianceApi.as_view(), name="vehicle-compliance"),
]
