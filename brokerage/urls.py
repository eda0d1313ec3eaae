from django.urls import path

from brokerage.views import papers

app_name = "brokerage"
urlpatterns = [
    path("<int:pk>/documents/<int:document_id>/", papers.order_document, name="order_document"),
]
