"""/assessment/: one URL module per part, so each stays small; all share one namespace."""

from django.urls import path

from zhaoshang.assessment import urls_dispatch, urls_scores, urls_tours, urls_years, views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    *urls_years.urlpatterns,
    *urls_dispatch.urlpatterns,
    *urls_tours.urlpatterns,
    *urls_scores.urlpatterns,
]
