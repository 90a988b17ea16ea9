"""Navigation by role: a menu entry appears only when the user holds its action somewhere."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import has_action, user_roles
from zhaoshang.core.roles import (
    ASSESSMENT_VIEW,
    AUDIT_VIEW,
    INVESTOR_VIEW,
    LEAD_CREATE,
    MECHANISM_VIEW,
    MEMBERSHIP_VIEW,
    POLICY_VIEW,
    PROJECT_INTEGRITY,
    PROJECT_VIEW,
    REFERENCE_MANAGE,
    ROLES,
    UNIT_VIEW,
    USER_VIEW,
)

# (label, url name, action needed, icon, in the administration menu). The daily work stays in
# the bar; administration sits in one drop-down so the bar fits a 1280 px screen.
NAVIGATION = [
    (_("Home"), "home", None, "house", False),
    (_("Projects"), "projects:list", PROJECT_VIEW, "briefcase", False),
    (_("Pipeline board"), "projects:kanban", PROJECT_VIEW, "kanban", False),
    (_("Report a lead"), "projects:lead", LEAD_CREATE, "lightbulb", False),
    (_("Integrity"), "projects:integrity", PROJECT_INTEGRITY, "shield-check", False),
    (_("Assessment"), "assessment:index", ASSESSMENT_VIEW, "trophy", False),
    (_("Dashboard"), "reports:dashboard", ASSESSMENT_VIEW, "speedometer2", False),
    (_("Bulletin"), "reports:bulletin", ASSESSMENT_VIEW, "file-earmark-text", False),
    (_("Mechanisms"), "mechanisms:index", MECHANISM_VIEW, "diagram-2", False),
    (_("Targeting"), "targeting:index", INVESTOR_VIEW, "bullseye", False),
    (_("Policies"), "policies:index", POLICY_VIEW, "journal-bookmark", False),
    (_("Pipeline settings"), "projects:settings", REFERENCE_MANAGE, "sliders", True),
    (_("Reference data"), "reference:index", REFERENCE_MANAGE, "book", True),
    (_("Units"), "orgs:unit_list", UNIT_VIEW, "diagram-3", True),
    (_("User accounts"), "orgs:user_list", USER_VIEW, "people", True),
    (_("Role assignments"), "orgs:membership_list", MEMBERSHIP_VIEW, "person-badge", True),
    (_("Audit log"), "audit_list", AUDIT_VIEW, "journal-text", True),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path_info
    items = []
    for label, name, action, icon, admin in NAVIGATION:
        if action is None or has_action(user, action):
            url = reverse(name)
            items.append(
                {"label": label, "url": url, "icon": icon, "admin": admin, "active": False}
            )
    # The longest matching entry is the current one: /projects/board/ is the board, not the list.
    matches = [
        i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    admin_items = [i for i in items if i["admin"]]
    return {
        "nav_items": [i for i in items if not i["admin"]],
        "nav_admin_items": admin_items,
        "nav_admin_active": any(i["active"] for i in admin_items),
        "nav_role_labels": [ROLES[code].label for code in user_roles(user)],
    }
