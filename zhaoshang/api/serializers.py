"""What the API shows and accepts.

Reads nest a short summary of each related row (its code and name); writes name related rows by
their public codes, user names or public ids, never by database ids. Labels come from the
models' verbose names, so the OpenAPI schema reads in Chinese like the pages. The serializers
only check the shape of the input: saving is the services' work, through the views.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import COUNTY_LEADER, PROJECT_CREATE, PROJECT_EDIT, UNIT_VIEW, USER_VIEW
from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects import requirements
from zhaoshang.projects.identity import clean_credit_code
from zhaoshang.projects.models import (
    DropReason,
    Enterprise,
    Platform,
    Project,
    Stage,
    Transition,
)
from zhaoshang.projects.services import INPUT_FIELDS
from zhaoshang.reference.models import (
    IndustryDivision,
    Region,
    RegionGroup,
    StrategicField,
)

BY_CODE = _("Given by its code.")
BY_USERNAME = _("Given by the user name.")
BY_PUBLIC_ID = _("Given by its public id.")


def _label(model, name):
    return model._meta.get_field(name).verbose_name


class CodeField(serializers.SlugRelatedField):
    """A related row named by its code (or user name, or public id). No code contains a NUL
    character, and PostgreSQL refuses one even in a lookup, so it is refused here."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class CodeNameSerializer(serializers.Serializer):
    """A related row in short: its code and its name."""

    code = serializers.CharField(label=_("code"))
    name = serializers.CharField(label=_("name"))


def _summary(model, name, **kwargs):
    return CodeNameSerializer(read_only=True, label=_label(model, name), **kwargs)


def _by_code(model, name, queryset, **kwargs):
    return CodeField(
        slug_field="code",
        queryset=queryset,
        label=_label(model, name),
        help_text=BY_CODE,
        **kwargs,
    )


def _optional(**kwargs):
    return {"required": False, "allow_null": True, **kwargs}


class EnterpriseSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["public_id", "name", "credit_code"]


# Projects -------------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseSummarySerializer(
        read_only=True, allow_null=True, label=_label(Project, "enterprise")
    )
    unit = _summary(Project, "unit")
    stage = _summary(Project, "stage")
    industry = _summary(Project, "industry")
    sector_name = serializers.CharField(source="get_sector_display", label=_("Sector"))
    origin_region = _summary(Project, "origin_region")
    strategic_field = _summary(Project, "strategic_field", allow_null=True)
    platform = _summary(Project, "platform", allow_null=True)
    resume_stage = _summary(Project, "resume_stage", allow_null=True)
    drop_reason = _summary(Project, "drop_reason", allow_null=True)
    team_leader = serializers.SlugRelatedField(
        slug_field="username", read_only=True, label=_label(Project, "team_leader")
    )
    team_unit = _summary(Project, "team_unit", allow_null=True)
    team_manager = serializers.SlugRelatedField(
        slug_field="username", read_only=True, label=_label(Project, "team_manager")
    )
    team_assistant = serializers.SlugRelatedField(
        slug_field="username", read_only=True, label=_label(Project, "team_assistant")
    )
    stalled = serializers.BooleanField(read_only=True, label=_("Stalled"))

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "investor_name",
            "enterprise",
            "unit",
            "stage",
            "stage_entered_at",
            "stage_deadline",
            "stalled",
            "resume_stage",
            "resume_date",
            "pause_reason",
            "drop_reason",
            "origin_region",
            "industry",
            "sector",
            "sector_name",
            "strategic_field",
            "total_investment",
            "funds_in_place",
            "foreign_funds_usd",
            "is_major",
            "funding_source",
            "project_type",
            "platform",
            "site",
            "land_area_mu",
            "land_secured",
            "next_action",
            "next_action_date",
            "signing_date",
            "signed_amount",
            "start_date",
            "production_date",
            "team_leader",
            "team_unit",
            "team_manager",
            "team_assistant",
            "is_lead",
            "verified_at",
            "suspected_repeat",
            "description",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


# The fields a client may write: the same as the page's form.
PROJECT_WRITE_FIELDS = list(INPUT_FIELDS)


def _person(name, **kwargs):
    return CodeField(
        slug_field="username",
        queryset=User.objects.none(),
        label=_label(Project, name),
        help_text=BY_USERNAME,
        **_optional(**kwargs),
    )


class ProjectWriteSerializer(serializers.ModelSerializer):
    """Create (POST) and change (PUT/PATCH) a project. Choices are cut to what the user may
    see, as in the page's form; the services check everything again."""

    enterprise = CodeField(
        slug_field="public_id",
        queryset=Enterprise.objects.all(),
        label=_label(Project, "enterprise"),
        help_text=BY_PUBLIC_ID,
        **_optional(),
    )
    unit = _by_code(Project, "unit", Unit.objects.none())
    origin_region = _by_code(Project, "origin_region", Region.objects.all())
    industry = _by_code(Project, "industry", IndustryDivision.objects.all())
    strategic_field = _by_code(
        Project, "strategic_field", StrategicField.objects.all(), **_optional()
    )
    platform = _by_code(Project, "platform", Platform.objects.all(), **_optional())
    team_leader = _person("team_leader")
    team_unit = _by_code(Project, "team_unit", Unit.objects.none(), **_optional())
    team_manager = _person("team_manager")
    team_assistant = _person("team_assistant")
    version = serializers.IntegerField(
        label=_label(Project, "version"),
        help_text=_(
            "The version last read. Required to change a project: if someone saved it in the "
            "meantime, the change is refused with 409."
        ),
        required=False,
        min_value=1,
    )

    class Meta:
        model = Project
        fields = [*PROJECT_WRITE_FIELDS, "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        action = PROJECT_CREATE if self.instance is None else PROJECT_EDIT
        self.fields["unit"].queryset = restrict(user, action, Unit).filter(is_active=True)
        self.fields["team_unit"].queryset = restrict(user, UNIT_VIEW, Unit).filter(is_active=True)
        self.fields["team_leader"].queryset = User.objects.filter(
            is_active=True, memberships__role=COUNTY_LEADER
        ).distinct()
        people = restrict(user, USER_VIEW, User).filter(is_active=True)
        self.fields["team_manager"].queryset = people
        self.fields["team_assistant"].queryset = people

    def validate(self, attrs):
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": [_("Send the version you last read, so that no change is lost.")]}
            )
        return attrs


