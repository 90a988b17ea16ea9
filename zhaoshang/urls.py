from django.urls import include, path

from zhaoshang.orgs import views as org_views

urlpatterns = [
    path("accounts/login/", org_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", org_views.logout_view, name="logout"),
    path("accounts/password/", org_views.password_change, name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("zhaoshang.orgs.urls")),
    path("reference/", include("zhaoshang.reference.urls")),
    path("projects/", include("zhaoshang.projects.urls")),
    path("assessment/", include("zhaoshang.assessment.urls")),
    path("reports/", include("zhaoshang.reports.urls")),
    path("mechanisms/", include("zhaoshang.mechanisms.urls")),
    path("targeting/", include("zhaoshang.targeting.urls")),
    path("policies/", include("zhaoshang.policies.urls")),
    path("api/", include("zhaoshang.api.urls")),
    path("", include("zhaoshang.core.urls")),
]
