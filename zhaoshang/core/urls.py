from django.urls import path

from zhaoshang.core import audit_views, views

urlpatterns = [
    path("", views.home_page, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.xlsx", audit_views.audit_export, name="audit_export"),
]
