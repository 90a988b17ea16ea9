"""The figures of a bulletin (通报) for a period of a year: the shared contract of the bulletin
and the dashboard (RPT-1, RPT-2).

Which projects moved in the period comes from the month-end snapshots (ASM-2): a project counts
for a stage when its stage at the end of the last month has reached it (pipeline order) while
at the end of the month before the period it had not. The stage before January is read from the
stage history, exactly as a December snapshot would have recorded it. A regenerated bulletin
therefore names the same projects with the same amounts: snapshots record each project's total
investment and funds in place. Only revisions frozen before they did fall back on the register.

Reports, stalled projects and open repeat flags describe the units now; rank and tier come from
the published ranking of the year through the period's last month, or are computed live.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.assessment import engine, services_scores
from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.assessment.models import AssessmentYear, MonthlySnapshot, Ranking, Target
from zhaoshang.assessment.selectors_dispatch import members_for, report_tallies
from zhaoshang.assessment.snapshots import (
    month_figures,
    month_has_ended,
    month_start,
    snapshot_take,
)
from zhaoshang.core.roles import ASSESSMENT_VIEW
from zhaoshang.projects.choices import FlagStatus, StageKind
from zhaoshang.projects.models import Project, RepeatFlag, Stage, Transition
from zhaoshang.projects.selectors import stalled_q
from zhaoshang.reports.memo import memoised, seen_by

ZERO = Decimal("0")
HUNDRED = Decimal("100")
ONE_PLACE = Decimal("0.1")
CENT = Decimal("0.01")
FLOWS = ("signed", "landed", "started", "producing")
# Units named in one sentence of the narrative before the rest are only counted (decision 0039).
NAMED_AT_MOST = 30


@dataclass
class Flow:
    """Projects that reached a stage in the period, with their amounts (万元)."""

    count: int = 0
    total_investment: Decimal = ZERO
    funds_in_place: Decimal = ZERO
    codes: list = field(default_factory=list)

    def add(self, other):
        self.count += other.count
        self.total_investment += other.total_investment
        self.funds_in_place += other.funds_in_place
        self.codes.extend(other.codes)


@dataclass
class UnitRow:
    """One unit's line of the bulletin; the totals line has ``unit`` and ``group`` None."""

    unit: object
    group: object
    signed: Flow = field(default_factory=Flow)
    landed: Flow = field(default_factory=Flow)
    started: Flow = field(default_factory=Flow)
    producing: Flow = field(default_factory=Flow)
    # Landed since January through the period's end: what targets are measured against.
    landed_ytd: Flow = field(default_factory=Flow)
    landed_target: Decimal | None = None
    landed_milestone: Decimal | None = None
    investment_target: Decimal | None = None
    investment_milestone: Decimal | None = None
    milestone_month: int | None = None
    rank: int | None = None
    tier: str = ""
    late: int = 0
    missing: int = 0
    late_months: list = field(default_factory=list)
    missing_months: list = field(default_factory=list)
    stalled: int = 0
    repeats: int = 0

    @property
    def start_rate(self):
        """Started ÷ signed in the period, a percentage to one decimal (None without signings)."""
        return percent(self.started.count, self.signed.count)

    @property
    def landed_completion(self):
        return percent(self.landed_ytd.count, self.landed_milestone)

    @property
    def landed_year_completion(self):
        return percent(self.landed_ytd.count, self.landed_target)

    @property
    def investment_completion(self):
        return percent(self.landed_ytd.total_investment, self.investment_milestone)

    @property
    def investment_year_completion(self):
        return percent(self.landed_ytd.total_investment, self.investment_target)

    def flows(self):
        return [(name, getattr(self, name)) for name in FLOWS]


@dataclass
class Figures:
    year: AssessmentYear
    first_month: int
    last_month: int
    group: object
    units: list
    totals: UnitRow
    red_tier: str = ""
    black_tier: str = ""
    red_list: list = field(default_factory=list)
    black_list: list = field(default_factory=list)
    reports: dict = field(default_factory=dict)
    stalled: dict = field(default_factory=dict)
    repeats: dict = field(default_factory=dict)
    ranking: Ranking | None = None
    # True when a month in the figures has not ended or could not be frozen in a snapshot.
    provisional: bool = False
    previous: "Figures | None" = None
    last_year: "Figures | None" = None
    narrative: list = field(default_factory=list)
    # When the figures' data were read, and whether nothing has changed since (reports/memo.py).
    read_at: object = None
    current: bool = True

    @property
    def label(self):
        return period_label(self.year.year, self.first_month, self.last_month)


