"""Writes for the field work: outbound trips, visits and negotiations, and leads from report
to project. Pages, the API and the demo all call these."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.notifications import notify
from zhaoshang.core.permissions import can, has_action, unit_in_scope
from zhaoshang.core.roles import INVESTOR_EDIT, LEAD_CREATE, PROJECT_CREATE, UNIT_HEAD, UNIT_STAFF
from zhaoshang.orgs.models import User
from zhaoshang.projects import services as project_services
from zhaoshang.targeting.choices import LeadStatus, VisitKind
from zhaoshang.targeting.models import Lead, ProjectLink, Trip, Visit

TRIP_FIELDS = ("title", "region", "city", "start_date", "end_date", "budget", "expenses")
TRIP_FIELDS += ("purpose", "summary")
VISIT_FIELDS = ("kind", "investor", "date", "place", "participants", "summary", "outcome")
VISIT_FIELDS += ("follow_up", "follow_up_date")
LEAD_FIELDS = ("name", "investor_name", "investor", "origin_region", "industry", "link")
LEAD_FIELDS += ("total_investment", "description", "next_action", "referrer_kind")
LEAD_FIELDS += ("referrer_enterprise", "referrer_name")
# How long a unit has to take up a lead unless the reporter says otherwise.
LEAD_FOLLOW_UP_DAYS = 30


def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def _members_in_unit(unit):
    """The people of a unit who follow up its leads: its head and its investment team."""
    return User.objects.filter(
        is_active=True, memberships__unit=unit, memberships__role__in=[UNIT_HEAD, UNIT_STAFF]
    ).distinct()


# Trips ----------------------------------------------------------------------------------------


@transaction.atomic
def trip_save(*, actor, trip=None, unit=None, members=None, **fields):
    _unknown(fields, TRIP_FIELDS)
    creating = trip is None
    if creating:
        _require(
            unit_in_scope(actor, INVESTOR_EDIT, unit), _("You may not record trips for this unit.")
        )
        trip = Trip(unit=unit, created_by=actor)
        before = None
    else:
        trip = Trip.objects.select_for_update().get(pk=trip.pk)
        _require(can(actor, INVESTOR_EDIT, trip), _("You may not change this trip."))
        before = audit.snapshot(trip, TRIP_FIELDS)
    for name, value in fields.items():
        setattr(trip, name, value)
    trip.full_clean()
    trip.save()
    if members is not None:
        trip.members.set(members)
    after = audit.snapshot(trip, TRIP_FIELDS)
    after["members"] = sorted(m.username for m in trip.members.all())
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=trip,
        before=before,
        after=after,
    )
    return trip


# Visits ---------------------------------------------------------------------------------------


@transaction.atomic
def visit_save(*, actor, visit=None, unit=None, trip=None, **fields):
    """Record a visit (on ``trip`` when given) or change ``visit``."""
    _unknown(fields, VISIT_FIELDS)
    creating = visit is None
    if creating:
        if trip is not None:
            _require(can(actor, INVESTOR_EDIT, trip), _("You may not change this trip."))
            unit = trip.unit
            fields["kind"] = VisitKind.OUTBOUND
        _require(
            unit_in_scope(actor, INVESTOR_EDIT, unit),
            _("You may not record visits for this unit."),
        )
        visit = Visit(unit=unit, trip=trip, recorded_by=actor)
        before = None
    else:
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        _require(can(actor, INVESTOR_EDIT, visit), _("You may not change this visit."))
        before = audit.snapshot(visit, VISIT_FIELDS)
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.full_clean()
    if visit.trip_id and not (visit.trip.start_date <= visit.date <= visit.trip.end_date):
        raise ValidationError({"date": _("The visit's date lies outside the trip's dates.")})
    visit.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=visit,
        before=before,
        after=audit.snapshot(visit, VISIT_FIELDS),
    )
    return visit


# Leads ----------------------------------------------------------------------------------------


def _lead_snapshot(lead):
    return audit.snapshot(lead, (*LEAD_FIELDS, "unit", "deadline", "status"))


def default_deadline(today=None):
    return (today or timezone.localdate()) + timedelta(days=LEAD_FOLLOW_UP_DAYS)


@transaction.atomic
def lead_report(*, actor, unit, deadline=None, visit=None, at=None, **fields):
    """Any cadre reports a lead (ORG-2); the unit named follows it up by the deadline."""
    _require(has_action(actor, LEAD_CREATE), _("You may not report leads."))
    _unknown(fields, LEAD_FIELDS)
    if visit is not None:
        _require(can(actor, INVESTOR_EDIT, visit), _("You may not change this visit."))
        fields.setdefault("investor", visit.investor)
    investor = fields.get("investor")
    if investor is not None and not fields.get("investor_name"):
        fields["investor_name"] = investor.enterprise.name
    now = at or timezone.now()
    lead = Lead(
        unit=unit,
        deadline=deadline or default_deadline(timezone.localtime(now).date()),
        reported_by=actor,
        reported_at=now,
        visit=visit,
        **fields,
    )
    if not unit.is_active or unit.kind == "county":
        raise ValidationError({"unit": _("Choose the unit that will follow the lead up.")})
    if lead.deadline < timezone.localtime(now).date():
        raise ValidationError({"deadline": _("The follow-up deadline cannot be in the past.")})
    lead.full_clean()
    lead.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=lead, after=_lead_snapshot(lead))
    link = reverse("targeting:lead_detail", args=[lead.public_id])
    people = list(_members_in_unit(unit).exclude(pk=actor.pk))
    title = _("New lead to follow up: %(name)s") % {"name": lead.name}
    body = _("Reported by %(who)s; follow it up by %(date)s.") % {
        "who": actor.get_full_name() or actor.get_username(),
        "date": lead.deadline.isoformat(),
    }
    transaction.on_commit(lambda: notify(users=people, title=title, body=body, link=link))
    return lead


def _lock_open_lead(actor, lead):
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    _require(can(actor, INVESTOR_EDIT, lead), _("You may not change this lead."))
    if not lead.is_open:
        raise ValidationError(
            _("This lead is closed (%(status)s).") % {"status": lead.get_status_display()},
            code="closed",
        )
    return lead


@transaction.atomic
def lead_take_up(*, actor, lead, next_action=""):
    """The unit starts following the lead up."""
    lead = _lock_open_lead(actor, lead)
    before = _lead_snapshot(lead)
    lead.status = LeadStatus.FOLLOWING
    if next_action:
        lead.next_action = next_action
    lead.save(update_fields=["status", "next_action"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=lead, before=before, after=_lead_snapshot(lead)
    )
    return lead


@transaction.atomic
def lead_drop(*, actor, lead, reason):
    lead = _lock_open_lead(actor, lead)
    if not (reason or "").strip():
        raise ValidationError({"drop_reason": _("Say why the lead is dropped.")})
    before = _lead_snapshot(lead)
    lead.status = LeadStatus.DROPPED
    lead.drop_reason = reason.strip()[:200]
    lead.closed_at = timezone.now()
    lead.save(update_fields=["status", "drop_reason", "closed_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=lead, before=before, after=_lead_snapshot(lead)
    )
    return lead


@transaction.atomic
def lead_convert(*, actor, lead, **project_fields):
    """Register the lead as a project of its unit. The project names the lead it came from, and
    through it the referrer, the investor's visits and the lead's own record."""
    lead = _lock_open_lead(actor, lead)
    _require(
        unit_in_scope(actor, PROJECT_CREATE, lead.unit),
        _("You may not register projects for this unit."),
    )
    data = {
        "name": lead.name,
        "investor_name": lead.investor_name,
        "origin_region": lead.origin_region,
        "industry": lead.industry,
        "total_investment": lead.total_investment,
        "description": lead.description,
        "next_action": lead.next_action,
    }
    if lead.investor_id:
        data["enterprise"] = lead.investor.enterprise
    data.update(project_fields)
    # Registered as a lead: the project keeps the mark that it came from one.
    project = project_services.project_create(actor=actor, unit=lead.unit, is_lead=True, **data)
    if lead.link_id:
        ProjectLink.objects.create(project=project, link=lead.link)
    before = _lead_snapshot(lead)
    lead.status = LeadStatus.CONVERTED
    lead.project = project
    lead.closed_at = timezone.now()
    lead.save(update_fields=["status", "project", "closed_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=lead,
        before=before,
        after={**_lead_snapshot(lead), "project": project.code},
        message=_("Converted to project %(code)s.") % {"code": project.code},
    )
    return project
