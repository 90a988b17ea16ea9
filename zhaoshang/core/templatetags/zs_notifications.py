"""The bell in the navigation bar: one count query per page for a logged-in user."""

from django import template

from zhaoshang.core.notifications import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user):
    return unread_count(user)
