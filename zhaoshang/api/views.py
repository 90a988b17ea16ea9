"""API views. Reads start from the same selectors as the pages (``restrict``), writes go through
the same services; a refusal carries the service's own message (see ``exceptions``)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from zhaoshang.api import schema as _schema_extensions  # noqa: F401  (registers them)
from zhaoshang.api import serializers as s
from zhaoshang.api.filters import ProjectApiFilterSet
from zhaoshang.api.permissions import HoldsAction, ReadsReference
from zhaoshang.core.permissions import can, get_scoped_or_404, restrict
from zhaoshang.core.roles import (
    PROJECT_ADVANCE,
    PROJECT_CREATE,
    PROJECT_EDIT,
    PROJECT_VIEW,
    UNIT_VIEW,
)
from zhaoshang.orgs.models import Unit
from zhaoshang.projects import selectors, services
from zhaoshang.projects.models import (
    DropReason,
    Enterprise,
    Project,
    Stage,
    StageRequirement,
    Transition,
)
from zhaoshang.reference import selectors as reference_selectors
from zhaoshang.reference.models import IndustryDivision, Region, RegionGroup, StrategicField

_REFUSED = {
    400: OpenApiResponse(description=_("Refused: the answer names what is wrong or missing.")),
    403: OpenApiResponse(description=_("The user's roles do not allow this.")),
    404: OpenApiResponse(description=_("No such object within the user's scope.")),
}
_CONFLICT = {409: OpenApiResponse(description=_("Someone else saved the project in the meantime."))}


# Yes/no filters take "1" or "0"; described by hand because the model's boolean fields would
# make the schema promise true/false.
_YES_NO = [
    OpenApiParameter(
        name, str, enum=["1", "0"], description=ProjectApiFilterSet.base_filters[name].label
    )
    for name in ("is_major", "stalled", "suspected_repeat", "verified", "strategic")
]


def _tags(model):
    return [model._meta.verbose_name_plural]


# Projects -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("List projects"), parameters=_YES_NO),
    retrieve=extend_schema(summary=_("Show a project")),
    create=extend_schema(
        summary=_("Register a project"),
        description=_(
            "The project starts in the first stage with the next free code; sector and major "
            "flag are derived, as on the page."
        ),
        request=s.ProjectWriteSerializer,
        responses={201: s.ProjectSerializer, **_REFUSED},
    ),
    update=extend_schema(
        summary=_("Change a project"),
        request=s.ProjectWriteSerializer,
        responses={200: s.ProjectSerializer, **_REFUSED, **_CONFLICT},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of a project"),
        request=s.ProjectWriteSerializer,
        responses={200: s.ProjectSerializer, **_REFUSED, **_CONFLICT},
    ),
)
@extend_schema(tags=_tags(Project))
class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {
        "list": PROJECT_VIEW,
        "retrieve": PROJECT_VIEW,
        "create": PROJECT_CREATE,
        "update": PROJECT_EDIT,
        "partial_update": PROJECT_EDIT,
    }
    serializer_class = s.ProjectSerializer
    filterset_class = ProjectApiFilterSet
    lookup_field = "code"
    lookup_value_converter = "slug"

    def get_queryset(self):
        # Fetched apart, not joined: each further join adds several milliseconds of planning
        # on PostgreSQL, and all of them together cost more than the extra queries.
        return selectors.project_list(self.request.user).prefetch_related(
            "enterprise",
            "resume_stage",
            "drop_reason",
            "team_leader",
            "team_unit",
            "team_manager",
            "team_assistant",
        )

    def filter_queryset(self, queryset):
        # The list's filters narrow the list only; a project is addressed by its code alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _shown(self, project):
        return s.ProjectSerializer(self.get_queryset().get(pk=project.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = s.ProjectWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        unit = fields.pop("unit")
        project = services.project_create(actor=request.user, unit=unit, **fields)
        url = reverse("api:project-detail", kwargs={"code": project.code}, request=request)
        return Response(
            self._shown(project), status=status.HTTP_201_CREATED, headers={"Location": url}
        )

    def update(self, request, *args, partial=False, **kwargs):
        project = self.get_object()
        if not can(request.user, PROJECT_EDIT, project):
            raise PermissionDenied(gettext("You may not change this project."))
        serializer = s.ProjectWriteSerializer(
            project, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        services.project_update(
            actor=request.user, project=project, expected_version=version, **fields
        )
        return Response(self._shown(project))


@extend_schema_view(
    list=extend_schema(summary=_("List a project's stage transitions")),
    create=extend_schema(
        summary=_("Move a project to another stage"),
        description=_(
            "The same step as the buttons on the project page: no stage can be skipped, each "
            "stage's requirements must be met, pausing needs a reason and a resume date, "
            "dropping a reason from the list. A refusal names what is missing and changes "
            "nothing."
        ),
        request=s.TransitionCreateSerializer,
        responses={201: s.TransitionSerializer, **_REFUSED, **_CONFLICT},
    ),
)
@extend_schema(
    tags=_tags(Project),
    parameters=[
        OpenApiParameter("project_code", str, OpenApiParameter.PATH, description=_("project code"))
    ],
)
class ProjectTransitionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": PROJECT_VIEW, "create": PROJECT_ADVANCE}
    serializer_class = s.TransitionSerializer
    queryset = Transition.objects.none()

    def get_project(self):
        return get_scoped_or_404(
            self.request.user, PROJECT_VIEW, Project, code=self.kwargs["project_code"]
        )

    def get_queryset(self):
        return (
            Transition.objects.filter(project=self.get_project())
            .select_related("from_stage", "to_stage", "actor")
            .order_by("-at", "-pk")
        )

    def create(self, request, *args, **kwargs):
        project = self.get_project()
        if not can(request.user, PROJECT_ADVANCE, project):
            raise PermissionDenied(gettext("You may not move this project."))
        serializer = s.TransitionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        transition = services.project_advance_stage(
            actor=request.user,
            project=project,
            to_stage=data["to_stage"],
            note=data.get("note") or "",
            reason=data.get("reason") or "",
            resume_date=data.get("resume_date"),
            drop_reason=data.get("drop_reason"),
            expected_version=data.get("version"),
        )
        return Response(s.TransitionSerializer(transition).data, status=status.HTTP_201_CREATED)


# Enterprises ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("List enterprises")),
    retrieve=extend_schema(summary=_("Show an enterprise")),
    create=extend_schema(
        summary=_("Register an enterprise"),
        request=s.EnterpriseWriteSerializer,
        responses={201: s.EnterpriseSerializer, **_REFUSED},
    ),
    update=extend_schema(
        summary=_("Change an enterprise"),
        request=s.EnterpriseWriteSerializer,
        responses={200: s.EnterpriseSerializer, **_REFUSED},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an enterprise"),
        request=s.EnterpriseWriteSerializer,
        responses={200: s.EnterpriseSerializer, **_REFUSED},
    ),
)
@extend_schema(tags=_tags(Enterprise))
class EnterpriseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Investors are county-wide, not unit-scoped: whoever sees projects sees them."""

    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {
        "list": PROJECT_VIEW,
        "retrieve": PROJECT_VIEW,
        "create": PROJECT_EDIT,
        "update": PROJECT_EDIT,
        "partial_update": PROJECT_EDIT,
    }
    queryset = Enterprise.objects.select_related("region", "industry")
    serializer_class = s.EnterpriseSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def create(self, request, *args, **kwargs):
        serializer = s.EnterpriseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enterprise = services.enterprise_save(actor=request.user, **serializer.validated_data)
        url = reverse(
            "api:enterprise-detail", kwargs={"public_id": enterprise.public_id}, request=request
        )
        return Response(
            self.get_serializer(enterprise).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": url},
        )

    def update(self, request, *args, partial=False, **kwargs):
        enterprise = self.get_object()
        serializer = s.EnterpriseWriteSerializer(enterprise, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        # The service sets every field it is given (an absent credit code means none), so a
        # partial change starts from what is stored.
        fields = {name: getattr(enterprise, name) for name in services.ENTERPRISE_FIELDS}
        fields.update(serializer.validated_data)
        saved = services.enterprise_save(actor=request.user, enterprise=enterprise, **fields)
        return Response(self.get_serializer(self.get_queryset().get(pk=saved.pk)).data)


# Units and reference data ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("List units")),
    retrieve=extend_schema(summary=_("Show a unit")),
)
@extend_schema(tags=_tags(Unit))
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": UNIT_VIEW, "retrieve": UNIT_VIEW}
    serializer_class = s.UnitSerializer
    lookup_field = "code"
    lookup_value_converter = "slug"

    def get_queryset(self):
        return restrict(self.request.user, UNIT_VIEW, Unit).select_related("parent")


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """County-wide reference rows, read-only here (the bureau maintains them on its pages)."""

    permission_classes = [IsAuthenticated, ReadsReference]
    lookup_field = "code"
    lookup_value_converter = "slug"


