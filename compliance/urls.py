from django.urls import path

from compliance import views
from compliance.views import screening

app_name = "compliance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rules/", views.rule_list, name="rule_list"),
    path("builder/", views.rule_builder, name="rule_builder"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<str:code>/", views.rule_detail, name="rule_detail"),
    path("rules/<str:code>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<str:code>/end/", views.rule_end, name="rule_end"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("checks/<int:pk>/", views.check_detail, name="check_detail"),
    path("vehicles/<int:vehicle_id>/<str:destination>/", views.check_for_vehicle, name="vehicle_check"),
    path("screening/", screening.screening_hits, name="screening_hits"),
    path("screening/hits/<int:pk>/decide/", screening.screening_hit_decide, name="screening_hit_decide"),
    path("screening/buyers/<int:buyer_id>/", screening.party_history, name="party_history"),
    path("screening/lists/", screening.sanction_lists, name="sanction_lists"),
]
