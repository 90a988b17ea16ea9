"""Who is told about what: a department's officers and head, a project's team."""

from zhaoshang.core.roles import APPROVAL_OFFICER, BUREAU_ADMIN, UNIT_HEAD, UNIT_STAFF
from zhaoshang.orgs.models import User


def _with_roles(unit_ids, roles):
    return list(
        User.objects.filter(
            is_active=True, memberships__unit__in=unit_ids, memberships__role__in=roles
        ).distinct()
    )


def department_people(unit_ids):
    """Officers and the head of approving departments: they give opinions and handle permits."""
    return _with_roles(unit_ids, [APPROVAL_OFFICER, UNIT_HEAD])


def department_heads(unit_ids):
    return _with_roles(unit_ids, [UNIT_HEAD])


def unit_people(unit_ids):
    """A unit's head and investment team, who answer for its tasks and problems."""
    return _with_roles(unit_ids, [UNIT_HEAD, UNIT_STAFF, APPROVAL_OFFICER])


def project_team(project):
    """The project's manager and assistant, and its unit's head (PRJ-5)."""
    ids = [project.team_manager_id, project.team_assistant_id]
    people = list(User.objects.filter(pk__in=[i for i in ids if i], is_active=True))
    return people + _with_roles([project.unit_id], [UNIT_HEAD])


def project_leader(project):
    """The county leader in charge (分包领导), to whom overdue problems escalate."""
    return [project.team_leader] if project.team_leader_id else []


def bureau():
    from zhaoshang.orgs.models import Membership

    ids = Membership.objects.filter(role=BUREAU_ADMIN).values("user")
    return list(User.objects.filter(pk__in=ids, is_active=True))