# Stage transitions ----------------------------------------------------------------------------


class TransitionSerializer(serializers.ModelSerializer):
    from_stage = _summary(Transition, "from_stage", allow_null=True)
    to_stage = _summary(Transition, "to_stage")
    actor = serializers.SlugRelatedField(
        slug_field="username", read_only=True, label=_label(Transition, "actor")
    )

    class Meta:
        model = Transition
        fields = ["from_stage", "to_stage", "actor", "at", "days_in_previous", "note", "reason"]
        read_only_fields = fields


class TransitionCreateSerializer(serializers.Serializer):
    """A step through the pipeline, as the detail page's buttons send it."""

    to_stage = CodeField(
        slug_field="code", queryset=Stage.objects.all(), label=_("To stage"), help_text=BY_CODE
    )
    note = serializers.CharField(label=_("Note"), max_length=500, required=False, allow_blank=True)
    reason = serializers.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("Needed to pause a project."),
    )
    resume_date = serializers.DateField(
        label=_("Resume date"), help_text=_("Needed to pause a project."), **_optional()
    )
    drop_reason = CodeField(
        slug_field="code",
        queryset=DropReason.objects.filter(is_active=True),
        label=_("Drop reason"),
        help_text=_("Needed to drop a project. Given by its code."),
        **_optional(),
    )
    version = serializers.IntegerField(
        label=_label(Project, "version"),
        help_text=_(
            "The project's version last read; if someone saved it in the meantime, the step is "
            "refused with 409."
        ),
        min_value=1,
        **_optional(),
    )


# Enterprises ----------------------------------------------------------------------------------


class EnterpriseSerializer(serializers.ModelSerializer):
    region = _summary(Enterprise, "region", allow_null=True)
    industry = _summary(Enterprise, "industry", allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "public_id",
            "name",
            "credit_code",
            "region",
            "industry",
            "registered_locally",
            "created_at",
        ]
        read_only_fields = fields


class EnterpriseWriteSerializer(serializers.ModelSerializer):
    # Longer than 18 on purpose: the service tidies spaces and full-width characters first.
    credit_code = serializers.CharField(
        label=_label(Enterprise, "credit_code"),
        help_text=_("18 characters (GB 32100-2015); the check character is verified."),
        max_length=40,
        allow_blank=True,
        **_optional(),
    )
    region = _by_code(Enterprise, "region", Region.objects.all(), **_optional())
    industry = _by_code(Enterprise, "industry", IndustryDivision.objects.all(), **_optional())

    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "region", "industry", "registered_locally"]

    def validate_credit_code(self, value):
        # The service checks again; checking here puts its message on the field.
        if not value:
            return value
        try:
            return clean_credit_code(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


# Units and reference data ---------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display", label=_label(Unit, "kind"))
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, label=_label(Unit, "parent")
    )

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "kind_name",
            "parent",
            "depth",
            "phone",
            "is_active",
        ]
        read_only_fields = fields


class IndustryDivisionSerializer(serializers.ModelSerializer):
    section = _summary(IndustryDivision, "section")
    sector_name = serializers.CharField(source="get_sector_display", label=_("Sector"))

    class Meta:
        model = IndustryDivision
        fields = ["code", "name", "section", "sector", "sector_name"]
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display", label=_label(Region, "kind"))
    groups = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, label=_("region groups")
    )

    class Meta:
        model = Region
        fields = ["code", "name", "short_name", "kind", "kind_name", "groups"]
        read_only_fields = fields


class RegionGroupSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, label=_label(RegionGroup, "regions")
    )

    class Meta:
        model = RegionGroup
        fields = ["code", "name", "description", "regions"]
        read_only_fields = fields


class StrategicFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicField
        fields = ["code", "name"]
        read_only_fields = fields


class RequirementSerializer(serializers.Serializer):
    rule = serializers.CharField(label=_("requirement"))
    label = serializers.SerializerMethodField(label=_("name"))

    def get_label(self, requirement) -> str:
        rule = requirements.RULES.get(requirement.rule)
        return str(rule.label) if rule else requirement.rule


class StageSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display", label=_label(Stage, "kind"))
    requirements = RequirementSerializer(many=True, read_only=True, label=_("stage requirements"))

    class Meta:
        model = Stage
        fields = [
            "code",
            "name",
            "kind",
            "kind_name",
            "position",
            "max_dwell_days",
            "is_final",
            "landed",
            "requirements",
        ]
        read_only_fields = fields


class DropReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = DropReason
        fields = ["code", "name", "is_active"]
        read_only_fields = fields
