from django.urls import path

from zhaoshang.core import audit_views, notification_views, views

urlpatterns = [
    path("", views.home_page, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.xlsx", audit_views.audit_export, name="audit_export"),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
]
