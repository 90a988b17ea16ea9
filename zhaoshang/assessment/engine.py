"""Scoring and ranking (ASM-4): a method document applied to a year, up to a month.

``compute`` gathers every input first (projects as of the period's end, targets, report
tallies, tour results, bonus/deduction items, approved adjustments), then scores from those
inputs alone, so the same inputs always give the same result and a published ranking can keep
both. Only verified projects at the landed stage, passing every qualifying rule, add points;
every other project's line says which rule kept it out.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext as _

from zhaoshang.assessment import facts as facts_module
from zhaoshang.assessment import scoring
from zhaoshang.assessment.choices import AdjustmentStatus, TourStatus
from zhaoshang.assessment.models import Adjustment, GroupMember, Ranking, ScoreItem, Target, Tour
from zhaoshang.assessment.scoring import HUNDRED, ZERO, fmt, round_to
from zhaoshang.assessment.selectors_dispatch import report_tallies
from zhaoshang.assessment.tour_results import year_tour_results

AMOUNT_MEASURES = ("total_investment", "funds_in_place", "foreign_funds_usd")


def _months_back(day, months):
    month = day.month - months
    year = day.year
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


def counted_in_earlier_years(year):
    """Codes of projects that scored in an earlier year's final published ranking."""
    codes = {}
    rankings = (
        Ranking.objects.filter(year__year__lt=year, through_month=12)
        .order_by("year__year", "published_at")
        .values_list("year__year", KeyTransform("counted_projects", "result"))
    )
    for ranking_year, counted in rankings:
        for code in counted or []:
            codes.setdefault(code, ranking_year)
    return codes


def qualifying_reasons(fact, rules, *, window_start, min_investment, counted_before):
    """Why a project does not count for a unit (empty list: it counts)."""
    reasons = []
    stage = fact.stage_at_end
    if stage is not None and stage.kind == "dropped":
        # A dropped project is out whatever else holds; "not landed" would say nothing more.
        reasons.append(_("dropped by the end of the period"))
    if fact.falsified:
        reasons.append(_("found false (rejected as a repeat, or a spot-check discrepancy)"))
    dropped = stage is not None and stage.kind == "dropped"
    if fact.landed_on is None:
        if not dropped:
            reasons.append(
                _("not landed by the end of the period (stage: %(stage)s)")
                % {"stage": stage.name if stage else "—"}
            )
    elif fact.landed_on < window_start:
        reasons.append(
            _("landed on %(date)s, before this assessment period")
            % {"date": fact.landed_on.isoformat()}
        )
    # Only a landed project can be verified; for the others "not landed" says it all.
    if fact.verified_on is None and fact.landed_on is not None:
        reasons.append(_("not verified by the investment bureau"))
    if rules["count_once"] and fact.code in counted_before:
        reasons.append(
            _("already scored in the %(year)s assessment") % {"year": counted_before[fact.code]}
        )
    if rules["exclude_local_investors"] and fact.local_investor:
        reasons.append(_("local investor"))
    if rules["exclude_government_funded"] and fact.government_funded:
        reasons.append(_("government-funded"))
    for code in rules["excluded_industries"]:
        if code in (fact.section, fact.division):
            reasons.append(_("excluded industry %(code)s") % {"code": code})
    if fact.total_investment < min_investment:
        reasons.append(
            _("total investment %(amount)s below the minimum %(minimum)s (10k yuan)")
            % {"amount": fmt(fact.total_investment), "minimum": fmt(min_investment)}
        )
    if rules["exclude_relocations"] and fact.project_type == "relocation":
        reasons.append(_("relocation of an existing enterprise"))
    if rules["exclude_expansions"] and fact.project_type == "expansion":
        reasons.append(_("in-place expansion of an existing enterprise"))
    return reasons


def _passes(fact, conditions, stages, year_start):
    if "sector" in conditions and fact.sector != conditions["sector"]:
        return False
    if "strategic" in conditions and fact.strategic != conditions["strategic"]:
        return False
    if "major" in conditions and fact.major != conditions["major"]:
        return False
    if "type" in conditions and fact.project_type not in conditions["type"]:
        return False
    if "stage" in conditions:
        position = stages[conditions["stage"]].position
        if not any(p >= position for p in fact.reached_positions):
            return False
    if "carried_over" in conditions:
        carried = fact.landed_on is not None and fact.landed_on < year_start
        if carried != conditions["carried_over"]:
            return False
    return True


