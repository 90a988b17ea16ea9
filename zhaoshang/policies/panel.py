"""The project page's section on incentives and policies (POL-3 matching)."""

from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import POLICY_VIEW
from zhaoshang.policies import selectors
from zhaoshang.policies.matching import Facts
from zhaoshang.projects import panels


@panels.register
def project_incentives(request, project):
    user = request.user
    if not has_action(user, POLICY_VIEW):
        return None
    facts = Facts.of_project(project)
    found, total = selectors.incentives_for(user, facts)
    return (
        "policies/_project_panel.html",
        {
            "matches": found,
            "total": total,
            "policies": selectors.applicable_policies(user, facts)[:10],
        },
    )
