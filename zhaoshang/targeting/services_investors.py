"""Writes to the investor database: investors, contacts, reads of personal data, and merging
duplicate enterprises. Pages, the API and the demo all call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.permissions import can, has_action, unit_in_scope
from zhaoshang.core.roles import INVESTOR_EDIT, PERSONAL_DATA_VIEW, TARGETING_MANAGE
from zhaoshang.projects import services as project_services
from zhaoshang.projects.models import Enterprise, Project
from zhaoshang.targeting.choices import MERGE, PERSONAL_READ
from zhaoshang.targeting.models import Contact, EnterpriseMerge, Investor, Lead, LinkEnterprise

INVESTOR_FIELDS = ("unit", "size", "tags", "note")
ENTERPRISE_FIELDS = ("name", "credit_code", "region", "industry", "registered_locally")
CONTACT_FIELDS = ("name", "title", "phone", "id_number", "note")
# Audit rows never hold the personal data itself, only that it changed.
_CONTACT_AUDITED = ("name", "title", "note")


def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def _investor_snapshot(investor):
    return audit.snapshot(investor, (*INVESTOR_FIELDS, "enterprise"))


@transaction.atomic
def investor_create(*, actor, unit, enterprise=None, size="medium", tags="", note="", **company):
    """Add an investor: an enterprise already in the register, or a new one from ``company``."""
    _require(
        unit_in_scope(actor, INVESTOR_EDIT, unit),
        _("You may not record investors for this unit."),
    )
    _unknown(company, ENTERPRISE_FIELDS)
    if enterprise is None:
        if not (company.get("name") or "").strip():
            raise ValidationError({"name": _("Give the enterprise's name.")})
        if company.get("credit_code"):
            existing = Enterprise.objects.filter(
                credit_code=company["credit_code"].strip().upper()
            ).first()
            if existing is not None:
                enterprise = existing
        if enterprise is None:
            enterprise = project_services.enterprise_save(actor=actor, **company)
    if Investor.objects.filter(enterprise=enterprise).exists():
        raise ValidationError(
            _("%(name)s is already in the investor database.") % {"name": enterprise.name}
        )
    investor = Investor(enterprise=enterprise, unit=unit, size=size, tags=tags, note=note)
    investor.full_clean()
    investor.save()
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=investor, after=_investor_snapshot(investor)
    )
    return investor


@transaction.atomic
def investor_update(*, actor, investor, **fields):
    investor = Investor.objects.select_for_update().get(pk=investor.pk)
    _require(can(actor, INVESTOR_EDIT, investor), _("You may not change this investor."))
    company = {k: fields.pop(k) for k in list(fields) if k in ENTERPRISE_FIELDS}
    _unknown(fields, INVESTOR_FIELDS)
    if "unit" in fields and fields["unit"] != investor.unit:
        _require(
            unit_in_scope(actor, INVESTOR_EDIT, fields["unit"]),
            _("You may not hand the investor to that unit."),
        )
    if company:
        project_services.enterprise_save(actor=actor, enterprise=investor.enterprise, **company)
    before = _investor_snapshot(investor)
    for name, value in fields.items():
        setattr(investor, name, value)
    investor.full_clean()
    after = _investor_snapshot(investor)
    if after != before:
        investor.save()
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=investor, before=before, after=after
        )
    return investor


def _clean_contact(contact):
    contact.phone = "".join((contact.phone or "").split())
    contact.id_number = "".join((contact.id_number or "").split()).upper()
    if contact.phone and not all(c.isdigit() or c in "+-" for c in contact.phone):
        raise ValidationError({"phone": _("A phone number has digits only.")})
    if contact.id_number and len(contact.id_number) not in (15, 18):
        raise ValidationError({"id_number": _("An ID number has 15 or 18 characters.")})


@transaction.atomic
def contact_save(*, actor, investor=None, contact=None, **fields):
    """Add a contact to ``investor`` or change ``contact``."""
    _unknown(fields, CONTACT_FIELDS)
    creating = contact is None
    if creating:
        contact = Contact(investor=investor)
    else:
        contact = Contact.objects.select_for_update().select_related("investor").get(pk=contact.pk)
    _require(can(actor, INVESTOR_EDIT, contact.investor), _("You may not change this investor."))
    before = None if creating else audit.snapshot(contact, _CONTACT_AUDITED)
    personal_before = (contact.phone, contact.id_number)
    for name, value in fields.items():
        setattr(contact, name, value)
    _clean_contact(contact)
    contact.full_clean()
    contact.save()
    after = audit.snapshot(contact, _CONTACT_AUDITED)
    personal_changed = (contact.phone, contact.id_number) != personal_before
    if creating or after != before or personal_changed:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=contact,
            before=before,
            after=after,
            message=_("Personal data changed.") if personal_changed and not creating else "",
        )
    return contact


def contact_reveal(*, actor, contact):
    """The full phone and ID number, for those who need them; every read is audited."""
    _require(
        can(actor, PERSONAL_DATA_VIEW, contact),
        _("You may not see contacts' full phone and ID numbers."),
    )
    audit.record(
        actor=actor,
        action=PERSONAL_READ,
        category=AuditCategory.SECURITY,
        obj=contact,
        message=_("Full phone and ID number shown."),
    )
    return {"phone": contact.phone, "id_number": contact.id_number}


@transaction.atomic
def enterprise_merge(*, actor, survivor, duplicate):
    """Merge ``duplicate`` into ``survivor``: its investor profile's contacts, visits and leads,
    its chain links and its projects move over; a merge record and audit rows remain."""
    _require(has_action(actor, TARGETING_MANAGE), _("You may not merge enterprises."))
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Choose two different enterprises."))
    survivor = Enterprise.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Enterprise.objects.select_for_update().get(pk=duplicate.pk)
    moved = {}
    keep = Investor.objects.filter(enterprise=survivor).first()
    gone = Investor.objects.filter(enterprise=duplicate).first()
    if gone is not None:
        if keep is None:
            # The survivor had no profile: the duplicate's becomes its profile.
            gone.enterprise = survivor
            gone.save(update_fields=["enterprise"])
            moved["investor"] = 1
        else:
            moved["contacts"] = gone.contacts.update(investor=keep)
            moved["visits"] = gone.visits.update(investor=keep)
            moved["leads"] = gone.leads.update(investor=keep)
            tags = keep.tag_list + [t for t in gone.tag_list if t not in keep.tag_list]
            keep.tags = ", ".join(tags)[:200]
            if gone.note:
                keep.note = "\n".join(filter(None, [keep.note, gone.note]))
            keep.save(update_fields=["tags", "note"])
            gone.delete()
    for row in LinkEnterprise.objects.filter(enterprise=duplicate):
        if LinkEnterprise.objects.filter(link=row.link, enterprise=survivor).exists():
            row.delete()
        else:
            row.enterprise = survivor
            row.save(update_fields=["enterprise"])
    EnterpriseMerge.objects.filter(survivor=duplicate).update(survivor=survivor)
    moved["referrals"] = Lead.objects.filter(referrer_enterprise=duplicate).update(
        referrer_enterprise=survivor
    )
    projects = list(Project.objects.filter(enterprise=duplicate))
    for project in projects:
        Project.objects.filter(pk=project.pk).update(enterprise=survivor)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=project,
            before={"enterprise": duplicate.name},
            after={"enterprise": survivor.name},
            message=_("Investor merged into %(name)s.") % {"name": survivor.name},
        )
    moved["projects"] = len(projects)
    for name in ("credit_code", "region", "industry"):
        if getattr(survivor, name) is None and getattr(duplicate, name) is not None:
            setattr(survivor, name, getattr(duplicate, name))
    record = EnterpriseMerge.objects.create(
        survivor=survivor,
        merged_public_id=duplicate.public_id,
        merged_name=duplicate.name,
        merged_credit_code=duplicate.credit_code or "",
        moved=moved,
        merged_by=actor,
    )
    dup_snapshot = audit.snapshot(duplicate, ENTERPRISE_FIELDS)
    duplicate.delete()
    # The credit code may only move once the duplicate holding it is gone.
    survivor.save()
    audit.record(
        actor=actor,
        action=MERGE,
        obj=survivor,
        before=dup_snapshot,
        after={"moved": moved},
        message=_("%(merged)s merged into %(survivor)s.")
        % {"merged": record.merged_name, "survivor": survivor.name},
    )
    return record
