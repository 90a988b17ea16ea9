"""Reads of observation tours, always from ``restrict(user, action)``."""

from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from zhaoshang.assessment.choices import TourMode, TourStatus
from zhaoshang.assessment.models import GroupMember, Tour, TourEntry, TourJudge, TourMark
from zhaoshang.core.permissions import get_scoped_or_404, has_action, restrict, unit_in_scope
from zhaoshang.core.roles import (
    ASSESSMENT_MANAGE,
    ASSESSMENT_VIEW,
    PROJECT_VIEW,
    REPORT_FILE,
    TOUR_SCORE,
)
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Project


def tour_list(user):
    return (
        restrict(user, ASSESSMENT_VIEW, Tour)
        .select_related("year")
        .annotate(
            entry_count=Count("entries", distinct=True),
            judge_count=Count("judges", distinct=True),
        )
        .order_by("-year__year", "-quarter")
    )


def tours_to_score(user):
    """Open tours the user judges, with how many entries they have marked so far."""
    mine = TourMark.objects.filter(entry=OuterRef("pk"), judge__user=user)
    marked = TourEntry.objects.filter(tour=OuterRef("pk")).filter(Exists(mine))
    return (
        restrict(user, TOUR_SCORE, Tour)
        .filter(status=TourStatus.SCORING, judges__user=user)
        .select_related("year")
        .annotate(
            entry_count=Count("entries", distinct=True),
            marked_count=_count(marked),
        )
        .order_by("-year__year", "-quarter")
    )


def _count(queryset):
    counted = queryset.order_by().values("tour").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def tour_detail(user, public_id, action=ASSESSMENT_VIEW):
    return get_scoped_or_404(user, action, Tour.objects.select_related("year"), public_id=public_id)


def tour_entries(tour):
    return tour.entries.select_related("unit", "project", "project__stage", "nominated_by")


def tour_judges(tour):
    """Judges with how many entries each has marked: the bureau sees who is still missing."""
    return tour.judges.select_related("user").annotate(marked=Count("marks__entry", distinct=True))


def judge_seat(user, tour):
    return TourJudge.objects.filter(tour=tour, user=user).first()


def judge_entries(tour, judge):
    """The tour's entries for one judge: each with ``marked``, and the judge's own total out
    of 100 (or place) where marked, from one query for all the judge's marks."""
    entries = list(tour_entries(tour))
    criteria = {c.pk: c for c in tour.criteria.all()}
    totals, places = defaultdict(Fraction), {}
    for mark in TourMark.objects.filter(judge=judge, entry__tour=tour):
        if mark.criterion_id is None:
            places[mark.entry_id] = mark.place
        elif mark.criterion_id in criteria:
            c = criteria[mark.criterion_id]
            totals[mark.entry_id] += (
                Fraction(mark.score) / Fraction(c.max_score) * Fraction(c.weight)
            )
    for entry in entries:
        entry.my_place = places.get(entry.pk)
        entry.my_total = totals.get(entry.pk)
        entry.marked = entry.my_place is not None or entry.pk in totals
    return entries


def judge_marks(judge, entry):
    return {m.criterion_id: m for m in TourMark.objects.filter(judge=judge, entry=entry)}


def places_taken(judge, entry):
    """Places the judge has given to other entries: ``{place: entry}``."""
    rows = (
        TourMark.objects.filter(judge=judge, place__isnull=False)
        .exclude(entry=entry)
        .select_related("entry__unit", "entry__project")
    )
    return {m.place: m.entry for m in rows}


def units_to_put_forward(user, tour):
    """Units the user may put forward entries for on this tour: assessed in its year and, for
    a unit's staff, their own."""
    members = GroupMember.objects.filter(year=tour.year_id).values("unit")
    units = Unit.objects.filter(pk__in=members, is_active=True)
    if not has_action(user, ASSESSMENT_MANAGE):
        units = units.filter(pk__in=restrict(user, REPORT_FILE, Unit).values("pk"))
    return units


def projects_to_put_forward(user, tour):
    """Projects not yet on the tour, of the units the user may put forward."""
    if tour.mode != TourMode.PER_PROJECT:
        return Project.objects.none()
    on_tour = tour.entries.filter(project__isnull=False).values("project")
    return (
        restrict(user, PROJECT_VIEW, Project)
        .filter(unit__in=units_to_put_forward(user, tour))
        .exclude(stage__kind=StageKind.DROPPED)
        .exclude(pk__in=on_tour)
        .select_related("unit", "stage")
        .order_by("unit__sort_key", "-stage__position", "name")
    )


def unit_choices(user, tour):
    """Units not yet on a tour scored per unit, among those the user may put forward."""
    return units_to_put_forward(user, tour).exclude(pk__in=tour.entries.values("unit"))


def may_put_forward(user, tour):
    return tour.status == TourStatus.DRAFT and (
        has_action(user, ASSESSMENT_MANAGE) or has_action(user, REPORT_FILE)
    )


def may_withdraw(user, entry):
    return has_action(user, ASSESSMENT_MANAGE) or unit_in_scope(user, REPORT_FILE, entry.unit)


def entry_for(tour, public_id):
    entry = tour_entries(tour).filter(public_id=public_id).first()
    if entry is None:
        raise Http404
    return entry
