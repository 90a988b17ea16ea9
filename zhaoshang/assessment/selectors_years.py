"""Reads of assessment years, groups, targets and progress, always from ``restrict``."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.actuals import actuals
from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.assessment.models import AssessmentYear, GroupMember, Target, UnitGroup
from zhaoshang.assessment.models.years import YEAR_MONTH
from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import ASSESSMENT_VIEW
from zhaoshang.orgs.models import Unit


def year_list(user):
    return restrict(user, ASSESSMENT_VIEW, AssessmentYear)


def year_or_404(user, number):
    year = year_list(user).filter(year=number).first()
    if year is None:
        raise Http404
    return year


def groups_with_members(user, year):
    """The year's groups in order, each with the member units the user may see, in tree
    order (a unit's own staff see their unit in its group)."""
    members = (
        restrict(user, ASSESSMENT_VIEW, GroupMember)
        .select_related("unit")
        .order_by("unit__sort_key")
    )
    return list(
        year.groups.order_by("position", "pk").prefetch_related(
            Prefetch("members", queryset=members)
        )
    )


def unassigned_units(year):
    """Active units below the county that are in no group of the year."""
    return (
        Unit.objects.filter(is_active=True, parent__isnull=False)
        .exclude(pk__in=GroupMember.objects.filter(year=year).values("unit_id"))
        .order_by("sort_key")
    )


def group_for(year, code):
    group = UnitGroup.objects.filter(year=year, code=code).first()
    if group is None:
        raise Http404
    return group


def visible_members(user, year, group=None):
    """The year's members whose targets and progress the user may see, in group order."""
    members = (
        restrict(user, ASSESSMENT_VIEW, GroupMember)
        .filter(year=year)
        .select_related("group", "unit")
        .order_by("group__position", "group_id", "unit__sort_key")
    )
    if group is not None:
        members = members.filter(group=group)
    return list(members)


def targets_by_unit(user, year, units):
    """``{unit_id: {metric: {month: value}}}`` of the units the user may see."""
    plan = {}
    rows = (
        restrict(user, ASSESSMENT_VIEW, Target)
        .filter(year=year, unit__in=units)
        .values_list("unit_id", "metric", "month", "value")
    )
    for unit_id, metric, month, value in rows:
        plan.setdefault(unit_id, {}).setdefault(metric, {})[month] = value
    return plan


def metrics_in_use(plans):
    """Metrics with a target for at least one unit, in the order of ``TargetMetric``; all of
    them when nothing is set yet, so an empty grid still shows what may be set."""
    used = {metric for plan in plans for metric in plan}
    return [m for m in TargetMetric if m.value in used] or list(TargetMetric)


def targets_grid(user, year, group=None):
    """Rows of (member, {metric: {month: value}}) and the metrics to show as columns."""
    members = visible_members(user, year, group)
    plans = targets_by_unit(user, year, [m.unit_id for m in members])
    rows = [(member, plans.get(member.unit_id, {})) for member in members]
    return rows, metrics_in_use(plan for _member, plan in rows)


def default_month(year):
    """Progress is shown to date in the current year, for the whole year otherwise."""
    today = timezone.localdate()
    return today.month if year.year == today.year else YEAR_MONTH


# --- progress ----------------------------------------------------------------------------

STATUS_LABELS = {
    "done": _("Year target reached"),
    "ahead": _("On schedule"),
    "behind": _("Behind schedule"),
    "none": _("No target"),
}
ONE_DECIMAL = Decimal("0.1")
PLACES = Decimal("0.01")


@dataclass
class Cell:
    """One unit's progress on one metric by the end of ``month``."""

    metric: str
    value: Decimal
    target: Decimal | None = None
    due: Decimal | None = None
    due_month: int | None = None  # None: the due figure is time-proportional, no milestone
    months: dict = field(default_factory=dict)

    @property
    def label(self):
        return TargetMetric(self.metric).label

    @property
    def percent(self):
        if not self.target:
            return None
        return (self.value * 100 / self.target).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)

    @property
    def status(self):
        """done (year target reached), ahead (at or above what is due by now), behind, or
        none (no target)."""
        if self.target is None:
            return "none"
        if self.value >= self.target:
            return "done"
        return "ahead" if self.due is None or self.value >= self.due else "behind"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def cell(metric, value, months, month):
    """Targets ``months`` ({month: value}) against ``value`` by the end of ``month``: what is
    due is the latest milestone at or before ``month``, else the year target in proportion to
    the months gone."""
    target = months.get(YEAR_MONTH)
    if target is None:
        return Cell(metric=metric, value=value, months=months)
    passed = [m for m in months if m <= month]
    if passed:
        due_month = max(passed)
        due = months[due_month]
    else:
        due_month = None
        due = (target * month / YEAR_MONTH).quantize(PLACES, rounding=ROUND_HALF_UP)
    return Cell(
        metric=metric, value=value, target=target, due=due, due_month=due_month, months=months
    )


@dataclass
class ProgressRow:
    member: GroupMember
    cells: list

    @property
    def behind(self):
        return sum(1 for c in self.cells if c.status == "behind")


def progress(user, year, month, group=None):
    """Rows (one per visible member unit) of cells (one per metric in use) and the metrics.
    Seven queries, whatever the number of units and projects."""
    members = visible_members(user, year, group)
    units = [m.unit_id for m in members]
    plans = targets_by_unit(user, year, units)
    figures = actuals(year=year, units=units, through_month=month)
    metrics = metrics_in_use(plans.get(u, {}) for u in units)
    rows = [
        ProgressRow(
            member=member,
            cells=[
                cell(
                    metric.value,
                    figures[member.unit_id][metric.value],
                    plans.get(member.unit_id, {}).get(metric.value, {}),
                    month,
                )
                for metric in metrics
            ],
        )
        for member in members
    ]
    return rows, metrics
