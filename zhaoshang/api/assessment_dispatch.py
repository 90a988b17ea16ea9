"""/api/v1/assessment/reports/: monthly reports (ASM-2) read, started, saved and submitted
through the same services and permissions as the report page."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from zhaoshang.api.filters import CodeChoiceFilter
from zhaoshang.api.permissions import HoldsAction
from zhaoshang.api.serializers import CodeField, CodeNameSerializer
from zhaoshang.assessment import selectors_dispatch as selectors
from zhaoshang.assessment import services_dispatch as services
from zhaoshang.assessment.choices import ReportStatus
from zhaoshang.assessment.models import AssessmentYear, MonthlyReport, MonthlySnapshot
from zhaoshang.assessment.snapshots import may_file
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW
from zhaoshang.orgs.models import Unit

_REFUSED = {
    400: OpenApiResponse(description=_("Refused: the answer names what is wrong or missing.")),
    403: OpenApiResponse(description=_("The user's roles do not allow this.")),
    404: OpenApiResponse(description=_("No such object within the user's scope.")),
}
_CONFLICT = {409: OpenApiResponse(description=_("Someone else saved the report in the meantime."))}
_TAGS = [MonthlyReport._meta.verbose_name_plural]


def _label(model, name):
    return model._meta.get_field(name).verbose_name


class SnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonthlySnapshot
        fields = ["revision", "taken_at", "digest", "note", "figures"]
        read_only_fields = fields


class StalledReasonSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.code", label=_("project code"))
    name = serializers.CharField(source="project.name", label=_("project name"))
    reason = serializers.CharField(
        allow_blank=True, label=_("reason for no progress"), max_length=300
    )


class ReportSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="year.year", label=_label(MonthlyReport, "year"))
    unit = CodeNameSerializer(read_only=True, label=_label(MonthlyReport, "unit"))
    submitted_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, label=_label(MonthlyReport, "submitted_by")
    )
    snapshot = SnapshotSerializer(read_only=True, label=_("figures as filed"))
    stalled_reasons = StalledReasonSerializer(
        many=True, read_only=True, label=_("reasons for no progress")
    )

    class Meta:
        model = MonthlyReport
        fields = [
            "public_id",
            "year",
            "unit",
            "month",
            "due_date",
            "status",
            "is_late",
            "submitted_at",
            "submitted_by",
            "work_done",
            "problems",
            "next_plan",
            "snapshot",
            "stalled_reasons",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReportCreateSerializer(serializers.Serializer):
    """Start (or fetch) a unit's report for a month that has ended."""

    year = serializers.IntegerField(
        min_value=2000, max_value=2100, label=_label(MonthlyReport, "year")
    )
    unit = CodeField(
        slug_field="code",
        queryset=Unit.objects.none(),
        label=_label(MonthlyReport, "unit"),
        help_text=_("Given by its code."),
    )
    month = serializers.IntegerField(
        min_value=1, max_value=12, label=_label(MonthlyReport, "month")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The schema generator builds the serializer without a request.
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = restrict(request.user, ASSESSMENT_VIEW, Unit)

    def validate_year(self, value):
        user = self.context["request"].user
        year = restrict(user, ASSESSMENT_VIEW, AssessmentYear).filter(year=value).first()
        if year is None:
            raise serializers.ValidationError(
                gettext("There is no assessment year %(year)s.") % {"year": value}
            )
        return year


class ReasonWriteSerializer(serializers.Serializer):
    project = serializers.CharField(max_length=20, label=_("project code"))
    reason = serializers.CharField(
        allow_blank=True, max_length=300, label=_("reason for no progress")
    )


class ReportWriteSerializer(serializers.Serializer):
    """Save a draft. Fields left out keep their value; reasons are given per project code."""

    version = serializers.IntegerField(
        min_value=1,
        label=_label(MonthlyReport, "version"),
        help_text=_("The version last read; a stale one is refused with 409."),
    )
    work_done = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, label=_label(MonthlyReport, "work_done")
    )
    problems = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, label=_label(MonthlyReport, "problems")
    )
    next_plan = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, label=_label(MonthlyReport, "next_plan")
    )
    reasons = ReasonWriteSerializer(many=True, required=False, label=_("reasons for no progress"))


class ReportSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        label=_label(MonthlyReport, "version"),
        help_text=_("The version last read; a stale one is refused with 409."),
    )


class ReportFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="year__year", min_value=2000, max_value=2100, label=_("year")
    )
    unit = CodeChoiceFilter(queryset=Unit.objects.all(), to_field_name="code", label=_("unit"))
    month = django_filters.NumberFilter(min_value=1, max_value=12, label=_("month"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))

    class Meta:
        model = MonthlyReport
        fields = ["year", "unit", "month", "status"]


@extend_schema_view(
    list=extend_schema(summary=_("List monthly reports")),
    retrieve=extend_schema(summary=_("Show a monthly report")),
    create=extend_schema(
        summary=_("Start a monthly report"),
        description=_(
            "Creates the unit's draft for a month that has ended, with the month-end figures; "
            "if it exists already, returns it (200)."
        ),
        request=ReportCreateSerializer,
        responses={201: ReportSerializer, 200: ReportSerializer, **_REFUSED},
    ),
    update=extend_schema(
        summary=_("Save a draft monthly report"),
        request=ReportWriteSerializer,
        responses={200: ReportSerializer, **_REFUSED, **_CONFLICT},
    ),
    partial_update=extend_schema(
        summary=_("Save some fields of a draft monthly report"),
        request=ReportWriteSerializer,
        responses={200: ReportSerializer, **_REFUSED, **_CONFLICT},
    ),
    submit=extend_schema(
        summary=_("Submit a monthly report"),
        description=_(
            "Locks the report. Refused, naming what is missing, while the narrative or the "
            "reason of a project with no progress is empty, or when the month-end figures "
            "changed since the draft was last saved."
        ),
        request=ReportSubmitSerializer,
        responses={200: ReportSerializer, **_REFUSED, **_CONFLICT},
    ),
)
@extend_schema(tags=_TAGS)
class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated, HoldsAction]
    # The bureau may also enter a report on a unit's behalf; the services check the unit.
    required_actions = {
        "list": ASSESSMENT_VIEW,
        "retrieve": ASSESSMENT_VIEW,
        "create": ASSESSMENT_VIEW,
        "update": ASSESSMENT_VIEW,
        "partial_update": ASSESSMENT_VIEW,
        "submit": ASSESSMENT_VIEW,
    }
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.reports_for(self.request.user).order_by(
            "-year__year", "-month", "unit__sort_key", "pk"
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _shown(self, report, code=status.HTTP_200_OK, **kwargs):
        return Response(
            ReportSerializer(self.get_queryset().get(pk=report.pk)).data, status=code, **kwargs
        )

    def _editable(self):
        report = self.get_object()
        if not may_file(self.request.user, report.unit):
            raise PermissionDenied(gettext("You may not file reports for this unit."))
        return report

    def create(self, request, *args, **kwargs):
        serializer = ReportCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existed = MonthlyReport.objects.filter(
            year=data["year"], unit=data["unit"], month=data["month"]
        ).exists()
        report = services.report_open(
            actor=request.user, year=data["year"], unit=data["unit"], month=data["month"]
        )
        if existed:
            return self._shown(report)
        url = reverse("api:report-detail", kwargs={"public_id": report.public_id}, request=request)
        return self._shown(report, status.HTTP_201_CREATED, headers={"Location": url})

    def update(self, request, *args, partial=False, **kwargs):
        report = self._editable()
        # PUT and PATCH alike: every field but the version may be left out.
        serializer = ReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reasons = {r["project"]: r["reason"] for r in data.pop("reasons", [])}
        services.report_save(
            actor=request.user,
            report=report,
            expected_version=data.pop("version", None),
            reasons=reasons,
            **data,
        )
        return self._shown(report)

    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        report = self._editable()
        serializer = ReportSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.report_submit(
            actor=request.user, report=report, expected_version=serializer.validated_data["version"]
        )
        return self._shown(report)


def register(router):
    """Called by ``zhaoshang/api/urls.py`` on its router."""
    router.register("assessment/reports", ReportViewSet, basename="report")