def percent(part, whole):
    if whole is None or not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def money(value, places=2):
    """万元 with thousands separators, rounded half up to ``places`` decimals."""
    step = Decimal(1).scaleb(-places)
    return f"{(value or ZERO).quantize(step, rounding=ROUND_HALF_UP):,}"


def period_label(year, first, last):
    if first == last:
        return _("%(year)s, month %(month)s") % {"year": year, "month": first}
    return _("%(year)s, months %(first)s to %(last)s") % {
        "year": year,
        "first": first,
        "last": last,
    }


def period_figures(*, user, year, first_month, last_month, group=None, today=None, fresh=False):
    """The bulletin's figures for months ``first_month``..``last_month`` of ``year`` over the
    units of the year (or of ``group``) that ``user`` may see, with the previous period of
    equal length and the same months of the previous year for comparison. Unless ``fresh``,
    slow figures may be served as read a few minutes ago (``read_at``, ``current``)."""
    if not 1 <= first_month <= last_month <= 12:
        raise ValueError("months must satisfy 1 <= first_month <= last_month <= 12")
    today = today or timezone.localdate()
    scope = seen_by(user, ASSESSMENT_VIEW)
    key = f"figures:{scope}:{year.pk}:{first_month}:{last_month}:{getattr(group, 'pk', '-')}"
    memo = memoised(
        f"{key}:{today.isoformat()}",
        lambda: _period_figures(user, year, first_month, last_month, group, today),
        fresh=fresh,
    )
    figures = memo.value
    figures.read_at, figures.current = memo.read_at, memo.current
    return figures


def _period_figures(user, year, first_month, last_month, group, today):
    figures = _figures(user, year, first_month, last_month, group, today)
    length = last_month - first_month + 1
    earlier = AssessmentYear.objects.filter(year=year.year - 1).first()
    # The comparisons are only read for their flows (the narrative): nothing else is computed.
    if first_month > length:
        figures.previous = _figures(
            user,
            year,
            first_month - length,
            first_month - 1,
            _same_group(group, year),
            today,
            flows_only=True,
        )
    elif first_month == 1 and earlier is not None:
        figures.previous = _figures(
            user, earlier, 13 - length, 12, _same_group(group, earlier), today, flows_only=True
        )
    if earlier is not None:
        figures.last_year = _figures(
            user,
            earlier,
            first_month,
            last_month,
            _same_group(group, earlier),
            today,
            flows_only=True,
        )
    figures.narrative = narrative(figures)
    return figures


def _same_group(group, year):
    """The group of the same code in another year (None: the whole county)."""
    if group is None or group.year_id == year.pk:
        return group
    return year.groups.filter(code=group.code).first() or group


def _figures(user, year, first_month, last_month, group, today, *, flows_only=False):
    """The figures of one period; ``flows_only`` keeps only the totals of what moved (all that a
    comparison period is read for), without targets, ranks, reports or the units' rows."""
    if group is not None and group.year_id != year.pk:
        # The group does not exist that year: compare nothing rather than the whole county.
        members = []
    else:
        members = list(members_for(user, year, group))
    rows = [UnitRow(unit=m.unit, group=m.group) for m in members]
    by_unit = {row.unit.pk: row for row in rows}
    stages = {stage.pk: stage for stage in Stage.objects.all()}
    positions = _flow_positions(stages.values())
    provisional = _fill_flows(rows, year, first_month, last_month, stages, positions, today)
    if flows_only:
        # Kept with the figures they compare to: the totals without the projects' codes.
        totals = _totals(rows)
        for _name, flow in totals.flows():
            flow.codes = []
        totals.landed_ytd.codes = []
        return Figures(
            year=year,
            first_month=first_month,
            last_month=last_month,
            group=group,
            units=[],
            totals=totals,
            provisional=provisional,
        )
    _fill_targets(by_unit, year, last_month)
    ranking, red, black = _fill_ranks(rows, year, last_month)
    reports = _fill_reports(by_unit, year, first_month, last_month, today)
    stalled = _roll_up(
        rows,
        Project.objects.filter(stalled_q(today)).values("unit__path").annotate(n=Count("pk")),
        "unit__path",
    )
    repeats = _roll_up(
        rows,
        RepeatFlag.objects.filter(status=FlagStatus.OPEN)
        .values("project__unit__path")
        .annotate(n=Count("pk")),
        "project__unit__path",
    )
    for row in rows:
        row.stalled = stalled.get(row.unit.pk, 0)
        row.repeats = repeats.get(row.unit.pk, 0)
    return Figures(
        year=year,
        first_month=first_month,
        last_month=last_month,
        group=group,
        units=rows,
        totals=_totals(rows),
        red_tier=red,
        black_tier=black,
        red_list=[row for row in rows if red and row.tier == red],
        black_list=[row for row in rows if black and row.tier == black],
        reports=reports,
        stalled=stalled,
        repeats=repeats,
        ranking=ranking,
        provisional=provisional,
    )


