"""/api/v1/targeting/: investors (contacts masked), contacts (full numbers only on one
contact's own page, for those who may see them, and audited), trips with their visits, visits,
leads (reporting one goes through the same service as the page), industry chains with their
links' strength, platform sites and the published promotion catalogue."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhaoshang.api.permissions import HoldsAction
from zhaoshang.api.serializers import CodeField, CodeNameSerializer
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import INVESTOR_VIEW, LEAD_CREATE
from zhaoshang.orgs.models import Unit
from zhaoshang.reference.models import IndustryDivision, Region
from zhaoshang.targeting import selectors, services_investors, services_work
from zhaoshang.targeting.choices import CatalogueStatus, ReferrerKind
from zhaoshang.targeting.filtersets import (
    LeadFilterSet,
    SiteFilterSet,
    TripFilterSet,
    VisitFilterSet,
)
from zhaoshang.targeting.models import (
    CatalogueItem,
    Chain,
    ChainLink,
    Contact,
    Investor,
    Lead,
    Site,
    Trip,
    Visit,
)

_REFUSED = {
    400: OpenApiResponse(description=_("Refused: the answer names what is wrong or missing.")),
    403: OpenApiResponse(description=_("The user's roles do not allow this.")),
    404: OpenApiResponse(description=_("No such object within the user's scope.")),
}


def _label(model, name):
    return model._meta.get_field(name).verbose_name


def _tags(model):
    return [model._meta.verbose_name_plural]


class _UnitScoped(viewsets.GenericViewSet):
    """Read through ``restrict``: out of scope is 404, the action held nowhere is 403."""

    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": INVESTOR_VIEW, "retrieve": INVESTOR_VIEW}
    lookup_field = "public_id"
    lookup_value_converter = "uuid"
    model = None
    related = ()

    def get_queryset(self):
        return restrict(self.request.user, INVESTOR_VIEW, self.model).select_related(*self.related)


# Investors and contacts ---------------------------------------------------------------------


class MaskedContactSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(source="phone_masked", label=_label(Contact, "phone"))
    id_number = serializers.CharField(source="id_number_masked", label=_label(Contact, "id_number"))

    class Meta:
        model = Contact
        fields = ["public_id", "name", "title", "phone", "id_number"]
        read_only_fields = fields


class InvestorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="enterprise.name", label=_("name"))
    enterprise = serializers.UUIDField(source="enterprise.public_id", label=_("enterprise"))
    credit_code = serializers.CharField(
        source="enterprise.credit_code", allow_null=True, label=_("unified social credit code")
    )
    region = serializers.CharField(
        source="enterprise.region.code", allow_null=True, label=_("source region")
    )
    industry = serializers.CharField(
        source="enterprise.industry.code", allow_null=True, label=_("industry")
    )
    unit = CodeNameSerializer(label=_label(Investor, "unit"))
    contacts = MaskedContactSerializer(many=True, label=_("contacts"))

    class Meta:
        model = Investor
        fields = ["public_id", "name", "enterprise", "credit_code", "region", "industry"]
        fields += ["unit", "size", "tags", "contacts"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List investors")),
    retrieve=extend_schema(summary=_("Show an investor")),
)
@extend_schema(tags=_tags(Investor))
class InvestorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _UnitScoped):
    serializer_class = InvestorSerializer
    model = Investor
    related = ("enterprise", "enterprise__region", "enterprise__industry", "unit")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("contacts").order_by("pk")


class FullContactSerializer(serializers.ModelSerializer):
    investor = serializers.UUIDField(source="investor.public_id", label=_("investor"))

    class Meta:
        model = Contact
        fields = ["public_id", "investor", "name", "title", "phone", "id_number", "note"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List contacts (numbers masked)")),
    retrieve=extend_schema(
        summary=_("Show a contact with the full numbers"),
        description=_(
            "Needs the right to see personal data in the contact's unit; every answer is "
            "recorded in the audit log."
        ),
        responses={200: FullContactSerializer, **_REFUSED},
    ),
)
@extend_schema(tags=_tags(Contact))
class ContactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _UnitScoped):
    serializer_class = MaskedContactSerializer
    model = Contact
    related = ("investor",)

    def get_queryset(self):
        return super().get_queryset().order_by("pk")

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        services_investors.contact_reveal(actor=request.user, contact=contact)
        return Response(FullContactSerializer(contact).data)


# Trips, visits, leads -----------------------------------------------------------------------


class VisitSerializer(serializers.ModelSerializer):
    unit = CodeNameSerializer(label=_label(Visit, "unit"))
    investor = serializers.UUIDField(source="investor.public_id", label=_("investor"))
    investor_name = serializers.CharField(source="investor.enterprise.name", label=_("investor"))
    trip = serializers.UUIDField(source="trip.public_id", allow_null=True, label=_("trip"))

    class Meta:
        model = Visit
        fields = ["public_id", "unit", "kind", "trip", "investor", "investor_name", "date"]
        fields += ["place", "participants", "summary", "outcome", "follow_up", "follow_up_date"]
        read_only_fields = fields


class TripSerializer(serializers.ModelSerializer):
    unit = CodeNameSerializer(label=_label(Trip, "unit"))
    region = serializers.CharField(source="region.code", label=_label(Trip, "region"))
    members = serializers.SlugRelatedField(
        slug_field="username", many=True, read_only=True, label=_label(Trip, "members")
    )
    visits = VisitSerializer(many=True, label=_("visits"))

    class Meta:
        model = Trip
        fields = ["public_id", "unit", "title", "region", "city", "start_date", "end_date"]
        fields += ["members", "budget", "expenses", "purpose", "summary", "visits"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List outbound trips")),
    retrieve=extend_schema(summary=_("Show an outbound trip")),
)
@extend_schema(tags=_tags(Trip))
class TripViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _UnitScoped):
    serializer_class = TripSerializer
    filterset_class = TripFilterSet
    model = Trip
    related = ("unit", "region")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "members", "visits__unit", "visits__investor__enterprise", "visits__trip"
            )
            .order_by("-start_date", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary=_("List visits and negotiations")),
    retrieve=extend_schema(summary=_("Show a visit or negotiation")),
)
@extend_schema(tags=_tags(Visit))
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _UnitScoped):
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    model = Visit
    related = ("unit", "investor__enterprise", "trip")

    def get_queryset(self):
        return super().get_queryset().order_by("-date", "pk")


class LeadSerializer(serializers.ModelSerializer):
    unit = CodeNameSerializer(label=_label(Lead, "unit"))
    origin_region = serializers.CharField(source="origin_region.code", label=_("origin region"))
    industry = serializers.CharField(source="industry.code", label=_("industry"))
    link = serializers.CharField(source="link.code", allow_null=True, label=_("chain link"))
    project = serializers.CharField(source="project.code", allow_null=True, label=_("project"))
    reported_by = serializers.CharField(source="reported_by.username", label=_("reported by"))

    class Meta:
        model = Lead
        fields = ["public_id", "name", "investor_name", "unit", "status", "deadline"]
        fields += ["origin_region", "industry", "link", "total_investment", "referrer_kind"]
        fields += ["referrer_name", "reported_by", "reported_at", "project", "next_action"]
        fields += ["description"]
        read_only_fields = fields


class LeadWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, label=_label(Lead, "name"))
    investor_name = serializers.CharField(max_length=120, label=_label(Lead, "investor_name"))
    unit = CodeField(
        slug_field="code",
        queryset=Unit.objects.filter(is_active=True).exclude(kind="county"),
        label=_label(Lead, "unit"),
    )
    origin_region = CodeField(
        slug_field="code", queryset=Region.objects.all(), label=_label(Lead, "origin_region")
    )
    industry = CodeField(
        slug_field="code", queryset=IndustryDivision.objects.all(), label=_label(Lead, "industry")
    )
    total_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, label=_label(Lead, "total_investment")
    )
    referrer_kind = serializers.ChoiceField(
        choices=ReferrerKind.choices, required=False, label=_label(Lead, "referrer_kind")
    )
    referrer_name = serializers.CharField(
        max_length=120, required=False, allow_blank=True, label=_label(Lead, "referrer_name")
    )
    deadline = serializers.DateField(required=False, label=_label(Lead, "deadline"))
    next_action = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_label(Lead, "next_action")
    )
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, label=_label(Lead, "description")
    )


@extend_schema_view(
    list=extend_schema(summary=_("List leads")),
    retrieve=extend_schema(summary=_("Show a lead")),
    create=extend_schema(
        summary=_("Report a lead"),
        description=_("Any cadre may report a lead; the unit named follows it up."),
        request=LeadWriteSerializer,
        responses={201: LeadSerializer, **_REFUSED},
    ),
)
@extend_schema(tags=_tags(Lead))
class LeadViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _UnitScoped
):
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet
    model = Lead
    related = ("unit", "origin_region", "industry", "link", "project", "reported_by")
    required_actions = {**_UnitScoped.required_actions, "create": LEAD_CREATE}

    def get_queryset(self):
        return super().get_queryset().order_by("-reported_at", "pk")

    def create(self, request, *args, **kwargs):
        serializer = LeadWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = data.pop("unit")
        lead = services_work.lead_report(actor=request.user, unit=unit, **data)
        return Response(LeadSerializer(lead).data, status=status.HTTP_201_CREATED)


# County-wide: chains, sites, catalogue ------------------------------------------------------


class ChainLinkSerializer(serializers.ModelSerializer):
    local_count = serializers.IntegerField(label=_("local enterprises"))
    project_count = serializers.IntegerField(label=_("projects"))
    target_count = serializers.IntegerField(label=_("targets"))
    is_weak = serializers.BooleanField(label=_("weak link"))

    class Meta:
        model = ChainLink
        fields = ["code", "name", "segment", "weak_below", "local_count", "project_count"]
        fields += ["target_count", "is_weak"]
        read_only_fields = fields


class ChainSerializer(serializers.ModelSerializer):
    links = ChainLinkSerializer(many=True, source="link_rows", label=_("chain links"))

    class Meta:
        model = Chain
        fields = ["code", "name", "kind", "links"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List industry chains with their links' strength")),
)
@extend_schema(tags=_tags(Chain))
class ChainViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": INVESTOR_VIEW}
    serializer_class = ChainSerializer
    pagination_class = None

    def get_queryset(self):
        return Chain.objects.restrict(self.request.user, INVESTOR_VIEW)

    def list(self, request, *args, **kwargs):
        chains = selectors.chain_list(request.user)
        return Response(ChainSerializer(chains, many=True).data)


class SiteSerializer(serializers.ModelSerializer):
    platform = CodeNameSerializer(label=_label(Site, "platform"))
    project = serializers.CharField(source="project.code", allow_null=True, label=_("project"))

    class Meta:
        model = Site
        fields = ["code", "platform", "kind", "name", "area_mu", "floor_area_m2", "land_use"]
        fields += ["price", "utilities", "status", "project"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List parcels and buildings")),
    retrieve=extend_schema(summary=_("Show a parcel or building")),
)
@extend_schema(tags=_tags(Site))
class SiteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": INVESTOR_VIEW, "retrieve": INVESTOR_VIEW}
    serializer_class = SiteSerializer
    filterset_class = SiteFilterSet
    lookup_field = "code"
    lookup_value_converter = "slug"

    def get_queryset(self):
        return selectors.site_list(self.request.user).order_by("pk")


class CatalogueItemSerializer(serializers.ModelSerializer):
    link = serializers.CharField(source="link.code", label=_("chain link"))
    platform = serializers.CharField(source="platform.code", label=_("carrier platform"))
    site = serializers.CharField(source="site.code", allow_null=True, label=_("site"))
    contact_unit = CodeNameSerializer(label=_label(CatalogueItem, "contact_unit"))

    class Meta:
        model = CatalogueItem
        fields = ["public_id", "name", "link", "platform", "site", "investment", "content"]
        fields += ["market", "conditions", "incentives", "contact_unit"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List the published promotion catalogue")),
    retrieve=extend_schema(summary=_("Show a catalogue project")),
)
@extend_schema(tags=_tags(CatalogueItem))
class CatalogueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HoldsAction]
    required_actions = {"list": INVESTOR_VIEW, "retrieve": INVESTOR_VIEW}
    serializer_class = CatalogueItemSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return (
            selectors.catalogue_list(self.request.user)
            .filter(status=CatalogueStatus.PUBLISHED)
            .order_by("position", "pk")
        )


def register(router):
    router.register("targeting/investors", InvestorViewSet, basename="targeting-investor")
    router.register("targeting/contacts", ContactViewSet, basename="targeting-contact")
    router.register("targeting/trips", TripViewSet, basename="targeting-trip")
    router.register("targeting/visits", VisitViewSet, basename="targeting-visit")
    router.register("targeting/leads", LeadViewSet, basename="targeting-lead")
    router.register("targeting/chains", ChainViewSet, basename="targeting-chain")
    router.register("targeting/sites", SiteViewSet, basename="targeting-site")
    router.register("targeting/catalogue", CatalogueViewSet, basename="targeting-catalogue")
    return router
