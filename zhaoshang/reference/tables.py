import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zhaoshang.reference.models import IndustryDivision, Region, RegionGroup, StrategicField

_ATTRS = {"class": "table table-sm table-hover align-middle"}


class DivisionTable(tables.Table):
    section = tables.Column(verbose_name=_("industry section"), order_by=("section__code",))
    actions = tables.TemplateColumn(
        template_name="reference/_division_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = IndustryDivision
        fields = ["code", "name", "section", "sector"]
        order_by = ["code"]
        attrs = _ATTRS


class StrategicFieldTable(tables.Table):
    class Meta:
        model = StrategicField
        fields = ["code", "name"]
        order_by = ["code"]
        attrs = _ATTRS


class RegionTable(tables.Table):
    groups = tables.Column(
        verbose_name=_("region groups"), accessor="pk", orderable=False, empty_values=()
    )
    actions = tables.TemplateColumn(
        template_name="reference/_region_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Region
        fields = ["code", "name", "short_name", "kind", "groups", "position"]
        order_by = ["position", "code"]
        attrs = _ATTRS

    def render_groups(self, record):
        # Reads the prefetched groups, so the page costs the same for any number of rows.
        return "、".join(group.name for group in record.groups.all()) or "—"


# A long member list would stretch the table on a phone; the count column gives the total.
MEMBERS_SHOWN = 8


class RegionGroupTable(tables.Table):
    regions = tables.Column(
        verbose_name=_("regions"), accessor="pk", orderable=False, empty_values=()
    )
    region_count = tables.Column(verbose_name=_("Number of regions"))
    actions = tables.TemplateColumn(
        template_name="reference/_group_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = RegionGroup
        fields = ["name", "code", "regions", "region_count", "description", "position"]
        order_by = ["position", "name"]
        attrs = _ATTRS

    def render_regions(self, record):
        names = [region.display_name for region in record.regions.all()]
        shown = "、".join(names[:MEMBERS_SHOWN])
        return (shown + "…" if len(names) > MEMBERS_SHOWN else shown) or "—"
