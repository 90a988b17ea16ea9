"""/api/v1/ and its OpenAPI schema at /api/schema/ (login or token required, like the rest)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from zhaoshang.api import (
    assessment_dispatch,
    assessment_scores,
    assessment_tours,
    assessment_years,
    mechanisms,
    policies,
    targeting,
    views,
)

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("projects", views.ProjectViewSet, basename="project")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("units", views.UnitViewSet, basename="unit")
router.register("reference/industries", views.IndustryViewSet, basename="industry")
router.register("reference/regions", views.RegionViewSet, basename="region")
router.register("reference/region-groups", views.RegionGroupViewSet, basename="region-group")
router.register(
    "reference/strategic-fields", views.StrategicFieldViewSet, basename="strategic-field"
)
router.register("reference/stages", views.StageViewSet, basename="stage")
router.register("reference/drop-reasons", views.DropReasonViewSet, basename="drop-reason")
assessment_dispatch.register(router)
assessment_tours.register(router)
assessment_scores.register(router)
assessment_years.register(router)
mechanisms.register(router)
targeting.register(router)
policies.register(router)

transitions = views.ProjectTransitionViewSet.as_view({"get": "list", "post": "create"})

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/projects/<slug:project_code>/transitions/", transitions, name="project-transitions"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
