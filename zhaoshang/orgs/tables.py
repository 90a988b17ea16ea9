import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhaoshang.orgs.models import Membership, Unit, User


class UnitTable(tables.Table):
    name = tables.Column(linkify=("orgs:unit_detail", {"code": tables.A("code")}))
    parent = tables.Column(verbose_name=_("parent unit"))
    user_count = tables.Column(verbose_name=_("Accounts"), orderable=True)

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "user_count", "phone", "is_active"]
        order_by = ["sort_key"]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_name(self, record, value):
        indent = "　" * max(record.depth - 1, 0)
        return format_html("{}{}", indent, value)


class UserTable(tables.Table):
    full_name = tables.Column(linkify=("orgs:user_detail", {"public_id": tables.A("public_id")}))

    class Meta:
        model = User
        fields = ["full_name", "username", "unit", "title", "phone", "is_active", "last_login"]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_phone(self, value):
        # Phone numbers are personal data: lists show them masked (DESIGN section 4).
        return f"{value[:3]}****{value[-4:]}" if len(value) >= 7 else value


class MembershipTable(tables.Table):
    role = tables.Column(verbose_name=_("role"))
    actions = tables.TemplateColumn(
        template_name="orgs/_membership_actions.html",
        verbose_name="",
        orderable=False,
    )

    class Meta:
        model = Membership
        fields = ["user", "unit", "role", "granted_by", "created_at"]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_role(self, record):
        return record.role_label
