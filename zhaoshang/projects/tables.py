import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.templatetags.zs import wan
from zhaoshang.projects.models import Project


class ProjectTable(tables.Table):
    code = tables.Column(linkify=("projects:detail", {"code": tables.A("code")}))
    name = tables.Column(linkify=("projects:detail", {"code": tables.A("code")}))
    stage = tables.Column(order_by=("stage__position",))
    total_investment = tables.Column(
        verbose_name=_("Total investment"), attrs={"td": {"class": "text-end"}}
    )
    flags = tables.Column(verbose_name=_("Flags"), empty_values=(), orderable=False)

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "unit",
            "stage",
            "industry",
            "total_investment",
            "flags",
            "next_action_date",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_stage(self, record):
        if not record.stage.is_pipeline:
            css = "text-bg-secondary"
        else:
            css = "text-bg-danger" if record.stalled else "text-bg-light"
        return format_html('<span class="badge {}">{}</span>', css, record.stage.name)

    def render_industry(self, record):
        return record.industry.name

    def render_total_investment(self, value):
        return wan(value)

    def render_flags(self, record):
        badges = []
        if record.is_major:
            badges.append(("text-bg-warning", _("Major")))
        if record.stalled:
            badges.append(("text-bg-danger", _("Stalled")))
        if record.suspected_repeat:
            badges.append(("text-bg-dark", _("Suspected repeat")))
        if record.verified_at:
            badges.append(("text-bg-success", _("Verified")))
        if record.is_lead:
            badges.append(("text-bg-info", _("Lead")))
        if not badges:
            return "—"
        return format_html_join("", '<span class="badge {} me-1">{}</span>', badges)
