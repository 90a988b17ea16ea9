"""Writes the bureau makes to chains, platform sites and the promotion catalogue, and the two a
project's own unit makes on the project's page: its chain link and its site."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import can, has_action
from zhaoshang.core.roles import PROJECT_EDIT, TARGETING_MANAGE
from zhaoshang.projects import services as project_services
from zhaoshang.projects.models import Project
from zhaoshang.targeting.choices import SiteStatus
from zhaoshang.targeting.models import (
    CatalogueItem,
    Chain,
    ChainLink,
    LinkEnterprise,
    ProjectLink,
    Site,
)

CHAIN_FIELDS = ("code", "name", "kind", "strategic_field", "description", "position")
LINK_FIELDS = ("code", "name", "segment", "description", "weak_below", "position")
SITE_FIELDS = ("code", "platform", "kind", "name", "area_mu", "floor_area_m2", "land_use")
SITE_FIELDS += ("price", "utilities", "status", "note", "position")
ITEM_FIELDS = ("name", "link", "platform", "site", "investment", "content", "market")
ITEM_FIELDS += ("conditions", "incentives", "contact_unit", "status", "position")


def _require_manager(actor):
    if not has_action(actor, TARGETING_MANAGE):
        raise PermissionDenied(_("You may not maintain chains, platforms or the catalogue."))


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def _save(actor, model, obj, fields, allowed, **fixed):
    """Create or update one catalogue-like row with its audit row."""
    _require_manager(actor)
    _unknown(fields, allowed)
    creating = obj is None
    obj = model(**fixed) if creating else model.objects.select_for_update().get(pk=obj.pk)
    before = None if creating else audit.snapshot(obj, allowed)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    after = audit.snapshot(obj, allowed)
    if after == before:
        return obj
    obj.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=obj,
        before=before,
        after=after,
    )
    return obj


@transaction.atomic
def chain_save(*, actor, chain=None, **fields):
    return _save(actor, Chain, chain, fields, CHAIN_FIELDS)


@transaction.atomic
def link_save(*, actor, chain=None, link=None, **fields):
    return _save(actor, ChainLink, link, fields, LINK_FIELDS, chain=chain)


@transaction.atomic
def link_enterprise_add(*, actor, link, enterprise, role, note=""):
    _require_manager(actor)
    if LinkEnterprise.objects.filter(link=link, enterprise=enterprise).exists():
        raise ValidationError(
            _("%(name)s is already on this link.") % {"name": enterprise.name}, code="duplicate"
        )
    row = LinkEnterprise(link=link, enterprise=enterprise, role=role, note=note)
    row.full_clean()
    row.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        after=audit.snapshot(row, ("link", "enterprise", "role", "note")),
    )
    return row


@transaction.atomic
def link_enterprise_remove(*, actor, row):
    _require_manager(actor)
    before = audit.snapshot(row, ("link", "enterprise", "role", "note"))
    audit.record(actor=actor, action=AuditAction.DELETE, obj=row, before=before)
    row.delete()


@transaction.atomic
def project_link_set(*, actor, project, link):
    """Put a project on a chain link (or take it off with ``link=None``)."""
    if not can(actor, PROJECT_EDIT, project):
        raise PermissionDenied(_("You may not change this project."))
    row = ProjectLink.objects.filter(project=project).first()
    before = {"link": str(row.link)} if row else None
    if link is None:
        if row is not None:
            row.delete()
    elif row is None:
        row = ProjectLink.objects.create(project=project, link=link)
    else:
        row.link = link
        row.save(update_fields=["link"])
    after = {"link": str(link)} if link else None
    if before != after:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=project,
            before=before,
            after=after,
            message=_("Chain link changed."),
        )
    return row if link else None


@transaction.atomic
def site_save(*, actor, site=None, **fields):
    changing = site is not None and fields.get("status", site.status) != site.status
    if changing and (site.project_id or fields["status"] == SiteStatus.TAKEN):
        raise ValidationError({"status": _("A site is taken or freed from the project's page.")})
    return _save(actor, Site, site, fields, SITE_FIELDS)


@transaction.atomic
def site_assign(*, actor, project, site):
    """The project takes an available site: the site is marked taken and the project's
    platform, site and land-secured fields follow (through the project service)."""
    site = Site.objects.select_for_update().select_related("platform").get(pk=site.pk)
    if site.status != SiteStatus.AVAILABLE:
        raise ValidationError(
            {"site": _("%(site)s is not available any more.") % {"site": site.name}}
        )
    project = Project.objects.get(pk=project.pk)
    if not can(actor, PROJECT_EDIT, project):
        raise PermissionDenied(_("You may not change this project."))
    before = audit.snapshot(site, ("status", "project"))
    project_services.project_update(
        actor=actor,
        project=project,
        platform=site.platform,
        site=f"{site.platform.name} {site.name}",
        land_secured=True,
    )
    site.status = SiteStatus.TAKEN
    site.project = project
    site.full_clean()
    site.save(update_fields=["status", "project"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=site,
        before=before,
        after=audit.snapshot(site, ("status", "project")),
    )
    return site


@transaction.atomic
def site_release(*, actor, site):
    """The project gives the site back: it is available again."""
    site = Site.objects.select_for_update(of=("self",)).select_related("project").get(pk=site.pk)
    if site.project is None:
        raise ValidationError(_("No project holds this site."))
    if not (can(actor, PROJECT_EDIT, site.project) or has_action(actor, TARGETING_MANAGE)):
        raise PermissionDenied(_("You may not change this project."))
    before = audit.snapshot(site, ("status", "project"))
    site.status = SiteStatus.AVAILABLE
    site.project = None
    site.save(update_fields=["status", "project"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=site,
        before=before,
        after=audit.snapshot(site, ("status", "project")),
    )
    return site


@transaction.atomic
def catalogue_item_save(*, actor, item=None, **fields):
    return _save(actor, CatalogueItem, item, fields, ITEM_FIELDS)
