"""Writes to observation tours (ASM-3). Pages, the API and the demo all call these.

A tour moves one way only: in preparation (criteria, judges and entries are set up) → scoring
open (judges mark) → closed (marks are frozen). A closed tour is never reopened: the year's
rankings read its results.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.assessment.choices import TourMethod, TourMode, TourStatus, YearStatus
from zhaoshang.assessment.models import (
    GroupMember,
    Tour,
    TourCriterion,
    TourEntry,
    TourJudge,
    TourMark,
)
from zhaoshang.assessment.models.tours import QUARTERS
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action, unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE, REPORT_FILE, TOUR_SCORE
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import CreditShare

TOUR_FIELDS = ("quarter", "name", "held_on", "method", "mode", "place_first", "place_step")
# What may still change once judges are marking: nothing that changes how marks are read.
LATE_FIELDS = {"name", "held_on"}
HUNDRED = Decimal("100")


def default_name(year, quarter):
    return _("%(year)s %(quarter)s project observation tour") % {
        "year": year,
        "quarter": dict(QUARTERS)[quarter],
    }


def _require_manager(actor):
    if not has_action(actor, ASSESSMENT_MANAGE):
        raise PermissionDenied(_("You may not run observation tours."))


def _lock(tour):
    return Tour.objects.select_for_update().get(pk=tour.pk)


def _require_draft(tour):
    if tour.status != TourStatus.DRAFT:
        raise ValidationError(
            _("This can only change while the tour is in preparation."), code="not_draft"
        )


def _require_not_closed(tour):
    if tour.status == TourStatus.CLOSED:
        raise ValidationError(
            _("The tour is closed; nothing on it can change any more."), code="closed"
        )


def _tour_snapshot(tour):
    return audit.snapshot(tour, (*TOUR_FIELDS, "status"))


@transaction.atomic
def tour_create(*, actor, year, quarter, name="", **fields):
    _require_manager(actor)
    unknown = set(fields) - set(TOUR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if year.status != YearStatus.OPEN:
        raise ValidationError(_("%(year)s is closed; no tour can be added.") % {"year": year})
    tour = Tour(year=year, quarter=quarter, name=name.strip(), **fields)
    if not tour.name and quarter in (1, 2, 3, 4):
        tour.name = default_name(year.year, quarter)
    tour.full_clean()
    tour.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=tour, after=_tour_snapshot(tour))
    return tour


@transaction.atomic
def tour_update(*, actor, tour, **fields):
    _require_manager(actor)
    tour = _lock(tour)
    unknown = set(fields) - set(TOUR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _require_not_closed(tour)
    changed = {k: v for k, v in fields.items() if getattr(tour, k) != v}
    if set(changed) - LATE_FIELDS:
        _require_draft(tour)
    if "mode" in changed and tour.entries.exists():
        raise ValidationError(
            {"mode": _("Remove the entries first: they were put forward for the other form.")}
        )
    if not changed:
        return tour
    before = _tour_snapshot(tour)
    for name, value in changed.items():
        setattr(tour, name, value)
    tour.full_clean()
    tour.save(update_fields=list(changed))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=tour,
        before=before,
        after=_tour_snapshot(tour),
    )
    return tour


def _check_weights(tour, rows):
    if tour.method == TourMethod.PLACE_VOTES:
        return
    if not rows:
        raise ValidationError(_("Judges mark by criteria: add at least one."), code="criteria")
    total = sum((Decimal(row["weight"]) for row in rows), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            _("The criteria's weights add up to %(total)s%%; they must add up to 100%%.")
            % {"total": f"{total.normalize():f}"},
            code="weights",
        )


def _criteria_snapshot(criteria):
    return [
        {"name": c.name, "weight": str(c.weight), "max_score": str(c.max_score)} for c in criteria
    ]


@transaction.atomic
def tour_set_criteria(*, actor, tour, criteria):
    """Replace the tour's criteria with ``criteria`` (dicts of name, weight, max_score)."""
    _require_manager(actor)
    tour = _lock(tour)
    _require_draft(tour)
    rows = [{**row, "name": (row.get("name") or "").strip()} for row in criteria]
    names = [row["name"] for row in rows]
    if len(set(names)) != len(names):
        raise ValidationError(_("Two criteria have the same name."), code="duplicate")
    _check_weights(tour, rows)
    before = _criteria_snapshot(tour.criteria.all())
    tour.criteria.all().delete()
    saved = []
    for position, row in enumerate(rows, start=1):
        criterion = TourCriterion(
            tour=tour,
            name=row["name"],
            weight=row["weight"],
            max_score=row.get("max_score") or HUNDRED,
            position=position,
        )
        criterion.full_clean()
        criterion.save()
        saved.append(criterion)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=tour,
        before={"criteria": before},
        after={"criteria": _criteria_snapshot(saved)},
    )
    return saved