def _flow_positions(stages):
    """The pipeline position from which each flow counts: 签约, the first stage that counts as
    landed, 开工 and 投产 (stage codes as the bureau's pipeline names them)."""
    pipeline = sorted((s for s in stages if s.kind == StageKind.PIPELINE), key=lambda s: s.position)
    by_code = {s.code: s.position for s in pipeline}
    landed = next((s.position for s in pipeline if s.landed), None)
    return {
        "signed": by_code.get("signed"),
        "landed": landed,
        "started": by_code.get("started"),
        "producing": by_code.get("producing"),
    }


def _month_rows(year, units, month, today):
    """``{unit_id: figures}`` at the end of ``month`` for each unit: the newest snapshot
    revision, taken now when the month has ended and nobody took one yet. Returns the figures
    and whether any of them is not frozen."""
    found = {}
    snapshots = (
        MonthlySnapshot.objects.filter(year=year, unit__in=units, month=month)
        .order_by("unit_id", "revision")
        .values_list("unit_id", "figures")
    )
    for unit_id, figures in snapshots:
        found[unit_id] = figures
    provisional = False
    for unit in units:
        if unit.pk in found:
            continue
        if month_has_ended(year.year, month, today):
            try:
                found[unit.pk] = snapshot_take(
                    actor=None, year=year, unit=unit, month=month
                ).figures
                continue
            except PermissionDenied:
                pass
        found[unit.pk] = month_figures(unit=unit, year=year, month=month)
        provisional = True
    return found, provisional


def _reached(stage, position):
    return (
        stage is not None
        and position is not None
        and stage.kind == StageKind.PIPELINE
        and stage.position >= position
    )


def _fill_flows(rows, year, first_month, last_month, stages, positions, today):
    units = [row.unit for row in rows]
    if not units:
        return False
    by_code = {stage.code: stage for stage in stages.values()}
    end, provisional = _month_rows(year, units, last_month, today)
    before = {}
    if first_month > 1:
        start_rows, early = _month_rows(year, units, first_month - 1, today)
        provisional = provisional or early
        for figures in start_rows.values():
            before.update({p["code"]: p["stage"] for p in figures["projects"]})
    codes = [p["code"] for figures in end.values() for p in figures["projects"]]
    at_year_start = _stages_before_year(year, codes, stages)
    if first_month == 1:
        before = at_year_start
    amounts = _amounts(end, codes)
    for row in rows:
        for project in end[row.unit.pk]["projects"]:
            stage = by_code.get(project["stage"])
            previously = by_code.get(before.get(project["code"]))
            money_in = amounts[project["code"]]
            for name in FLOWS:
                if _reached(stage, positions[name]) and not _reached(previously, positions[name]):
                    getattr(row, name).add(Flow(1, *money_in, [project["code"]]))
            landed_before = by_code.get(at_year_start.get(project["code"]))
            if _reached(stage, positions["landed"]) and not _reached(
                landed_before, positions["landed"]
            ):
                row.landed_ytd.add(Flow(1, *money_in, [project["code"]]))
    return provisional


def _stages_before_year(year, codes, stages):
    """Each project's stage code at the end of the previous year, from the stage history."""
    start = month_start(year.year, 1)
    found = {}
    history = (
        Transition.objects.filter(project__code__in=codes, at__lt=start)
        .order_by("project_id", "at", "pk")
        .values_list("project__code", "to_stage_id")
    )
    for code, stage_id in history:
        found[code] = stages[stage_id].code
    return found


def _amounts(end, codes):
    """(total investment, funds in place) per project code: from the snapshot when it records
    them, otherwise from the register."""
    amounts = {}
    for figures in end.values():
        for p in figures["projects"]:
            if "total_investment" in p:
                amounts[p["code"]] = (Decimal(p["total_investment"]), Decimal(p["funds_in_place"]))
    missing = [code for code in codes if code not in amounts]
    if missing:
        for code, invested, funds in Project.objects.filter(code__in=missing).values_list(
            "code", "total_investment", "funds_in_place"
        ):
            amounts[code] = (invested or ZERO, funds or ZERO)
    return defaultdict(lambda: (ZERO, ZERO), amounts)


