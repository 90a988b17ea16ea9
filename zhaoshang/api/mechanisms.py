"""/api/v1/ endpoints of the mechanisms app: reviews and opinions, approval procedures and
their steps, decision meetings, follow-up tasks and problem lists, through the same services
as the pages."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhaoshang.api.permissions import HoldsAction
from zhaoshang.api.serializers import CodeField, CodeNameSerializer
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import (
    MECHANISM_MANAGE,
    MECHANISM_VIEW,
    PROCEDURE_HANDLE,
    PROJECT_EDIT,
    PROJECT_VIEW,
    REVIEW_OPINE,
)
from zhaoshang.mechanisms import services_problems, services_procedures, services_review
from zhaoshang.mechanisms.choices import ProcedureStep, Verdict
from zhaoshang.mechanisms.filtersets import (
    ProblemFilterSet,
    ProcedureFilterSet,
    ReviewFilterSet,
    TaskFilterSet,
)
from zhaoshang.mechanisms.models import (
    AgendaItem,
    FollowUpTask,
    Meeting,
    Opinion,
    Problem,
    ProcedureEvent,
    ProjectProcedure,
    Review,
)
from zhaoshang.mechanisms.selectors import with_clock
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.models import Project


def _projects_of(serializer):
    """Projects named by code are looked up among those the requesting user may see."""
    request = serializer.context.get("request")
    if request is not None:
        serializer.fields["project"].queryset = restrict(request.user, PROJECT_VIEW, Project)


def _label(model, name):
    return model._meta.get_field(name).verbose_name


def _code_name(model, name, **kwargs):
    return CodeNameSerializer(label=_label(model, name), read_only=True, **kwargs)


class OpinionSerializer(serializers.ModelSerializer):
    department = _code_name(Opinion, "department")

    class Meta:
        model = Opinion
        fields = ["department", "verdict", "text", "given_on", "due_date"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    project = _code_name(Review, "project")
    opinions = OpinionSerializer(many=True, read_only=True, label=_("department opinions"))

    class Meta:
        model = Review
        fields = [
            "public_id",
            "project",
            "summary",
            "status",
            "submitted_on",
            "due_date",
            "decided_on",
            "decision_note",
            "opinions",
        ]
        read_only_fields = fields


class ReviewSubmitSerializer(serializers.Serializer):
    project = CodeField(
        slug_field="code", queryset=Project.objects.none(), label=_label(Review, "project")
    )
    summary = serializers.CharField(label=_label(Review, "summary"), max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _projects_of(self)


class OpinionWriteSerializer(serializers.Serializer):
    department = CodeField(
        slug_field="code",
        queryset=Unit.objects.all(),
        label=_label(Opinion, "department"),
        help_text=_("Code of your department."),
    )
    verdict = serializers.ChoiceField(
        choices=[(v.value, v.label) for v in Verdict if v != Verdict.PENDING],
        label=_label(Opinion, "verdict"),
    )
    text = serializers.CharField(
        label=_label(Opinion, "text"), required=False, allow_blank=True, max_length=5000
    )


_REFUSED = {
    400: OpenApiResponse(description=_("Refused: the answer names what is wrong or missing.")),
    403: OpenApiResponse(description=_("Not allowed for this user.")),
    404: OpenApiResponse(description=_("Not found.")),
}


@extend_schema_view(
    list=extend_schema(summary=_("List comprehensive reviews")),
    retrieve=extend_schema(summary=_("Show a comprehensive review")),
    create=extend_schema(
        summary=_("Submit a project to the leading group"),
        request=ReviewSubmitSerializer,
        responses={201: ReviewSerializer, **_REFUSED},
    ),
    opinion=extend_schema(
        summary=_("Give a department's opinion"),
        request=OpinionWriteSerializer,
        responses={200: ReviewSerializer, **_REFUSED},
    ),
)
@extend_schema(tags=[Review._meta.verbose_name_plural])
class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {
        "list": MECHANISM_VIEW,
        "retrieve": MECHANISM_VIEW,
        "create": MECHANISM_MANAGE,
        "opinion": REVIEW_OPINE,
    }
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            restrict(self.request.user, MECHANISM_VIEW, Review)
            .select_related("project")
            .prefetch_related("opinions__department")
            .order_by("-submitted_on", "-pk")
        )

    def create(self, request):
        serializer = ReviewSubmitSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        review = services_review.review_submit(actor=request.user, **serializer.validated_data)
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data, status=201)

    @action(detail=True, methods=["post"])
    def opinion(self, request, public_id=None):
        review = self.get_object()
        serializer = OpinionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        opinion = (
            restrict(request.user, REVIEW_OPINE, Opinion)
            .filter(review=review, department=data["department"])
            .first()
        )
        if opinion is None:
            raise exceptions.PermissionDenied(
                gettext("Your department gives no opinion on this review.")
            )
        services_review.opinion_give(
            actor=request.user, opinion=opinion, verdict=data["verdict"], text=data.get("text", "")
        )
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data)


class ProcedureEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureEvent
        fields = ["step", "on", "note"]
        read_only_fields = fields


class ProcedureSerializer(serializers.ModelSerializer):
    project = _code_name(ProjectProcedure, "project")
    department = _code_name(ProjectProcedure, "department")
    type = serializers.CharField(source="type.name", label=_label(ProjectProcedure, "type"))
    used = serializers.IntegerField(label=_("working days used"))
    remaining = serializers.IntegerField(
        label=_("working days left"),
        allow_null=True,
        help_text=_("Negative when overdue; null when the clock is not running."),
    )
    events = ProcedureEventSerializer(many=True, read_only=True, label=_("history"))

    class Meta:
        model = ProjectProcedure
        fields = [
            "public_id",
            "project",
            "type",
            "department",
            "mandatory",
            "time_limit_days",
            "status",
            "accepted_on",
            "due_date",
            "used",
            "remaining",
            "done_on",
            "document_number",
            "events",
        ]
        read_only_fields = fields


class StepWriteSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=ProcedureStep.choices, label=_("step"))
    on = serializers.DateField(label=_("date"), required=False)
    note = serializers.CharField(label=_("note"), required=False, allow_blank=True, max_length=300)
    document_number = serializers.CharField(
        label=_label(ProjectProcedure, "document_number"),
        required=False,
        allow_blank=True,
        max_length=60,
    )


@extend_schema_view(
    list=extend_schema(summary=_("List approval procedures")),
    retrieve=extend_schema(summary=_("Show an approval procedure")),
    steps=extend_schema(
        summary=_("Record a step on a procedure"),
        description=_(
            "accept (受理), return for more material (补正, stops the clock), resubmit (the clock "
            "runs again) or done (办结, with the document number)."
        ),
        request=StepWriteSerializer,
        responses={200: ProcedureSerializer, **_REFUSED},
    ),
)
@extend_schema(tags=[ProjectProcedure._meta.verbose_name_plural])
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {
        "list": MECHANISM_VIEW,
        "retrieve": MECHANISM_VIEW,
        "steps": PROCEDURE_HANDLE,
    }
    serializer_class = ProcedureSerializer
    filterset_class = ProcedureFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        needed = PROCEDURE_HANDLE if self.action == "steps" else MECHANISM_VIEW
        return (
            restrict(self.request.user, needed, ProjectProcedure)
            .select_related("project", "type", "department")
            .prefetch_related("events")
            .order_by("project__code", "position")
        )

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else None
        if instance is not None:
            with_clock(
                instance if isinstance(instance, list | tuple) else [instance], timezone.localdate()
            )
        return super().get_serializer(*args, **kwargs)

    @action(detail=True, methods=["post"])
    def steps(self, request, public_id=None):
        procedure = self.get_object()
        serializer = StepWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services_procedures.procedure_record(
            actor=request.user, procedure=procedure, **serializer.validated_data
        )
        fresh = self.get_queryset().get(pk=procedure.pk)
        return Response(self.get_serializer(fresh).data)


class TaskSerializer(serializers.ModelSerializer):
    owner_unit = _code_name(FollowUpTask, "owner_unit")
    owner = serializers.CharField(
        source="owner.username", label=_label(FollowUpTask, "owner"), allow_null=True
    )

    class Meta:
        model = FollowUpTask
        fields = [
            "public_id",
            "description",
            "owner_unit",
            "owner",
            "deadline",
            "status",
            "done_on",
            "result",
        ]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    project = _code_name(AgendaItem, "project")
    tasks = TaskSerializer(many=True, read_only=True, label=_("follow-up tasks"))

    class Meta:
        model = AgendaItem
        fields = ["public_id", "project", "topic", "proposal", "decision", "conditions", "tasks"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    chair = serializers.CharField(source="chair.username", label=_label(Meeting, "chair"))
    attendees = serializers.SlugRelatedField(
        slug_field="username", many=True, read_only=True, label=_label(Meeting, "attendees")
    )
    items = AgendaItemSerializer(many=True, read_only=True, label=_("agenda items"))

    class Meta:
        model = Meeting
        fields = [
            "public_id",
            "title",
            "number",
            "held_on",
            "place",
            "chair",
            "attendees",
            "others_present",
            "status",
            "items",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List decision meetings")),
    retrieve=extend_schema(summary=_("Show a decision meeting")),
)
@extend_schema(tags=[Meeting._meta.verbose_name_plural])
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": MECHANISM_VIEW, "retrieve": MECHANISM_VIEW}
    serializer_class = MeetingSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            restrict(self.request.user, MECHANISM_VIEW, Meeting)
            .select_related("chair")
            .prefetch_related(
                "attendees", "items__project", "items__tasks__owner_unit", "items__tasks__owner"
            )
            .order_by("-held_on", "-pk")
        )


@extend_schema_view(
    list=extend_schema(summary=_("List follow-up tasks")),
    retrieve=extend_schema(summary=_("Show a follow-up task")),
)
@extend_schema(tags=[FollowUpTask._meta.verbose_name_plural])
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": MECHANISM_VIEW, "retrieve": MECHANISM_VIEW}
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            restrict(self.request.user, MECHANISM_VIEW, FollowUpTask)
            .select_related("owner_unit", "owner")
            .order_by("deadline", "pk")
        )


class ProblemSerializer(serializers.ModelSerializer):
    project = _code_name(Problem, "project")
    owner_unit = _code_name(Problem, "owner_unit")

    class Meta:
        model = Problem
        fields = [
            "public_id",
            "project",
            "category",
            "description",
            "owner_unit",
            "deadline",
            "status",
            "resolution",
            "raised_on",
            "resolved_on",
        ]
        read_only_fields = fields


class ProblemWriteSerializer(serializers.ModelSerializer):
    project = CodeField(slug_field="code", queryset=Project.objects.none(), label=_("project"))
    owner_unit = CodeField(
        slug_field="code", queryset=Unit.objects.filter(is_active=True), label=_("owner unit")
    )

    class Meta:
        model = Problem
        fields = ["project", "category", "description", "owner_unit", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _projects_of(self)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(label=_label(Problem, "resolution"), max_length=300)


@extend_schema_view(
    list=extend_schema(summary=_("List problems")),
    retrieve=extend_schema(summary=_("Show a problem")),
    create=extend_schema(
        summary=_("Add a problem to a project's list"),
        request=ProblemWriteSerializer,
        responses={201: ProblemSerializer, **_REFUSED},
    ),
    resolve=extend_schema(
        summary=_("Mark a problem resolved"),
        request=ResolveSerializer,
        responses={200: ProblemSerializer, **_REFUSED},
    ),
)
@extend_schema(tags=[Problem._meta.verbose_name_plural])
class ProblemViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {
        "list": MECHANISM_VIEW,
        "retrieve": MECHANISM_VIEW,
        "create": PROJECT_EDIT,
        "resolve": MECHANISM_VIEW,
    }
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            restrict(self.request.user, MECHANISM_VIEW, Problem)
            .select_related("project", "owner_unit")
            .order_by("status", "deadline", "pk")
        )

    def create(self, request):
        serializer = ProblemWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        problem = services_problems.problem_save(
            actor=request.user, project=data.pop("project"), **data
        )
        return Response(ProblemSerializer(problem).data, status=201)

    @action(detail=True, methods=["post"])
    def resolve(self, request, public_id=None):
        problem = self.get_object()
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services_problems.problem_resolve(
            actor=request.user, problem=problem, **serializer.validated_data
        )
        return Response(ProblemSerializer(self.get_queryset().get(pk=problem.pk)).data)


def register(router):
    router.register("mechanisms/reviews", ReviewViewSet, basename="mechanisms-review")
    router.register("mechanisms/procedures", ProcedureViewSet, basename="mechanisms-procedure")
    router.register("mechanisms/meetings", MeetingViewSet, basename="mechanisms-meeting")
    router.register("mechanisms/tasks", TaskViewSet, basename="mechanisms-task")
    router.register("mechanisms/problems", ProblemViewSet, basename="mechanisms-problem")
    return router
