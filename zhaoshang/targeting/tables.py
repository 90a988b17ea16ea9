"""List tables of the targeting pages. Personal data never appears in a list unmasked."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhaoshang.targeting.choices import LeadStatus
from zhaoshang.targeting.models import Investor, Lead, Trip, Visit

_ATTRS = {"class": "table table-sm table-hover align-middle"}


class InvestorTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Investor"),
        accessor="enterprise__name",
        linkify=("targeting:investor_detail", {"public_id": tables.A("public_id")}),
        order_by=("enterprise__name_key",),
    )
    region = tables.Column(verbose_name=_("Source region"), accessor="enterprise__region")
    industry = tables.Column(verbose_name=_("Industry"), accessor="enterprise__industry__name")
    contact_count = tables.Column(verbose_name=_("Contacts"), attrs={"td": {"class": "text-end"}})
    visit_count = tables.Column(verbose_name=_("Visits"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Investor
        fields = ["name", "region", "industry", "size", "unit", "tags"]
        fields += ["contact_count", "visit_count"]
        attrs = {**_ATTRS, "id": "investor-table"}


class TripTable(tables.Table):
    title = tables.Column(linkify=("targeting:trip_detail", {"public_id": tables.A("public_id")}))
    visit_count = tables.Column(verbose_name=_("Visits"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Trip
        fields = ["title", "unit", "region", "city", "start_date", "end_date", "budget"]
        fields += ["expenses", "visit_count"]
        attrs = {**_ATTRS, "id": "trip-table"}


class VisitTable(tables.Table):
    date = tables.Column(linkify=("targeting:visit_detail", {"public_id": tables.A("public_id")}))
    investor = tables.Column(accessor="investor__enterprise__name", verbose_name=_("Investor"))

    class Meta:
        model = Visit
        fields = ["date", "kind", "investor", "unit", "trip", "outcome", "follow_up_date"]
        attrs = {**_ATTRS, "id": "visit-table"}


_STATUS_CSS = {
    LeadStatus.NEW: "text-bg-warning",
    LeadStatus.FOLLOWING: "text-bg-primary",
    LeadStatus.CONVERTED: "text-bg-success",
    LeadStatus.DROPPED: "text-bg-secondary",
}


class LeadTable(tables.Table):
    name = tables.Column(linkify=("targeting:lead_detail", {"public_id": tables.A("public_id")}))
    status = tables.Column()

    class Meta:
        model = Lead
        fields = ["name", "investor_name", "unit", "status", "referrer_kind", "deadline"]
        fields += ["reported_by", "reported_at"]
        attrs = {**_ATTRS, "id": "lead-table"}

    def render_status(self, record):
        return format_html(
            '<span class="badge {}">{}</span>',
            _STATUS_CSS[record.status],
            record.get_status_display(),
        )

    def render_reported_by(self, value):
        return value.full_name or value.username