@transaction.atomic
def tour_judge_save(*, actor, tour, user, weight=Decimal("1")):
    """Seat ``user`` as a judge, or change their weight. Judges may be changed until the tour
    closes: a leader who cannot come on the day is replaced."""
    _require_manager(actor)
    tour = _lock(tour)
    _require_not_closed(tour)
    if not user.is_active or not has_action(user, TOUR_SCORE):
        raise ValidationError(
            {"user": _("%(user)s does not hold the right to score tours.") % {"user": user}}
        )
    judge = TourJudge.objects.filter(tour=tour, user=user).first()
    before = audit.snapshot(judge, ("user", "weight")) if judge else None
    judge = judge or TourJudge(tour=tour, user=user)
    judge.weight = weight
    judge.full_clean()
    judge.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=judge,
        before=before,
        after=audit.snapshot(judge, ("user", "weight")),
        message=tour.name,
    )
    return judge


@transaction.atomic
def tour_judge_remove(*, actor, judge):
    _require_manager(actor)
    tour = _lock(judge.tour)
    _require_not_closed(tour)
    if judge.marks.exists():
        raise ValidationError(
            _("%(judge)s has already given marks and stays on the tour.") % {"judge": judge.user}
        )
    before = audit.snapshot(judge, ("user", "weight"))
    audit.record(
        actor=actor, action=AuditAction.DELETE, obj=judge, before=before, message=tour.name
    )
    judge.delete()


def _may_put_forward(actor, unit):
    return has_action(actor, ASSESSMENT_MANAGE) or unit_in_scope(actor, REPORT_FILE, unit)


def _check_project(tour, unit, project):
    if project.stage.kind == StageKind.DROPPED:
        raise ValidationError({"project": _("A dropped project cannot be presented.")})
    if (
        project.unit_id != unit.pk
        and not CreditShare.objects.filter(project=project, unit=unit).exists()
    ):
        raise ValidationError(
            {
                "project": _("%(project)s is not a project of %(unit)s.")
                % {
                    "project": project.name,
                    "unit": unit.name,
                }
            }
        )


def _entry_snapshot(entry):
    return audit.snapshot(entry, ("unit", "project", "nominated_by"))


@transaction.atomic
def tour_entry_add(*, actor, tour, unit=None, project=None):
    """Put a project (or, on a tour scored per unit, a unit) on the tour. The bureau may add
    any; a unit's staff may put forward their own while the tour is in preparation."""
    tour = _lock(tour)
    if tour.mode == TourMode.PER_PROJECT:
        if project is None:
            raise ValidationError({"project": _("Choose the project the unit presents.")})
        unit = unit or project.unit
    elif project is not None:
        raise ValidationError(
            {"project": _("This tour is scored per unit: choose the unit, not a project.")}
        )
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit.")})
    if not _may_put_forward(actor, unit):
        raise PermissionDenied(_("You may not put entries forward for %(unit)s.") % {"unit": unit})
    _require_draft(tour)
    if not GroupMember.objects.filter(year=tour.year_id, unit=unit).exists():
        raise ValidationError(
            {
                "unit": _("%(unit)s is not assessed in any group of %(year)s.")
                % {
                    "unit": unit.name,
                    "year": tour.year,
                }
            }
        )
    if project is not None:
        _check_project(tour, unit, project)
    last = tour.entries.aggregate(m=Max("position"))["m"] or 0
    entry = TourEntry(tour=tour, unit=unit, project=project, position=last + 1, nominated_by=actor)
    entry.full_clean()
    entry.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        after=_entry_snapshot(entry),
        message=tour.name,
    )
    return entry


@transaction.atomic
def tour_entry_remove(*, actor, entry):
    tour = _lock(entry.tour)
    if not _may_put_forward(actor, entry.unit):
        raise PermissionDenied(
            _("You may not withdraw entries of %(unit)s.") % {"unit": entry.unit}
        )
    _require_draft(tour)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=entry,
        before=_entry_snapshot(entry),
        message=tour.name,
    )
    entry.delete()


def _set_status(actor, tour, status, **extra):
    before = _tour_snapshot(tour)
    tour.status = status
    for name, value in extra.items():
        setattr(tour, name, value)
    tour.save(update_fields=["status", *extra])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=tour, before=before, after=_tour_snapshot(tour)
    )
    return tour


@transaction.atomic
def tour_open(*, actor, tour):
    """Open scoring: from now on judges mark, and the set-up no longer changes."""
    _require_manager(actor)
    tour = _lock(tour)
    _require_draft(tour)
    missing = []
    if not tour.entries.exists():
        missing.append(_("entries"))
    if not tour.judges.exists():
        missing.append(_("judges"))
    if missing:
        raise ValidationError(
            _("Scoring cannot open without %(missing)s.") % {"missing": "、".join(missing)}
        )
    _check_weights(tour, list(tour.criteria.values("weight")))
    return _set_status(actor, tour, TourStatus.SCORING)


