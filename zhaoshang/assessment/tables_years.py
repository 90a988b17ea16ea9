"""The list of assessment years."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.models import AssessmentYear


class YearTable(tables.Table):
    year = tables.Column(linkify=("assessment:year_detail", {"year": tables.A("year")}))
    name = tables.Column(linkify=("assessment:year_detail", {"year": tables.A("year")}))
    report_due_day = tables.Column(attrs={"td": {"class": "text-end"}})
    links = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = AssessmentYear
        fields = ["year", "name", "status", "report_due_day", "links"]
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        orderable = False

    def render_status(self, record):
        css = "text-bg-success" if record.is_open else "text-bg-secondary"
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())

    def render_links(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary me-1" href="{}">{}</a>'
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("assessment:targets", args=[record.year]),
            _("Targets"),
            reverse("assessment:progress", args=[record.year]),
            _("Progress"),
        )
