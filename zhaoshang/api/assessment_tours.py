"""API for observation tours (ASM-3): tours with their criteria, judges and entries, results
once a tour is closed, and a judge's marks written through the same service as the phone page.
"""

import django_filters
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhaoshang.api.permissions import HoldsAction
from zhaoshang.api.serializers import CodeNameSerializer
from zhaoshang.assessment import services_tours as services
from zhaoshang.assessment.choices import TourMethod, TourStatus
from zhaoshang.assessment.models import Tour, TourCriterion, TourEntry, TourJudge, TourMark
from zhaoshang.assessment.tour_results import tour_results
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW, TOUR_SCORE

SCORE = {"max_digits": 7, "decimal_places": 2}


def _label(model, name):
    return model._meta.get_field(name).verbose_name


class TourCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TourCriterion
        fields = ["id", "name", "weight", "max_score", "position"]
        read_only_fields = fields


class TourJudgeSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", label=_("user name"))
    name = serializers.CharField(source="user.full_name", label=_("full name"))

    class Meta:
        model = TourJudge
        fields = ["user", "name", "weight"]
        read_only_fields = fields


class TourEntrySerializer(serializers.ModelSerializer):
    unit = CodeNameSerializer(label=_label(TourEntry, "unit"))
    project = CodeNameSerializer(label=_label(TourEntry, "project"), allow_null=True)

    class Meta:
        model = TourEntry
        fields = ["public_id", "unit", "project", "position"]
        read_only_fields = fields


class CriterionMarkSerializer(serializers.Serializer):
    criterion = serializers.CharField(label=_label(TourMark, "criterion"))
    mark = serializers.DecimalField(label=_label(TourMark, "score"), **SCORE)


class JudgeLineSerializer(serializers.Serializer):
    judge = serializers.CharField(label=_label(TourJudge, "user"))
    weight = serializers.DecimalField(label=_label(TourJudge, "weight"), **SCORE)
    marks = CriterionMarkSerializer(many=True, label=_("marks"))
    total = serializers.CharField(
        source="total_shown", label=_("judge's mark (out of 100)"), allow_blank=True
    )
    place = serializers.IntegerField(label=_label(TourMark, "place"), allow_null=True)
    left_out = serializers.CharField(
        source="dropped", label=_("left out (highest or lowest)"), allow_blank=True
    )
    working = serializers.CharField(source="formula", label=_("working"), allow_blank=True)


class EntryResultSerializer(serializers.Serializer):
    entry = serializers.UUIDField(source="public_id", label=_("entry"))
    result = serializers.DecimalField(source="value", label=_("result"), allow_null=True, **SCORE)
    place = serializers.IntegerField(label=_label(TourMark, "place"), allow_null=True)
    working = serializers.CharField(source="formula", label=_("working"), allow_blank=True)
    judges = JudgeLineSerializer(many=True, label=_("judges"))


class UnitResultSerializer(serializers.Serializer):
    unit = serializers.CharField(label=_("unit"))
    result = serializers.DecimalField(source="value", label=_("result"), allow_null=True, **SCORE)
    working = serializers.CharField(source="formula", label=_("working"), allow_blank=True)


class TourResultSerializer(serializers.Serializer):
    units = UnitResultSerializer(many=True, label=_("units"))
    entries = EntryResultSerializer(many=True, label=_("entries"))


class TourSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="year.year", label=_label(Tour, "year"))
    criteria = TourCriterionSerializer(many=True, label=_("criteria"))
    judges = TourJudgeSerializer(many=True, label=_("judges"))
    entries = TourEntrySerializer(many=True, label=_("entries"))
    results = serializers.SerializerMethodField(label=_("results"))

    class Meta:
        model = Tour
        fields = [
            "public_id",
            "year",
            "quarter",
            "name",
            "held_on",
            "method",
            "mode",
            "place_first",
            "place_step",
            "status",
            "closed_at",
            "criteria",
            "judges",
            "entries",
            "results",
        ]
        read_only_fields = fields

    @extend_schema_field(TourResultSerializer(allow_null=True))
    def get_results(self, tour):
        """Published once the tour is closed; null before."""
        result = self.context.get("results", {}).get(tour.pk)
        return TourResultSerializer(result).data if result is not None else None


class MarkScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(
        label=_label(TourMark, "criterion"), help_text=_("The criterion's id in the tour.")
    )
    score = serializers.DecimalField(label=_label(TourMark, "score"), **SCORE)


class MarkWriteSerializer(serializers.Serializer):
    entry = serializers.UUIDField(label=_("entry"), help_text=_("The entry's public id."))
    scores = MarkScoreSerializer(
        many=True,
        required=False,
        label=_("marks"),
        help_text=_("One mark per criterion, from 0 to its maximum (tours marked by criteria)."),
    )
    place = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=999,
        label=_label(TourMark, "place"),
        help_text=_("The entry's place (tours that vote for places); each place once."),
    )


class MarkResultSerializer(serializers.Serializer):
    entry = serializers.UUIDField(label=_("entry"))
    changed = serializers.BooleanField(
        label=_("changed"), help_text=_("False when the same marks were saved again.")
    )
    scores = MarkScoreSerializer(many=True, label=_("marks"))
    place = serializers.IntegerField(label=_label(TourMark, "place"), allow_null=True)


class TourFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year__year", label=_label(Tour, "year"))
    quarter = django_filters.TypedChoiceFilter(
        choices=Tour._meta.get_field("quarter").choices, coerce=int, label=_("quarter")
    )
    status = django_filters.ChoiceFilter(choices=TourStatus.choices, label=_("status"))

    class Meta:
        model = Tour
        fields = ["year", "quarter", "status"]


_REFUSED = {
    400: OpenApiResponse(description=_("Refused: the answer names what is wrong or missing.")),
    403: OpenApiResponse(description=_("Not a judge on this tour.")),
    404: OpenApiResponse(description=_("No such tour.")),
}


@extend_schema_view(
    list=extend_schema(summary=_("List observation tours")),
    retrieve=extend_schema(summary=_("Show an observation tour")),
    marks=extend_schema(
        summary=_("Save a judge's marks for one entry"),
        description=_(
            "The same step as the phone form: the user must be a judge on the tour and scoring "
            "must be open. Saving the same marks again changes nothing."
        ),
        request=MarkWriteSerializer,
        responses={200: MarkResultSerializer, **_REFUSED},
    ),
)
@extend_schema(tags=[Tour._meta.verbose_name_plural])
class TourViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": ASSESSMENT_VIEW, "retrieve": ASSESSMENT_VIEW, "marks": TOUR_SCORE}
    serializer_class = TourSerializer
    filterset_class = TourFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        needed = TOUR_SCORE if self.action == "marks" else ASSESSMENT_VIEW
        return (
            restrict(self.request.user, needed, Tour)
            .select_related("year")
            .prefetch_related(
                "criteria",
                "judges__user",
                "entries__unit",
                "entries__project",
            )
            .order_by("-year__year", "-quarter")
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else None
        if instance is not None:
            tours = instance if isinstance(instance, list | tuple) else [instance]
            closed = [t for t in tours if t.status == TourStatus.CLOSED]
            kwargs["context"] = {**self.get_serializer_context(), "results": tour_results(closed)}
        return super().get_serializer(*args, **kwargs)

    @action(detail=True, methods=["post"])
    def marks(self, request, public_id=None):
        tour = self.get_object()
        serializer = MarkWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = tour.entries.filter(public_id=data["entry"]).first()
        if entry is None:
            raise exceptions.ValidationError({"entry": [gettext("No such entry on this tour.")]})
        votes = tour.method == TourMethod.PLACE_VOTES
        changed = services.tour_mark_save(
            actor=request.user,
            entry=entry,
            scores=None
            if votes
            else {row["criterion"]: row["score"] for row in data.get("scores", [])},
            place=data.get("place") if votes else None,
        )
        saved = TourMark.objects.filter(entry=entry, judge__user=request.user)
        return Response(
            MarkResultSerializer(
                {
                    "entry": entry.public_id,
                    "changed": changed,
                    "scores": [
                        {"criterion": m.criterion_id, "score": m.score}
                        for m in saved
                        if m.criterion_id
                    ],
                    "place": next((m.place for m in saved if m.criterion_id is None), None),
                }
            ).data
        )


def register(router):
    router.register("assessment/tours", TourViewSet, basename="assessment-tour")