class Inputs:
    """Everything a computation reads, gathered once."""

    def __init__(
        self, *, year, document, through_month, as_of, reports=None, tours=None, tours_held=None
    ):

        self.year = year
        self.document = document
        self.through_month = through_month
        self.as_of = as_of
        self.start, self.end = facts_module.period_bounds(year.year, through_month)
        rules = document["qualifying"]
        self.window_start = _months_back(self.start, rules["carry_over_months"])
        self.stages = facts_module.stages_by_code()
        members = GroupMember.objects.filter(year=year).select_related("group", "unit")
        self.members = sorted(members, key=lambda m: (m.group.position, m.group_id, m.unit.path))
        unit_ids = [m.unit_id for m in self.members]
        self.projects = facts_module.load(
            unit_ids=unit_ids, end=self.end, landed_stage=self.stages[rules["landed_stage"]]
        )
        self.targets = self._targets(unit_ids)
        if reports is None:
            reports = report_tallies(year=year, through_month=through_month, as_of=as_of)
        self.reports = reports
        if tours is None:
            tours = year_tour_results(year=year, through_month=through_month)
        self.tours = tours
        # A unit that presented nothing on a tour scores 0 for it: the average runs over every
        # tour held, not only those the unit appeared in.
        if tours_held is None:
            tours_held = Tour.objects.filter(
                year=year, status=TourStatus.CLOSED, quarter__lte=through_month // 3
            ).count()
        self.tours_held = tours_held
        self.items = defaultdict(int)
        for unit_id, code, n in ScoreItem.objects.filter(
            year=year, occurred_on__lte=self.end
        ).values_list("unit_id", "code", "occurrences"):
            self.items[(unit_id, code)] += n
        self.adjustments = defaultdict(list)
        # Adjustments are mostly decided at the year-end review, after December: the whole
        # year takes every one approved by ``as_of``; a year-to-date period only those approved
        # by its end, so a December decision does not reach back into a March figure.
        last_day = as_of if through_month == 12 else min(self.end, as_of)
        cutoff = facts_module.local_end(last_day)
        for adj in Adjustment.objects.filter(
            year=year, status=AdjustmentStatus.APPROVED, decided_at__lt=cutoff
        ).select_related("requested_by", "decided_by"):
            self.adjustments[adj.unit_id].append(adj)
        # Indexed once: each unit's credited projects, and the projects it owns.
        self.credited = defaultdict(list)
        self.owned = defaultdict(list)
        for fact in self.projects.values():
            self.owned[fact.owner_id].append(fact)
            for unit_id in fact.shares:
                self.credited[unit_id].append(fact)
        self.counted_before = counted_in_earlier_years(year.year) if rules["count_once"] else {}

    def _targets(self, unit_ids):
        """The target a unit works towards at ``through_month``: the first milestone at or
        after that month (the year's own target for December)."""
        chosen = {}
        rows = Target.objects.filter(
            year=self.year, unit_id__in=unit_ids, month__gte=self.through_month
        ).order_by("-month")
        for unit_id, metric, month, value in rows.values_list(
            "unit_id", "metric", "month", "value"
        ):
            chosen[(unit_id, metric)] = (value, month)
        return chosen


def _project_value(fact, measure, share):
    base = Decimal(1) if measure == "count" else getattr(fact, measure)
    return base * share / HUNDRED


def _metric_value(indicator, unit_id, inputs, counted):
    """The metric of one indicator for one unit, and the projects it counted (with shares)."""
    metric = indicator["metric"]
    source, measure = metric["source"], metric["measure"]
    if source == "projects" and measure in ("overdue_start", "falsified"):
        return Decimal(_event_count(measure, unit_id, inputs)), []
    if source == "projects":
        lines = []
        total = ZERO
        for fact, share in counted:
            if _passes(fact, metric["where"], inputs.stages, inputs.start):
                value = _project_value(fact, measure, share)
                total += value
                lines.append((fact, share, value))
        return total, lines
    if source == "reports":
        return Decimal(inputs.reports.get(unit_id, {}).get(measure, 0)), []
    if source == "tours":
        total = sum(inputs.tours.get(unit_id, {}).values(), ZERO)
        if measure == "sum" or not inputs.tours_held:
            return total, []
        return total / inputs.tours_held, []
    return Decimal(sum(inputs.items.get((unit_id, c), 0) for c in metric["codes"])), []


def _event_count(measure, unit_id, inputs):
    signed = inputs.stages.get("signed")
    started = inputs.stages.get("started")
    count = 0
    for fact in inputs.owned.get(unit_id, []):
        if measure == "falsified" and fact.falsified:
            count += 1
        if (
            measure == "overdue_start"
            and signed
            and started
            and fact.stage_at_end is not None
            and fact.stage_at_end.is_pipeline
            and signed.position <= fact.stage_at_end.position < started.position
            and fact.deadline_at_end is not None
            and fact.deadline_at_end < inputs.end
        ):
            count += 1
    return count


def _score(indicator, value, unit_id, inputs, group_values, lines):
    params = indicator["scoring"]
    method = params["method"]
    if method == "ratio_to_target":
        target = inputs.targets.get((unit_id, params["target"]))
        return scoring.ratio_to_target(value, target[0] if target else None, params)
    if method == "efficacy":
        values = list(group_values.values())
        return scoring.efficacy(value, min(values), max(values), params)
    if method == "rank":
        ranks = scoring.competition_ranks(group_values)
        return scoring.rank_points(value, ranks[unit_id], params)
    if method == "factor":
        return scoring.factor(value, params)
    if method == "per_occurrence":
        return scoring.per_occurrence(value, params)
    total = ZERO
    parts = []
    for fact, share, _value in lines:
        points, band = scoring.band_for(
            fact, share, params["bands"], lambda f, b: _passes(f, b, inputs.stages, inputs.start)
        )
        total += points
        if band is not None:
            parts.append(fmt(points))
    formula = " + ".join(parts) + f" = {fmt(total)}" if parts else "0"
    return scoring.capped(total, params.get("cap"), formula)