def _reference_schema(model):
    def decorate(view):
        view = extend_schema_view(
            list=extend_schema(summary=model._meta.verbose_name_plural),
            retrieve=extend_schema(summary=model._meta.verbose_name),
        )(view)
        return extend_schema(tags=[_("Reference data")])(view)

    return decorate


@_reference_schema(IndustryDivision)
class IndustryViewSet(ReferenceViewSet):
    serializer_class = s.IndustryDivisionSerializer

    def get_queryset(self):
        return reference_selectors.division_list()


@_reference_schema(Region)
class RegionViewSet(ReferenceViewSet):
    serializer_class = s.RegionSerializer

    def get_queryset(self):
        return reference_selectors.region_list()


@_reference_schema(RegionGroup)
class RegionGroupViewSet(ReferenceViewSet):
    serializer_class = s.RegionGroupSerializer

    def get_queryset(self):
        return reference_selectors.region_group_list()


@_reference_schema(StrategicField)
class StrategicFieldViewSet(ReferenceViewSet):
    serializer_class = s.StrategicFieldSerializer

    def get_queryset(self):
        return reference_selectors.strategic_field_list()


@_reference_schema(Stage)
class StageViewSet(ReferenceViewSet):
    serializer_class = s.StageSerializer

    def get_queryset(self):
        return Stage.objects.prefetch_related(
            Prefetch("requirements", queryset=StageRequirement.objects.order_by("position"))
        )


@_reference_schema(DropReason)
class DropReasonViewSet(ReferenceViewSet):
    serializer_class = s.DropReasonSerializer

    def get_queryset(self):
        return DropReason.objects.all()
