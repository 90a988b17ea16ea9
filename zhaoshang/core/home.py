"""What each role sees first after logging in.

A user may hold several roles; the home page stacks one section per kind of work they do,
each built from selectors so that it shows only what the user may see.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from zhaoshang.assessment.models import Ranking
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.models import AuditEvent
from zhaoshang.core.permissions import has_action, restrict, user_roles
from zhaoshang.core.roles import (
    ASSESSMENT_VIEW,
    ASSESSOR,
    AUDIT_VIEW,
    BUREAU_ADMIN,
    COUNTY_LEADER,
    MEMBERSHIP_MANAGE,
    ROLES,
    UNIT_HEAD,
    UNIT_STAFF,
    USER_MANAGE,
)
from zhaoshang.orgs import selectors
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Membership, User
from zhaoshang.projects.selectors import open_q, project_list, stalled_for, stalled_q

TEAM_ROLES = {UNIT_HEAD, UNIT_STAFF}


def sections_for(user):
    sections = [{"kind": "me", "memberships": _my_memberships(user)}]
    roles = set(user_roles(user))
    if roles & {COUNTY_LEADER, BUREAU_ADMIN, ASSESSOR}:
        sections.append({"kind": "county", "units": _county_units(user)})
        sections.append({"kind": "stalled_by_unit", "rows": _stalled_by_unit(user)})
    if roles & TEAM_ROLES:
        sections.append({"kind": "my_stalled", "projects": list(stalled_for(user)[:8])})
    if roles & TEAM_ROLES:
        sections.append({"kind": "team", "teams": _teams(user)})
    if has_action(user, ASSESSMENT_VIEW):
        sections.append({"kind": "assessment", **_assessment(user)})
    if has_action(user, USER_MANAGE):
        sections.append({"kind": "accounts", **_accounts(user)})
    if has_action(user, MEMBERSHIP_MANAGE):
        sections.append({"kind": "roles", "recent": _recent_grants(user)})
    if has_action(user, AUDIT_VIEW):
        sections.append({"kind": "audit", **_security_today()})
    return sections


def _my_memberships(user):
    return [
        {"unit": m.unit, "role": ROLES[m.role]}
        for m in Membership.objects.filter(user=user).select_related("unit").order_by("unit__path")
    ]


def _county_units(user):
    """Top-level units per kind, in the order of ORG-1."""
    counts = {row["kind"]: row["n"] for row in selectors.units_by_kind(user)}
    return [
        {"code": code, "kind": label, "count": counts[code]}
        for code, label in UnitKind.choices
        if code != UnitKind.COUNTY and code in counts
    ]


def _stalled_by_unit(user):
    """Open and stalled projects per claiming unit, worst first (PRJ-4: leaders see counts)."""
    rows = (
        project_list(user)
        .values("unit_id", "unit__name")
        .annotate(
            open=Count("pk", filter=open_q()),
            stalled=Count("pk", filter=stalled_q()),
        )
        .filter(open__gt=0)
        .order_by("-stalled", "-open", "unit__name")
    )
    return list(rows[:15])


def _teams(user):
    teams = []
    for membership in Membership.objects.filter(user=user).select_related("unit"):
        if membership.role not in TEAM_ROLES:
            continue
        members = list(selectors.unit_team(user, membership.unit))
        teams.append({"unit": membership.unit, "members": members})
    return teams


def _accounts(user):
    users = restrict(user, USER_MANAGE, User)
    cutoff = timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS or 36500)
    return {
        "active_users": users.filter(is_active=True).count(),
        "pending_change": users.filter(is_active=True, must_change_password=True).count(),
        "expired": users.filter(is_active=True, password_changed_at__lt=cutoff).count(),
        "never_logged_in": users.filter(is_active=True, last_login__isnull=True).count(),
    }


def _recent_grants(user):
    return list(selectors.membership_list(user).order_by("-created_at")[:8])


def _security_today():
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = AuditEvent.objects.filter(created_at__gte=start)
    return {
        "failed_today": today.filter(action=AuditAction.LOGIN_FAILED).count(),
        "lockouts_today": today.filter(action=AuditAction.LOCKOUT).count(),
        "events_today": today.count(),
    }


def _assessment(user):
    """The latest published ranking, and where the user's own units stand in it."""
    # A city's ranking freezes megabytes of inputs and results: the home page, which everybody
    # opens after logging in, reads only the rows of the user's own units.
    ranking = (
        restrict(user, ASSESSMENT_VIEW, Ranking)
        .select_related("year")
        .defer("inputs", "result")
        .order_by("-published_at")
        .first()
    )
    own = []
    if ranking is not None:
        codes = sorted(
            {m.unit.code for m in Membership.objects.filter(user=user).select_related("unit")}
        )
        rows = (
            Ranking.objects.filter(pk=ranking.pk)
            .values_list(*(KeyTransform(code, KeyTransform("units", "result")) for code in codes))
            .first()
            if codes
            else ()
        )
        own = [{"code": code, **row} for code, row in zip(codes, rows, strict=True) if row]
    return {"ranking": ranking, "own": own}
