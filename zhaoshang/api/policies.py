"""API for the policy library (POL-1 … POL-3): policies with their articles (searchable with
``q``, ranked as on the page), entering a policy through the same service as the form, the
county's incentive rules, a lookup of the incentives for a project's figures, and handbooks."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from zhaoshang.api.permissions import HoldsAction
from zhaoshang.api.serializers import CodeField
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import POLICY_MANAGE, POLICY_VIEW
from zhaoshang.policies import matching, search, selectors, services
from zhaoshang.policies.choices import PolicyLevel
from zhaoshang.policies.filtersets import PolicyFilterSet
from zhaoshang.policies.models import (
    Handbook,
    IncentiveCondition,
    IncentiveRule,
    Policy,
    PolicyArticle,
    PolicyCategory,
)
from zhaoshang.projects.choices import ProjectType
from zhaoshang.projects.models import Platform
from zhaoshang.reference.models import IndustryDivision, StrategicField

MONEY = {"max_digits": 14, "decimal_places": 2}


def _label(model, name):
    return model._meta.get_field(name).verbose_name


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyArticle
        fields = ["position", "chapter", "heading", "text", "is_key"]
        read_only_fields = fields


class PolicySerializer(serializers.ModelSerializer):
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, label=_label(Policy, "categories")
    )
    industries = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, label=_label(Policy, "industries")
    )
    strategic_fields = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, label=_label(Policy, "strategic_fields")
    )
    replaced_by = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True, label=_label(Policy, "replaced_by")
    )
    articles = ArticleSerializer(many=True, read_only=True, label=_("articles"))

    class Meta:
        model = Policy
        fields = [
            "public_id",
            "title",
            "level",
            "issuer",
            "doc_number",
            "issued_on",
            "effective_on",
            "expires_on",
            "status",
            "replaced_by",
            "categories",
            "industries",
            "strategic_fields",
            "regions",
            "source",
            "full_text",
            "articles",
        ]
        read_only_fields = fields


class PolicyWriteSerializer(serializers.Serializer):
    """Only the input's shape; the service checks the 文号, the dates and the text."""

    title = serializers.CharField(max_length=200, label=_label(Policy, "title"))
    level = serializers.ChoiceField(choices=PolicyLevel.choices, label=_label(Policy, "level"))
    issuer = serializers.CharField(max_length=100, label=_label(Policy, "issuer"))
    doc_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True, label=_label(Policy, "doc_number")
    )
    issued_on = serializers.DateField(label=_label(Policy, "issued_on"))
    effective_on = serializers.DateField(
        required=False, allow_null=True, label=_label(Policy, "effective_on")
    )
    expires_on = serializers.DateField(
        required=False, allow_null=True, label=_label(Policy, "expires_on")
    )
    categories = CodeField(
        slug_field="code",
        many=True,
        queryset=PolicyCategory.objects.all(),
        label=_label(Policy, "categories"),
    )
    industries = CodeField(
        slug_field="code",
        many=True,
        required=False,
        queryset=IndustryDivision.objects.all(),
        label=_label(Policy, "industries"),
    )
    strategic_fields = CodeField(
        slug_field="code",
        many=True,
        required=False,
        queryset=StrategicField.objects.all(),
        label=_label(Policy, "strategic_fields"),
    )
    regions = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_label(Policy, "regions")
    )
    source = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_label(Policy, "source")
    )
    full_text = serializers.CharField(label=_label(Policy, "full_text"))
    key_headings = serializers.ListField(
        child=serializers.CharField(max_length=30),
        required=False,
        label=_("key clauses"),
        help_text=_("Clauses printed in handbooks, e.g. 第三条."),
    )

    def validate(self, attrs):
        for name, value in attrs.items():
            if isinstance(value, str) and "\x00" in value:
                raise serializers.ValidationError({name: [_("Text may not contain NUL.")]})
        return attrs


class ConditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncentiveCondition
        fields = ["kind", "value"]
        read_only_fields = fields


class RuleSerializer(serializers.ModelSerializer):
    policy = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True, label=_label(IncentiveRule, "policy")
    )
    clause = serializers.CharField(
        source="article.heading", default="", read_only=True, label=_("clause cited")
    )
    conditions = ConditionSerializer(many=True, read_only=True, label=_("conditions"))

    class Meta:
        model = IncentiveRule
        fields = [
            "public_id",
            "name",
            "policy",
            "clause",
            "summary",
            "benefit_kind",
            "amount",
            "rate",
            "threshold",
            "cap",
            "years",
            "unit_price",
            "max_area",
            "is_active",
            "conditions",
        ]
        read_only_fields = fields


class FactsSerializer(serializers.Serializer):
    """A project's figures as an investor gives them; whatever is left out is unknown."""

    industry = CodeField(
        slug_field="code",
        queryset=IndustryDivision.objects.all(),
        required=False,
        label=_("industry"),
    )
    strategic_field = CodeField(
        slug_field="code",
        queryset=StrategicField.objects.all(),
        required=False,
        label=_("strategic emerging field"),
    )
    platform = CodeField(
        slug_field="code",
        queryset=Platform.objects.all(),
        required=False,
        label=_("carrier platform"),
    )
    project_type = serializers.ChoiceField(
        choices=ProjectType.choices, required=False, label=_("project type")
    )
    total_investment = serializers.DecimalField(
        min_value=0, required=False, label=_("total investment (10k yuan)"), **MONEY
    )
    funds_in_place = serializers.DecimalField(
        min_value=0, required=False, label=_("funds in place (10k yuan)"), **MONEY
    )
    land_area_mu = serializers.DecimalField(
        min_value=0, required=False, label=_("land need (mu)"), max_digits=10, decimal_places=2
    )
    employment = serializers.IntegerField(
        min_value=0, max_value=10_000_000, required=False, label=_("planned employment")
    )
    floor_area = serializers.DecimalField(
        min_value=0, required=False, label=_("floor area wanted (m²)"), **MONEY
    )
    annual_tax = serializers.DecimalField(
        min_value=0, required=False, label=_("expected annual taxes (10k yuan)"), **MONEY
    )


class MatchSerializer(serializers.Serializer):
    rule = serializers.UUIDField(source="rule.public_id", label=_("incentive rule"))
    name = serializers.CharField(source="rule.name", label=_("name"))
    outcome = serializers.CharField(label=_("outcome"))
    amount = serializers.DecimalField(
        source="estimate.amount", allow_null=True, label=_("estimated amount"), **MONEY
    )
    at_most = serializers.BooleanField(source="estimate.at_most", label=_("an upper bound"))
    working = serializers.CharField(source="estimate.working", label=_("working"))
    missing = serializers.CharField(label=_("not known yet"))
    policy = serializers.UUIDField(source="rule.policy.public_id", label=_("policy"))
    clause = serializers.CharField(source="rule.article.heading", default="", label=_("clause"))


class LookupSerializer(serializers.Serializer):
    total = serializers.DecimalField(label=_("sure to apply, in all"), **MONEY)
    matches = MatchSerializer(many=True, label=_("incentives"))


class HandbookSerializer(serializers.ModelSerializer):
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, label=_label(Handbook, "categories")
    )
    policies = serializers.SlugRelatedField(
        slug_field="public_id", many=True, read_only=True, label=_label(Handbook, "policies")
    )
    download = serializers.SerializerMethodField(label=_("download"))

    class Meta:
        model = Handbook
        fields = [
            "public_id",
            "title",
            "compiler",
            "compiled_at",
            "categories",
            "policies",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, edition) -> str:
        return reverse("policies:handbook_download", args=[edition.public_id])