def compute(*, year, document, through_month=12, as_of=None, inputs=None):
    """Score every unit in the year's groups; see the module docstring."""
    as_of = as_of or dt.date.today()
    inputs = inputs or Inputs(
        year=year, document=document, through_month=through_month, as_of=as_of
    )
    rules = document["qualifying"]
    places = document["rounding"]["places"]
    each = document["rounding"]["each_indicator"]
    groups = {}
    for member in inputs.members:
        groups.setdefault(member.group.code, {"group": member.group, "members": []})
        groups[member.group.code]["members"].append(member)
    units = {}
    counted_codes = set()
    for code, entry in groups.items():
        counted_by_unit = {}
        for member in entry["members"]:
            minimum = Decimal(rules["min_investment_by_group"].get(code, rules["min_investment"]))
            lines, counted = [], []
            for fact in inputs.credited.get(member.unit_id, []):
                share = fact.shares[member.unit_id]
                reasons = qualifying_reasons(
                    fact,
                    rules,
                    window_start=inputs.window_start,
                    min_investment=minimum,
                    counted_before=inputs.counted_before,
                )
                earlier = fact.landed_on is not None and fact.landed_on < inputs.window_start
                lines.append(
                    {
                        "fact": fact,
                        "share": share,
                        "reasons": reasons,
                        "points": {},
                        "earlier": earlier,
                    }
                )
                if not reasons:
                    counted.append((fact, share))
                    counted_codes.add(fact.code)
            counted_by_unit[member.unit_id] = (lines, counted)
        indicator_rows = defaultdict(list)
        for indicator in document["indicators"]:
            values = {}
            metric_lines = {}
            for member in entry["members"]:
                value, used = _metric_value(
                    indicator, member.unit_id, inputs, counted_by_unit[member.unit_id][1]
                )
                values[member.unit_id] = value
                metric_lines[member.unit_id] = used
            for member in entry["members"]:
                unit_id = member.unit_id
                points, formula = _score(
                    indicator, values[unit_id], unit_id, inputs, values, metric_lines[unit_id]
                )
                weight = Decimal(indicator["weight"])
                if weight != 1:
                    formula += f"；× {fmt(weight)}"
                    points *= weight
                if indicator["places"] is not None:
                    points = round_to(points, indicator["places"])
                elif each:
                    points = round_to(points, places)
                points = points if points else abs(points)  # no "−0" from 0 × a deduction
                target = inputs.targets.get((unit_id, indicator["scoring"].get("target")))
                indicator_rows[unit_id].append(
                    {
                        "code": indicator["code"],
                        "name": indicator["name"],
                        "value": values[unit_id],
                        "target": target[0] if target else None,
                        "points": points,
                        # Unrounded points (the method rounds only the total) are shown to six
                        # places; the total is still the sum of the exact figures.
                        "shown": points
                        if indicator["places"] is not None or each
                        else round_to(points, 6),
                        "formula": formula,
                        "projects": [f.code for f, _s, _v in metric_lines[unit_id]],
                    }
                )
                by_code = {line["fact"].code: line for line in counted_by_unit[unit_id][0]}
                for fact, _share, value in metric_lines[unit_id]:
                    by_code[fact.code]["points"][indicator["code"]] = value
        totals = {}
        for member in entry["members"]:
            rows = indicator_rows[member.unit_id]
            adjustments = inputs.adjustments.get(member.unit_id, [])
            total = sum((r["points"] for r in rows), ZERO) + sum(
                (a.points for a in adjustments), ZERO
            )
            totals[member.unit_id] = round_to(total, places)
            units[member.unit_id] = {
                "unit": member.unit,
                "group": entry["group"],
                "indicators": rows,
                "adjustments": adjustments,
                "total": totals[member.unit_id],
                "lines": counted_by_unit[member.unit_id][0],
            }
        ranks = scoring.competition_ranks(totals)
        tiers = document["tiers"]
        for unit_id, rank in ranks.items():
            units[unit_id]["rank"] = rank
            units[unit_id]["tier"] = scoring.tier_for(
                tiers["levels"], tiers["otherwise"], rank, totals[unit_id], len(totals)
            )
    return Result(inputs=inputs, groups=groups, units=units, counted_codes=counted_codes)


class Result:
    def __init__(self, *, inputs, groups, units, counted_codes):
        self.inputs = inputs
        self.groups = groups
        self.units = units
        self.counted_codes = counted_codes

    def ranked(self):
        """(group, [unit rows in rank order]) for each group in the year's order."""
        out = []
        for entry in self.groups.values():
            rows = [self.units[m.unit_id] for m in entry["members"]]
            rows.sort(key=lambda r: (r["rank"], r["unit"].path))
            out.append((entry["group"], rows))
        return out
