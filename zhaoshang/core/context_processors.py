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

# (label, url name, action needed, icon, menu). Entries of one menu sit in one drop-down, so
# the bar fits a 1280 px screen with every app; a menu with one entry for this user is a plain
# link. Administration is always a drop-down, kept apart from the daily work.
PROJECTS_MENU, ASSESSMENT_MENU, ADMIN_MENU = "projects", "assessment", "admin"
MENUS = {
    PROJECTS_MENU: (_("Projects"), "briefcase"),
    ASSESSMENT_MENU: (_("Assessment"), "trophy"),
    ADMIN_MENU: (_("Administration"), "gear"),
}
NAVIGATION = [
    (_("Home"), "home", None, "house", None),
    (_("Project list"), "projects:list", PROJECT_VIEW, "briefcase", PROJECTS_MENU),
    (_("Pipeline board"), "projects:kanban", PROJECT_VIEW, "kanban", PROJECTS_MENU),
    (_("Report a lead"), "projects:lead", LEAD_CREATE, "lightbulb", PROJECTS_MENU),
    (_("Integrity"), "projects:integrity", PROJECT_INTEGRITY, "shield-check", PROJECTS_MENU),
    (_("Dashboard"), "reports:dashboard", ASSESSMENT_VIEW, "speedometer2", None),
    (_("Targets and rankings"), "assessment:index", ASSESSMENT_VIEW, "trophy", ASSESSMENT_MENU),
    (_("Bulletin"), "reports:bulletin", ASSESSMENT_VIEW, "file-earmark-text", ASSESSMENT_MENU),
    (_("Mechanisms"), "mechanisms:index", MECHANISM_VIEW, "diagram-2", None),
    (_("Targeting"), "targeting:index", INVESTOR_VIEW, "bullseye", None),
    (_("Policies"), "policies:index", POLICY_VIEW, "journal-bookmark", None),
    (_("Pipeline settings"), "projects:settings", REFERENCE_MANAGE, "sliders", ADMIN_MENU),
    (_("Reference data"), "reference:index", REFERENCE_MANAGE, "book", ADMIN_MENU),
    (_("Units"), "orgs:unit_list", UNIT_VIEW, "diagram-3", ADMIN_MENU),
    (_("User accounts"), "orgs:user_list", USER_VIEW, "people", ADMIN_MENU),
    (_("Role assignments"), "orgs:membership_list", MEMBERSHIP_VIEW, "person-badge", ADMIN_MENU),
    (_("Audit log"), "audit_list", AUDIT_VIEW, "journal-text", ADMIN_MENU),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path_info
    items = []
    for label, name, action, icon, menu in NAVIGATION:
        if action is None or has_action(user, action):
            url = reverse(name)
            items.append({"label": label, "url": url, "icon": icon, "menu": menu, "active": False})
    # The longest matching entry is the current one: /projects/board/ is the board, not the list.
    matches = [
        i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    entries, menus = [], {}
    for item in items:
        menu = item["menu"]
        if menu is None:
            entries.append(item)
        elif menu in menus:
            menus[menu]["children"].append(item)
        else:
            label, icon = MENUS[menu]
            menus[menu] = {"id": f"{menu}-menu", "label": label, "icon": icon, "children": [item]}
            entries.append(menus[menu])
    for entry in entries:
        if "children" in entry:
            entry["active"] = any(i["active"] for i in entry["children"])
            if len(entry["children"]) == 1 and entry["id"] != f"{ADMIN_MENU}-menu":
                entry.update(entry.pop("children")[0])
    return {
        "nav_entries": entries,
        "nav_role_labels": [ROLES[code].label for code in user_roles(user)],
    }