@transaction.atomic
def tour_close(*, actor, tour, at=None):
    """Close the tour: its marks are frozen and its results count in the year's assessment."""
    _require_manager(actor)
    tour = _lock(tour)
    if tour.status != TourStatus.SCORING:
        raise ValidationError(_("Only a tour that is being scored can be closed."))
    return _set_status(actor, tour, TourStatus.CLOSED, closed_at=at or timezone.now())


def _judge_for(actor, tour):
    judge = TourJudge.objects.filter(tour=tour, user=actor).first()
    if judge is None or not has_action(actor, TOUR_SCORE):
        raise PermissionDenied(_("You are not a judge on this tour."))
    return judge


def _require_scoring(tour):
    _require_not_closed(tour)
    if tour.status != TourStatus.SCORING:
        raise ValidationError(_("Scoring has not opened yet."), code="not_open")


def _decimal(value):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _checked_scores(criteria, scores):
    errors, clean = {}, {}
    unknown = set(scores) - {c.pk for c in criteria}
    if unknown:
        raise ValidationError(_("These marks name no criterion of this tour."))
    for c in criteria:
        key = f"criterion_{c.pk}"
        if scores.get(c.pk) in (None, ""):
            errors[key] = _("%(criterion)s: a mark is needed.") % {"criterion": c.name}
            continue
        number = _decimal(scores[c.pk])
        if number is None or not Decimal(0) <= number <= c.max_score:
            errors[key] = _("%(criterion)s: give a mark from 0 to %(max)s.") % {
                "criterion": c.name,
                "max": f"{c.max_score.normalize():f}",
            }
        elif number.as_tuple().exponent < -2:
            errors[key] = _("%(criterion)s: at most two decimal places.") % {"criterion": c.name}
        else:
            clean[c.pk] = number.quantize(Decimal("0.01"))
    if errors:
        raise ValidationError(errors)
    return clean


def _checked_place(tour, judge, entry, place):
    count = tour.entries.count()
    number = _decimal(place) if place not in (None, "") else None
    if number is None or number != number.to_integral_value() or not 1 <= number <= count:
        raise ValidationError({"place": _("Choose a place from 1 to %(n)s.") % {"n": count}})
    place = int(number)
    taken = (
        TourMark.objects.filter(judge=judge, place=place)
        .exclude(entry=entry)
        .select_related("entry__unit", "entry__project")
        .first()
    )
    if taken:
        raise ValidationError(
            {
                "place": _(
                    "You have already given place %(place)s to %(entry)s; each place can be "
                    "given only once. Change that entry's place first."
                )
                % {"place": place, "entry": taken.entry}
            }
        )
    return place


def _upsert(rows, entry, judge, criterion, at, **values):
    mark = rows.get(criterion.pk if criterion else None)
    if mark is None:
        TourMark.objects.create(
            entry=entry, judge=judge, criterion=criterion, marked_at=at, **values
        )
        return True
    if all(getattr(mark, k) == v for k, v in values.items()):
        return False
    for name, value in values.items():
        setattr(mark, name, value)
    mark.marked_at = at
    mark.save(update_fields=[*values, "marked_at"])
    return True


def _marks_snapshot(rows, criteria):
    if None in rows:
        return {"place": rows[None].place}
    return {c.name: str(rows[c.pk].score) for c in criteria if c.pk in rows}


@transaction.atomic
def tour_mark_save(*, actor, entry, scores=None, place=None, at=None):
    """Save one judge's marks for one entry: ``scores`` maps each criterion's id to a mark, or
    ``place`` is the entry's place when the tour votes. Saving the same again changes nothing
    and writes no audit row. Returns whether anything changed."""
    # The tour row is the lock: a mark cannot slip in while the tour is being closed, and
    # one judge's places cannot be given twice by two quick saves.
    tour = _lock(entry.tour)
    judge = _judge_for(actor, tour)
    _require_scoring(tour)
    entry = TourEntry.objects.select_related("unit", "project").get(pk=entry.pk, tour=tour)
    criteria = list(tour.criteria.all())
    existing = {m.criterion_id: m for m in TourMark.objects.filter(entry=entry, judge=judge)}
    before = _marks_snapshot(existing, criteria) if existing else None
    now = at or timezone.now()
    if tour.method == TourMethod.PLACE_VOTES:
        number = _checked_place(tour, judge, entry, place)
        changed = _upsert(existing, entry, judge, None, now, place=number)
    else:
        clean = _checked_scores(criteria, scores or {})
        changed = False
        for c in criteria:
            changed |= _upsert(existing, entry, judge, c, now, score=clean[c.pk])
    if changed:
        rows = {m.criterion_id: m for m in TourMark.objects.filter(entry=entry, judge=judge)}
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=entry,
            before=before,
            after=_marks_snapshot(rows, criteria),
            message=_("%(tour)s: marks by %(judge)s") % {"tour": tour.name, "judge": actor},
        )
    return changed
