"""Display helpers: money in 万元 / 亿元 the way county documents write it."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def wan(value):
    """10k-yuan amounts: under 1 亿 as 万元, from 1 亿 on as 亿元 with two decimals."""
    if value in (None, ""):
        return "—"
    amount = Decimal(value)
    if abs(amount) >= 10000:
        yi = (amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return _("%(n)s hundred million yuan") % {"n": f"{yi:,}"}
    shown = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    if shown == shown.to_integral():
        shown = shown.quantize(Decimal("1"))
    return _("%(n)s ten thousand yuan") % {"n": f"{shown:,}"}
