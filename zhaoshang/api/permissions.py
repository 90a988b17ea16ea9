"""The API's side of the permission layer.

Scope is the views' querysets (``restrict``), so an object out of scope is 404 as on the pages.
These classes answer 403 where a page does: a list for an action the user holds nowhere, and a
write the user holds nowhere. The services then check the object itself.
"""

from rest_framework.permissions import BasePermission

from zhaoshang.core.permissions import has_action
from zhaoshang.reference.selectors import can_view as can_view_reference


class HoldsAction(BasePermission):
    """``view.required_actions`` maps each view action (``list``, ``create``…) to the role
    action the user must hold somewhere."""

    def has_permission(self, request, view):
        needed = view.required_actions.get(view.action)
        # No entry means a method the view does not offer: DRF answers 405 next.
        return needed is None or has_action(request.user, needed)


class ReadsReference(BasePermission):
    """Reference lists are county-wide; anyone who classifies projects reads them."""

    def has_permission(self, request, view):
        return can_view_reference(request.user)
