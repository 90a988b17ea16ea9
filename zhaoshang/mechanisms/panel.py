"""The project page's section for the mechanisms: review, procedures and problem list."""

from django.utils import timezone

from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import MECHANISM_MANAGE, MECHANISM_VIEW
from zhaoshang.mechanisms import selectors
from zhaoshang.mechanisms.services_problems import may_keep_list


def project_panel(request, project):
    user = request.user
    if not has_action(user, MECHANISM_VIEW):
        return None
    context = selectors.project_panel(user, project, timezone.localdate())
    context.update(
        {
            "project": project,
            "can_manage": has_action(user, MECHANISM_MANAGE),
            "can_keep_problems": may_keep_list(user, project),
        }
    )
    return "mechanisms/_project_panel.html", context
