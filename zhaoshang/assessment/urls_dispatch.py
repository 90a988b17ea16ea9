"""Monthly dispatch under /assessment/ (names in the ``assessment:`` namespace)."""

from django.urls import path

from zhaoshang.assessment import views_dispatch as views

REPORT = "<int:year>/dispatch/<slug:unit>/<int:month>/"

urlpatterns = [
    path("dispatch/", views.dispatch_home, name="dispatch"),
    path("<int:year>/dispatch/", views.overview, name="dispatch_overview"),
    path("<int:year>/dispatch/export.xlsx", views.overview_export, name="dispatch_export"),
    path("<int:year>/dispatch/remind/", views.remind, name="dispatch_remind"),
    path(REPORT, views.report_page, name="report"),
    path(REPORT + "recheck/", views.report_recheck, name="report_recheck"),
]
