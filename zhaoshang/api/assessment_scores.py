"""API for assessment methods, scores computed now, and published rankings (read only).

Scores come from the same computation as the pages; who may see what is the same too: live
scores of every unit need the view action over the whole county, a unit reads its own.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhaoshang.api.permissions import HoldsAction
from zhaoshang.assessment import services_scores as services
from zhaoshang.assessment.models import AssessmentYear, Method, Ranking
from zhaoshang.assessment.views_scores import county_wide, visible_codes, visible_result
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW


class MethodSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="year.year", read_only=True, label=_("Year"))
    created_by = serializers.CharField(
        source="created_by.get_full_name", read_only=True, label=_("Created by")
    )
    document = serializers.JSONField(read_only=True, label=_("Method"))

    class Meta:
        model = Method
        fields = [
            "year",
            "version",
            "name",
            "note",
            "digest",
            "created_at",
            "created_by",
            "document",
        ]
        read_only_fields = fields


class RankingSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="year.year", read_only=True, label=_("Year"))
    method_version = serializers.IntegerField(
        source="method.version", read_only=True, label=_("Method version")
    )
    intact = serializers.SerializerMethodField(label=_("Hash matches"))
    result = serializers.SerializerMethodField(label=_("Result"))

    class Meta:
        model = Ranking
        fields = [
            "public_id",
            "year",
            "title",
            "through_month",
            "method_version",
            "digest",
            "intact",
            "published_at",
            "result",
        ]
        read_only_fields = fields

    def get_intact(self, ranking) -> bool:
        return services.ranking_intact(ranking)

    def get_result(self, ranking) -> dict:
        return visible_result(self.context["request"].user, ranking.result)


class MethodViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every version of every year's assessment method, newest first; `?year=2025` narrows."""

    serializer_class = MethodSerializer
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": ASSESSMENT_VIEW}

    def get_queryset(self):
        qs = restrict(self.request.user, ASSESSMENT_VIEW, Method).select_related(
            "year", "created_by"
        )
        year = self.request.query_params.get("year")
        if year and year.isdigit():
            qs = qs.filter(year__year=int(year))
        return qs.order_by("-year__year", "-version")

    @extend_schema(parameters=[OpenApiParameter("year", int, description=_("Assessment year"))])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class RankingViewSet(viewsets.ReadOnlyModelViewSet):
    """Published rankings, frozen: inputs are not exposed, the result and its hash are."""

    serializer_class = RankingSerializer
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": ASSESSMENT_VIEW, "retrieve": ASSESSMENT_VIEW}
    lookup_field = "public_id"

    def get_queryset(self):
        return (
            restrict(self.request.user, ASSESSMENT_VIEW, Ranking)
            .select_related("year", "method")
            .order_by("-published_at")
        )


class ScoresViewSet(viewsets.GenericViewSet):
    """Scores computed now for a year (January to `month`), with every unit's indicators."""

    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"retrieve": ASSESSMENT_VIEW}
    lookup_field = "year"
    lookup_value_converter = "int"
    serializer_class = serializers.Serializer

    def get_queryset(self):
        return restrict(self.request.user, ASSESSMENT_VIEW, AssessmentYear)

    @extend_schema(
        parameters=[
            OpenApiParameter("month", int, description=_("January to this month (default 12)"))
        ],
        responses={200: dict},
    )
    def retrieve(self, request, year=None):
        year_obj = self.get_queryset().filter(year=year).first()
        if year_obj is None:
            raise Http404
        month = request.query_params.get("month", "12")
        month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else 12
        method = services.current_method(year_obj)
        if method is None:
            raise Http404
        result = services.run(year=year_obj, method=method, through_month=month)[2]
        wide = county_wide(request.user)
        if not wide:
            visible = visible_codes(request.user, list(result["units"]))
            if not visible:
                raise PermissionDenied
            result = {
                "groups": [],
                "units": {c: u for c, u in result["units"].items() if c in visible},
                "counted_projects": [],
            }
        return Response({"year": year_obj.year, "through_month": month, **result})


def register(router):
    router.register("assessment/methods", MethodViewSet, basename="assessment-method")
    router.register("assessment/rankings", RankingViewSet, basename="assessment-ranking")
    router.register("assessment/scores", ScoresViewSet, basename="assessment-score")
