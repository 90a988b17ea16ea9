"""Reads of the targeting app, always starting from ``restrict(user, action)``."""

from django.db.models import Count, Q

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import INVESTOR_VIEW, PROJECT_VIEW
from zhaoshang.projects.models import Enterprise, Project
from zhaoshang.targeting.choices import LeadStatus, LinkRole
from zhaoshang.targeting.models import (
    CatalogueItem,
    Chain,
    ChainLink,
    Contact,
    EnterpriseMerge,
    Investor,
    Lead,
    Site,
    Trip,
    Visit,
)


def investor_list(user, action=INVESTOR_VIEW):
    return (
        restrict(user, action, Investor)
        .select_related("enterprise", "enterprise__region", "enterprise__industry", "unit")
        .annotate(
            contact_count=Count("contacts", distinct=True),
            visit_count=Count("visits", distinct=True),
        )
    )


def investor_detail(user, public_id):
    return (
        restrict(user, INVESTOR_VIEW, Investor)
        .select_related("enterprise", "enterprise__region", "enterprise__industry", "unit")
        .get(public_id=public_id)
    )


def contact_list(user, action=INVESTOR_VIEW):
    return restrict(user, action, Contact).select_related(
        "investor", "investor__enterprise", "investor__unit"
    )


def investor_timeline(user, investor):
    """Every contact, visit, lead, project and merge of the investor, newest first. Projects
    show only when the user may see them; the others belong to the investor's unit."""
    items = [{"at": c.created_at, "kind": "contact", "obj": c} for c in investor.contacts.all()]
    items += [
        {"at": v.date, "kind": "visit", "obj": v}
        for v in investor.visits.select_related("trip", "unit", "recorded_by")
    ]
    items += [
        {"at": lead.reported_at, "kind": "lead", "obj": lead}
        for lead in investor.leads.select_related("unit", "project", "reported_by")
    ]
    items += [
        {"at": p.created_at, "kind": "project", "obj": p}
        for p in restrict(user, PROJECT_VIEW, Project)
        .filter(enterprise=investor.enterprise_id)
        .select_related("stage", "unit")
    ]
    items += [
        {"at": m.merged_at, "kind": "merge", "obj": m}
        for m in EnterpriseMerge.objects.filter(survivor=investor.enterprise_id)
    ]

    def key(item):
        at = item["at"]
        return at.date() if hasattr(at, "date") else at

    return sorted(items, key=key, reverse=True)


def duplicate_groups(limit=50):
    """Enterprises that look like one another: the same normalised name (the credit code is
    unique, so a code shared with a name match is what a merge cleans up)."""
    keys = (
        Enterprise.objects.values("name_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("name_key")
        .values_list("name_key", flat=True)[:limit]
    )
    rows = (
        Enterprise.objects.filter(name_key__in=list(keys))
        .select_related("region", "investor", "investor__unit")
        .annotate(project_count=Count("projects", distinct=True))
        .order_by("name_key", "created_at", "pk")
    )
    groups = {}
    for enterprise in rows:
        groups.setdefault(enterprise.name_key, []).append(enterprise)
    return list(groups.values())


def trip_list(user):
    return (
        restrict(user, INVESTOR_VIEW, Trip)
        .select_related("unit", "region")
        .annotate(visit_count=Count("visits"))
    )


def visit_list(user):
    return restrict(user, INVESTOR_VIEW, Visit).select_related(
        "unit", "investor", "investor__enterprise", "trip"
    )


def lead_list(user):
    return restrict(user, INVESTOR_VIEW, Lead).select_related(
        "unit", "origin_region", "industry", "reported_by", "project", "link", "link__chain"
    )


def overdue_leads(user, today):
    """Open leads past their follow-up deadline: for a dashboard alert or a unit's home."""
    return lead_list(user).filter(
        status__in=[LeadStatus.NEW, LeadStatus.FOLLOWING], deadline__lt=today
    )


def _live_projects():
    return Q(projects__project__stage__kind="pipeline")


def links_with_strength(chain_ids=None):
    """Links with their local enterprises, live projects and targets counted, and weakness."""
    links = ChainLink.objects.select_related("chain").annotate(
        local_count=Count("members", filter=Q(members__role=LinkRole.LOCAL), distinct=True),
        target_count=Count("members", filter=Q(members__role=LinkRole.TARGET), distinct=True),
        project_count=Count("projects", filter=_live_projects(), distinct=True),
    )
    if chain_ids is not None:
        links = links.filter(chain__in=chain_ids)
    rows = list(links)
    for link in rows:
        link.strength = link.local_count + link.project_count
        link.is_weak = link.strength < link.weak_below
    return rows


def chain_list(user):
    chains = list(restrict(user, INVESTOR_VIEW, Chain).select_related("strategic_field"))
    by_chain = {}
    for link in links_with_strength([c.pk for c in chains]):
        by_chain.setdefault(link.chain_id, []).append(link)
    for chain in chains:
        chain.link_rows = by_chain.get(chain.pk, [])
        chain.weak_count = sum(1 for link in chain.link_rows if link.is_weak)
    return chains


def link_detail(user, code):
    link = restrict(user, INVESTOR_VIEW, ChainLink).select_related("chain").get(code=code)
    link.strength_row = next(r for r in links_with_strength([link.chain_id]) if r.pk == link.pk)
    return link


def site_list(user):
    return restrict(user, INVESTOR_VIEW, Site).select_related(
        "platform", "platform__unit", "project"
    )


def catalogue_list(user):
    return restrict(user, INVESTOR_VIEW, CatalogueItem).select_related(
        "link", "link__chain", "platform", "site", "contact_unit"
    )
