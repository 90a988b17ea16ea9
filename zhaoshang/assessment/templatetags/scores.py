"""Numbers as the assessment writes them: no trailing zeros, signed where a sign matters."""

from decimal import Decimal, InvalidOperation

from django import template

from zhaoshang.assessment.scoring import fmt

register = template.Library()


@register.filter
def plain(value):
    """``Decimal("1.5000")`` → ``1.5``; empty for None."""
    if value is None or value == "":
        return ""
    try:
        return fmt(Decimal(str(value)))
    except InvalidOperation:
        return value


@register.filter
def signed(value):
    """``2`` → ``+2``, ``-1.5`` → ``-1.5``: for adjustments, bonuses and deductions."""
    text = plain(value)
    return f"+{text}" if text and not text.startswith("-") and Decimal(text) else text
