"""The targeting app's tables: investors and their contacts, trips and visits, leads, industry
chains, platform sites and the promotion catalogue."""

from zhaoshang.targeting.models.catalogue import CatalogueItem
from zhaoshang.targeting.models.chains import Chain, ChainLink, LinkEnterprise, ProjectLink
from zhaoshang.targeting.models.investors import Contact, EnterpriseMerge, Investor
from zhaoshang.targeting.models.leads import Lead
from zhaoshang.targeting.models.sites import Site
from zhaoshang.targeting.models.trips import Trip, Visit

__all__ = [
    "CatalogueItem",
    "Chain",
    "ChainLink",
    "Contact",
    "EnterpriseMerge",
    "Investor",
    "Lead",
    "LinkEnterprise",
    "ProjectLink",
    "Site",
    "Trip",
    "Visit",
]
