"""Navigation by role: a menu entry appears only when the user holds its action somewhere."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import has_action, user_roles
from zhaoshang.core.roles import (
    AUDIT_VIEW,
    LEAD_CREATE,
    MEMBERSHIP_VIEW,
    PROJECT_VIEW,
    REFERENCE_MANAGE,
    ROLES,
    UNIT_VIEW,
    USER_VIEW,
)

# (label, url name, action needed, icon). Later modules add their own entries here.
NAVIGATION = [
    (_("Home"), "home", None, "house"),
    (_("Projects"), "projects:list", PROJECT_VIEW, "briefcase"),
    (_("Pipeline board"), "projects:kanban", PROJECT_VIEW, "kanban"),
    (_("Report a lead"), "projects:lead", LEAD_CREATE, "lightbulb"),
    (_("Units"), "orgs:unit_list", UNIT_VIEW, "diagram-3"),
    (_("User accounts"), "orgs:user_list", USER_VIEW, "people"),
    (_("Role assignments"), "orgs:membership_list", MEMBERSHIP_VIEW, "person-badge"),
    (_("Audit log"), "audit_list", AUDIT_VIEW, "journal-text"),
    (_("Reference data"), "reference:index", REFERENCE_MANAGE, "book"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path_info
    items = []
    for label, name, action, icon in NAVIGATION:
        if action is None or has_action(user, action):
            url = reverse(name)
            active = path == url if url == "/" else path.startswith(url)
            items.append({"label": label, "url": url, "icon": icon, "active": active})
    return {
        "nav_items": items,
        "nav_role_labels": [ROLES[code].label for code in user_roles(user)],
    }