def _fill_targets(by_unit, year, last_month):
    """Year targets (December) and the milestone: the first target month >= the last month."""
    metrics = {TargetMetric.LANDED: "landed", TargetMetric.TOTAL_INVESTMENT: "investment"}
    targets = Target.objects.filter(
        year=year, unit_id__in=list(by_unit), metric__in=list(metrics), month__gte=last_month
    ).order_by("unit_id", "metric", "month")
    for target in targets.values_list("unit_id", "metric", "month", "value"):
        unit_id, metric, month, value = target
        row, prefix = by_unit[unit_id], metrics[metric]
        if getattr(row, f"{prefix}_milestone") is None:
            setattr(row, f"{prefix}_milestone", value)
            if prefix == "landed" or row.milestone_month is None:
                row.milestone_month = month
        if month == 12:
            setattr(row, f"{prefix}_target", value)


def _tier_names(document):
    tiers = (document or {}).get("tiers") or {}
    levels = [level["name"] for level in tiers.get("levels", [])]
    red = levels[0] if levels else ""
    black = tiers.get("otherwise") or (levels[-1] if len(levels) > 1 else "")
    return red, black


def _fill_ranks(rows, year, last_month):
    if not rows:
        return None, "", ""
    # The figures keep the ranking without its frozen inputs and result (megabytes at city
    # scale): only each unit's rank and tier are read from the result.
    ranking = (
        Ranking.objects.filter(year=year, through_month=last_month)
        .select_related("method")
        .defer("inputs", "result")
        .order_by("-published_at", "-pk")
        .first()
    )
    if ranking is not None:
        document = ranking.method.document
        units = _published_ranks(ranking)
    else:
        method = services_scores.current_method(year)
        if method is None:
            return None, "", ""
        document = method.document
        units = _live_ranks(year, method, last_month)
    for row in rows:
        entry = units.get(row.unit.code) or {}
        row.rank, row.tier = entry.get("rank"), entry.get("tier") or ""
    red, black = _tier_names(document)
    return ranking, red, black


def _published_ranks(ranking):
    units = Ranking.objects.filter(pk=ranking.pk).values_list("result__units", flat=True).first()
    return {
        code: {"rank": entry.get("rank"), "tier": entry.get("tier")}
        for code, entry in (units or {}).items()
    }


def _live_ranks(year, method, through_month):
    """``{unit code: {"rank", "tier"}}`` computed now with the year's method, shared by every
    user: nothing is published for the period yet."""
    today = timezone.localdate()

    def compute():
        result = engine.compute(
            year=year, document=method.document, through_month=through_month, as_of=today
        )
        return {
            row["unit"].code: {"rank": row["rank"], "tier": row["tier"]}
            for row in result.units.values()
        }

    key = f"ranks:{year.pk}:{method.pk}:{through_month}:{today.isoformat()}"
    return memoised(key, compute).value


def _fill_reports(by_unit, year, first_month, last_month, today):
    tallies = report_tallies(year=year, through_month=last_month, as_of=today)
    reports = {}
    for unit_id, row in by_unit.items():
        tally = tallies.get(unit_id) or {"late_months": [], "missing_months": []}
        row.late_months = [m for m in tally["late_months"] if m >= first_month]
        row.missing_months = [m for m in tally["missing_months"] if m >= first_month]
        row.late, row.missing = len(row.late_months), len(row.missing_months)
        reports[unit_id] = {
            "late": row.late,
            "missing": row.missing,
            "late_months": row.late_months,
            "missing_months": row.missing_months,
        }
    return reports


def _roll_up(rows, counts, path_key):
    """Counts by project unit path → ``{assessed unit id: n}``: a project belongs to the
    deepest assessed unit above it, as the unit's snapshots count it."""
    members = sorted(((row.unit.path, row.unit.pk) for row in rows), reverse=True)
    totals = {}
    for entry in counts:
        path = entry[path_key]
        owner = next((pk for prefix, pk in members if path.startswith(prefix)), None)
        if owner is not None:
            totals[owner] = totals.get(owner, 0) + entry["n"]
    return totals


def _totals(rows):
    total = UnitRow(unit=None, group=None)
    for row in rows:
        for name in (*FLOWS, "landed_ytd"):
            getattr(total, name).add(getattr(row, name))
        total.late += row.late
        total.missing += row.missing
        total.stalled += row.stalled
        total.repeats += row.repeats
    # Summed targets only when every unit has one: otherwise the total's completion would
    # divide everybody's results by some units' targets.
    for name in ("landed_target", "landed_milestone", "investment_target", "investment_milestone"):
        values = [getattr(row, name) for row in rows]
        if values and None not in values:
            setattr(total, name, sum(values, ZERO))
    return total


