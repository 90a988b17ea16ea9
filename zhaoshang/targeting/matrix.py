"""The targeting matrix: source region group × chain link (× platform), what exists there, what
is being pursued and by which unit, so that the cells where nobody works stand out."""

from dataclasses import dataclass, field

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import INVESTOR_VIEW, PROJECT_VIEW
from zhaoshang.projects.models import Project
from zhaoshang.reference.models import RegionGroup
from zhaoshang.targeting.choices import LeadStatus
from zhaoshang.targeting.models import ChainLink, Lead, Visit


@dataclass
class Cell:
    landed: int = 0
    projects: int = 0
    leads: int = 0
    trips: set = field(default_factory=set)
    units: set = field(default_factory=set)

    @property
    def pursued(self):
        return self.projects + self.leads + len(self.trips)

    @property
    def empty(self):
        return self.pursued == 0

    @property
    def unit_names(self):
        return sorted(self.units)


def _groups_of(groups):
    """Region id → the groups it belongs to (a region may sit in several)."""
    index = {}
    for group in groups:
        for region in group.regions.all():
            index.setdefault(region.pk, []).append(group.pk)
    return index


def build(user, platform=None):
    groups = list(RegionGroup.objects.prefetch_related("regions"))
    links = list(ChainLink.objects.select_related("chain"))
    by_region = _groups_of(groups)
    cells = {(link.pk, g.pk): Cell() for link in links for g in groups}

    def cells_for(link_id, region_id):
        for group_id in by_region.get(region_id, []):
            cell = cells.get((link_id, group_id))
            if cell is not None:
                yield cell

    projects = restrict(user, PROJECT_VIEW, Project).filter(
        chain_link__isnull=False, stage__kind="pipeline"
    )
    if platform is not None:
        projects = projects.filter(platform=platform)
    for row in projects.values(
        "chain_link__link_id", "origin_region_id", "unit__short_name", "unit__name", "stage__landed"
    ):
        for cell in cells_for(row["chain_link__link_id"], row["origin_region_id"]):
            if row["stage__landed"]:
                cell.landed += 1
            else:
                cell.projects += 1
                cell.units.add(row["unit__short_name"] or row["unit__name"])
    leads = restrict(user, INVESTOR_VIEW, Lead).filter(
        link__isnull=False, status__in=[LeadStatus.NEW, LeadStatus.FOLLOWING]
    )
    for row in leads.values("link_id", "origin_region_id", "unit__short_name", "unit__name"):
        for cell in cells_for(row["link_id"], row["origin_region_id"]):
            cell.leads += 1
            cell.units.add(row["unit__short_name"] or row["unit__name"])
    visits = restrict(user, INVESTOR_VIEW, Visit).filter(
        trip__isnull=False, investor__enterprise__chain_links__isnull=False
    )
    for row in visits.values(
        "trip_id",
        "investor__enterprise__chain_links__link_id",
        "investor__enterprise__region_id",
        "unit__short_name",
        "unit__name",
    ):
        link_id = row["investor__enterprise__chain_links__link_id"]
        for cell in cells_for(link_id, row["investor__enterprise__region_id"]):
            cell.trips.add(row["trip_id"])
            cell.units.add(row["unit__short_name"] or row["unit__name"])
    rows = [{"link": link, "cells": [cells[(link.pk, g.pk)] for g in groups]} for link in links]
    empty = sum(1 for cell in cells.values() if cell.empty)
    return {"groups": groups, "rows": rows, "empty": empty, "total": len(cells)}
