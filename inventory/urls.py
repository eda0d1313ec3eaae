from django.urls import path
from django.views.generic import TemplateView

app_name = "inventory"
_todo = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("catalog/", _todo, name="catalog"),
    path("mine/", _todo, name="my_stock"),
    path("new/", _todo, name="vehicle_create"),
    path("imports/", _todo, name="import_list"),
]
