"""What units have achieved so far in a year, as reported: the progress side of targets (ASM-1).

A project counts for a stage metric in the year in which it *first* reached that stage or a later
pipeline stage, from the stage transitions, so a project that went on to 开工 in the same month it
landed counts as landed too, and one that landed last year does not count again. The amounts and
the quality counts (二产, strategic emerging, major) are over the projects that landed in the
period. A project's credit shares split what it adds between units by percent; a project without
shares counts wholly for its own unit.

These are raw figures over all projects, verified or not: the assessment itself counts only
verified, qualifying projects, by the year's method.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min, Q
from django.utils import timezone

from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import CreditShare, Project, Stage, Transition
from zhaoshang.reference.choices import Sector

# Stage metrics by the code of the stage they count from; "landed" is whichever stage first
# carries the landed flag, as the bureau set up its pipeline.
STAGE_METRICS = {
    TargetMetric.SIGNED: "signed",
    TargetMetric.STARTED: "started",
    TargetMetric.PRODUCING: "producing",
}
PLACES = Decimal("0.01")
HUNDRED = Decimal("100")


def period(year, through_month):
    """[1 January, first day after ``through_month``) in the county's time zone."""
    start = datetime.datetime(year, 1, 1)
    end = (
        datetime.datetime(year + 1, 1, 1)
        if through_month == 12
        else datetime.datetime(year, through_month + 1, 1)
    )
    zone = timezone.get_current_timezone()
    return timezone.make_aware(start, zone), timezone.make_aware(end, zone)


def stage_thresholds():
    """``{metric: position}``: a project counts for the metric from the stage at that position
    on. A metric whose stage the pipeline lacks is left out (and stays at zero)."""
    pipeline = list(Stage.objects.filter(kind=StageKind.PIPELINE).order_by("position"))
    by_code = {stage.code: stage.position for stage in pipeline}
    thresholds = {
        metric: by_code[code] for metric, code in STAGE_METRICS.items() if code in by_code
    }
    landed = next((stage.position for stage in pipeline if stage.landed), None)
    if landed is not None:
        thresholds[TargetMetric.LANDED] = landed
    return thresholds


def actuals(*, year, units, through_month):
    """``{unit_id: {metric: Decimal}}`` for every unit in ``units`` (units or ids) and every
    metric, from 1 January of ``year`` (an AssessmentYear or a number) to the end of
    ``through_month``. Three queries, whatever the number of units and projects."""
    number = getattr(year, "year", year)
    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    totals = {uid: dict.fromkeys(TargetMetric.values, Decimal("0")) for uid in unit_ids}
    if not unit_ids:
        return totals
    start, end = period(number, through_month)
    thresholds = stage_thresholds()
    candidates = Project.objects.filter(
        Q(unit_id__in=unit_ids) | Q(credit_shares__unit_id__in=unit_ids)
    ).values("pk")
    firsts = {
        f"first_{metric}": Min(
            "at",
            filter=Q(to_stage__kind=StageKind.PIPELINE, to_stage__position__gte=position),
        )
        for metric, position in thresholds.items()
    }
    rows = (
        Transition.objects.filter(project__in=candidates, at__lt=end)
        .values(
            "project_id",
            "project__unit_id",
            "project__total_investment",
            "project__funds_in_place",
            "project__foreign_funds_usd",
            "project__sector",
            "project__strategic_field_id",
            "project__is_major",
        )
        .annotate(**firsts)
        .order_by()
    )
    shares = {}
    for project_id, unit_id, percent in CreditShare.objects.filter(
        project__in=candidates
    ).values_list("project_id", "unit_id", "percent"):
        shares.setdefault(project_id, []).append((unit_id, percent))

    def in_period(moment):
        return moment is not None and start <= moment < end

    for row in rows:
        reached = [m for m in thresholds if in_period(row[f"first_{m}"])]
        if not reached:
            continue
        adds = dict.fromkeys(reached, Decimal("1"))
        if TargetMetric.LANDED in reached:
            adds[TargetMetric.TOTAL_INVESTMENT] = row["project__total_investment"]
            adds[TargetMetric.FUNDS_IN_PLACE] = row["project__funds_in_place"]
            adds[TargetMetric.FOREIGN_FUNDS] = row["project__foreign_funds_usd"]
            if row["project__sector"] == Sector.SECONDARY:
                adds[TargetMetric.SECONDARY] = Decimal("1")
            if row["project__strategic_field_id"] is not None:
                adds[TargetMetric.STRATEGIC] = Decimal("1")
            if row["project__is_major"]:
                adds[TargetMetric.MAJOR] = Decimal("1")
        credit = shares.get(row["project_id"]) or [(row["project__unit_id"], HUNDRED)]
        for unit_id, percent in credit:
            figures = totals.get(unit_id)
            if figures is None:
                continue
            for metric, amount in adds.items():
                figures[metric] += amount * percent / HUNDRED
    for figures in totals.values():
        for metric, value in figures.items():
            figures[metric] = value.quantize(PLACES, rounding=ROUND_HALF_UP)
    return totals
