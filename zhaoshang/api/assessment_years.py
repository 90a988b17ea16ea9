"""API for assessment years (with their groups and member units) and targets (ASM-1), read-only.

Years are county-wide; the members of a group and the targets are unit-scoped, so a unit's staff
read their own unit's. The bureau changes them on the pages or by the xlsx import.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from zhaoshang.api.permissions import HoldsAction
from zhaoshang.api.serializers import CodeNameSerializer
from zhaoshang.assessment.filtersets_years import TargetFilterSet
from zhaoshang.assessment.models import AssessmentYear, GroupMember, Target, UnitGroup
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW


def _label(model, name):
    return model._meta.get_field(name).verbose_name


class UnitGroupSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField(label=_("member units"))

    class Meta:
        model = UnitGroup
        fields = ["code", "name", "position", "members"]
        read_only_fields = fields

    @extend_schema_field(CodeNameSerializer(many=True))
    def get_members(self, group):
        return [{"code": m.unit.code, "name": m.unit.name} for m in group.visible_members]


class AssessmentYearSerializer(serializers.ModelSerializer):
    groups = UnitGroupSerializer(many=True, read_only=True, label=_("unit groups"))

    class Meta:
        model = AssessmentYear
        fields = ["year", "name", "status", "report_due_day", "groups"]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="year.year", label=_label(Target, "year"))
    unit = CodeNameSerializer(label=_label(Target, "unit"))

    class Meta:
        model = Target
        fields = ["year", "unit", "metric", "month", "value", "updated_at"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(summary=_("List assessment years with their groups")))
@extend_schema(tags=[_("assessment years")])
class AssessmentYearViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": ASSESSMENT_VIEW}
    serializer_class = AssessmentYearSerializer
    pagination_class = None

    def get_queryset(self):
        user = self.request.user
        members = (
            restrict(user, ASSESSMENT_VIEW, GroupMember)
            .select_related("unit")
            .order_by("unit__sort_key")
        )
        groups = UnitGroup.objects.order_by("position", "pk").prefetch_related(
            Prefetch("members", queryset=members, to_attr="visible_members")
        )
        return (
            restrict(user, ASSESSMENT_VIEW, AssessmentYear)
            .order_by("-year")
            .prefetch_related(Prefetch("groups", queryset=groups))
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("List targets"),
        description=_(
            "One row per unit, indicator and month: month 12 is the year's target, earlier "
            "months are milestones counted from January."
        ),
    )
)
@extend_schema(tags=[_("assessment years")])
class TargetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": ASSESSMENT_VIEW}
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet

    def get_queryset(self):
        return (
            restrict(self.request.user, ASSESSMENT_VIEW, Target)
            .select_related("year", "unit")
            .order_by("-year__year", "unit__sort_key", "metric", "month")
        )


def register(router):
    router.register("assessment/years", AssessmentYearViewSet, basename="assessment-year")
    router.register("assessment/targets", TargetViewSet, basename="assessment-target")