@extend_schema_view(
    list=extend_schema(
        summary=_("List or search policies"),
        parameters=[
            OpenApiParameter(
                "q", str, description=_("Search words; results come ranked by relevance.")
            )
        ],
    ),
    retrieve=extend_schema(summary=_("Show a policy with its articles")),
    create=extend_schema(
        summary=_("Enter a policy"), request=PolicyWriteSerializer, responses=PolicySerializer
    ),
)
@extend_schema(tags=[Policy._meta.verbose_name_plural])
class PolicyViewSet(viewsets.ReadOnlyModelViewSet, viewsets.mixins.CreateModelMixin):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": POLICY_VIEW, "retrieve": POLICY_VIEW, "create": POLICY_MANAGE}
    serializer_class = PolicySerializer
    filterset_class = PolicyFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            selectors.policies(self.request.user)
            .select_related("replaced_by")
            .prefetch_related("categories", "industries", "strategic_fields", "articles")
            .order_by("-issued_on", "-pk")
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        queryset = super().filter_queryset(queryset).distinct()
        words = (self.request.query_params.get("q") or "").strip()
        if not words or "\x00" in words:
            return queryset
        ranked = [hit.policy_id for hit in search.search(queryset, words).hits]
        by_pk = {p.pk: p for p in queryset.filter(pk__in=ranked)}
        return [by_pk[pk] for pk in ranked if pk in by_pk]

    def create(self, request, *args, **kwargs):
        serializer = PolicyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        keys = data.pop("key_headings", None)
        policy = services.policy_create(actor=request.user, key_headings=keys, **data)
        url = reverse("api:policy-detail", kwargs={"public_id": policy.public_id}, request=request)
        shown = PolicySerializer(self.get_queryset().get(pk=policy.pk)).data
        return Response(shown, status=status.HTTP_201_CREATED, headers={"Location": url})


class RuleFilterSet(django_filters.FilterSet):
    policy = django_filters.UUIDFilter(field_name="policy__public_id", label=_("policy"))

    class Meta:
        model = IncentiveRule
        fields = ["policy", "benefit_kind", "is_active"]


@extend_schema_view(
    list=extend_schema(summary=_("List the county's incentive rules")),
    retrieve=extend_schema(summary=_("Show an incentive rule")),
    lookup=extend_schema(
        summary=_("Incentives for a project's figures"),
        description=_(
            "The rules that apply or may apply to the figures given, each with its estimated "
            "amount, its working and the clause it rests on. Figures left out are unknown."
        ),
        request=FactsSerializer,
        responses={200: LookupSerializer},
    ),
)
@extend_schema(tags=[IncentiveRule._meta.verbose_name_plural])
class IncentiveRuleViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": POLICY_VIEW, "retrieve": POLICY_VIEW, "lookup": POLICY_VIEW}
    serializer_class = RuleSerializer
    filterset_class = RuleFilterSet
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.rules(self.request.user).order_by("position", "name")

    @action(detail=False, methods=["post"])
    def lookup(self, request):
        serializer = FactsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        facts = matching.Facts.of_answers(**serializer.validated_data)
        found, total = selectors.incentives_for(request.user, facts)
        return Response(LookupSerializer({"total": total, "matches": found}).data)


@extend_schema_view(
    list=extend_schema(summary=_("List compiled handbooks")),
    retrieve=extend_schema(summary=_("Show a compiled handbook")),
)
@extend_schema(tags=[Handbook._meta.verbose_name_plural])
class HandbookViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": POLICY_VIEW, "retrieve": POLICY_VIEW}
    serializer_class = HandbookSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            restrict(self.request.user, POLICY_VIEW, Handbook)
            .prefetch_related("categories", "policies")
            .order_by("-compiled_at", "-pk")
        )


def register(router):
    router.register("policies/incentives", IncentiveRuleViewSet, basename="incentive-rule")
    router.register("policies/handbooks", HandbookViewSet, basename="handbook")
    router.register("policies", PolicyViewSet, basename="policy")
    return router