def _change(now, before, unit_word):
    diff = now - before
    if not diff:
        return _("unchanged")
    shown = money(abs(diff)) if unit_word == "amount" else abs(diff)
    if unit_word == "amount":
        if diff > 0:
            return _("up %(n)s (10k yuan)") % {"n": shown}
        return _("down %(n)s (10k yuan)") % {"n": shown}
    if diff > 0:
        return _("up %(n)s projects") % {"n": shown}
    return _("down %(n)s projects") % {"n": shown}


def _named(names):
    """Unit names for a sentence: all of them in a county, the first ``NAMED_AT_MOST`` and the
    count in a city, where hundreds of names would bury the rest (the tables list every one)."""
    if len(names) <= NAMED_AT_MOST:
        return "、".join(names)
    return _("%(names)s and others, %(count)s units in all") % {
        "names": "、".join(names[:NAMED_AT_MOST]),
        "count": len(names),
    }


def narrative(figures):
    """Short sentences for the bulletin's opening, generated from the figures only."""
    t = figures.totals
    if len(figures.units) == 1:
        scope = figures.units[0].unit.name
    elif figures.group is not None:
        scope = figures.group.name
    else:
        scope = _("the county")
    lines = [
        _(
            "In %(period)s, %(scope)s signed %(signed)s projects with a total investment of "
            "%(signed_amount)s (10k yuan); %(landed)s projects landed with %(landed_amount)s "
            "(10k yuan), %(started)s started and %(producing)s went into production."
        )
        % {
            "period": figures.label,
            "scope": scope,
            "signed": t.signed.count,
            "signed_amount": money(t.signed.total_investment),
            "landed": t.landed.count,
            "landed_amount": money(t.landed.total_investment),
            "started": t.started.count,
            "producing": t.producing.count,
        }
    ]
    for other, text in (
        (
            figures.previous,
            _(
                "Against the previous period (%(period)s): landed projects %(count)s, "
                "landed investment %(amount)s."
            ),
        ),
        (
            figures.last_year,
            _(
                "Against the same period last year (%(period)s): landed projects %(count)s, "
                "landed investment %(amount)s."
            ),
        ),
    ):
        if other is not None:
            lines.append(
                text
                % {
                    "period": other.label,
                    "count": _change(t.landed.count, other.totals.landed.count, "count"),
                    "amount": _change(
                        t.landed.total_investment, other.totals.landed.total_investment, "amount"
                    ),
                }
            )
    if len(figures.units) > 1:
        ordered = sorted(
            figures.units,
            key=lambda r: (-r.landed.total_investment, -r.landed.count, r.unit.sort_key),
        )
        best, worst = ordered[0], ordered[-1]
        lines.append(
            _(
                "Most landed investment: %(best)s (%(best_amount)s, 10k yuan); least: "
                "%(worst)s (%(worst_amount)s, 10k yuan)."
            )
            % {
                "best": best.unit.name,
                "best_amount": money(best.landed.total_investment),
                "worst": worst.unit.name,
                "worst_amount": money(worst.landed.total_investment),
            }
        )
    late = [row.unit.name for row in figures.units if row.late]
    missing = [row.unit.name for row in figures.units if row.missing]
    if missing:
        lines.append(_("Monthly reports missing: %(units)s.") % {"units": _named(missing)})
    if late:
        lines.append(_("Monthly reports filed late: %(units)s.") % {"units": _named(late)})
    if figures.units and not late and not missing:
        lines.append(_("All monthly reports of the period were filed on time."))
    return lines


def months_of(period, month):
    """(first, last) for a period kind ending at ``month``: ``month`` alone, ``ytd`` (1..month),
    ``quarter`` (the quarter containing month) or ``year`` (1..12)."""
    if period == "month":
        return month, month
    if period == "ytd":
        return 1, month
    if period == "quarter":
        first = (month - 1) // 3 * 3 + 1
        return first, first + 2
    if period == "year":
        return 1, 12
    raise ValueError(period)


def default_month(year, today=None):
    """The newest month of ``year`` that has ended (December for past years, January if none)."""
    today = today or timezone.localdate()
    if year.year < today.year:
        return 12
    if year.year > today.year:
        return 1
    return today.month - 1 if today.month > 1 else 1
