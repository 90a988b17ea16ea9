"""/reports/dashboard/: included into the reports namespace by ``reports/urls.py``."""

from django.urls import path

from zhaoshang.reports import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard_page, name="dashboard"),
]
