"""The assessment side of the generated county: each year's groups and members with their
targets, every ended month's snapshot and report (some late, a few missing), and the quarterly
tours with the judges' marks.

Month-end figures are computed here from the histories kept in memory, by the same rules as
``assessment.snapshots.month_figures``; ``zhaoshang.scale.verify`` recomputes them through that
function and compares digests, so a change to the rules that is not made here is caught.
"""

import hashlib
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from zhaoshang.assessment import services_scores
from zhaoshang.assessment import services_years as years_services
from zhaoshang.assessment.choices import ReportStatus, TourMethod, TourMode, TourStatus
from zhaoshang.assessment.demo import METHOD_FILE
from zhaoshang.assessment.demo_years import plan_for
from zhaoshang.assessment.models import (
    GroupMember,
    MonthlyReport,
    MonthlySnapshot,
    StalledReason,
    Target,
    Tour,
    TourCriterion,
    TourEntry,
    TourJudge,
    TourMark,
)
from zhaoshang.assessment.selectors_dispatch import due_date
from zhaoshang.assessment.snapshots import month_end, month_start, stalled_codes
from zhaoshang.core.choices import AuditAction
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Stage
from zhaoshang.scale.bulk import Dumped, Table, next_id
from zhaoshang.scale.org import make_uuid

GROUPS = [
    ("resident", "驻外组", {UnitKind.RESIDENT_GROUP}),
    ("zones", "开发区组", {UnitKind.DEV_ZONE, UnitKind.NEW_DISTRICT}),
    ("towns", "乡镇组", {UnitKind.TOWNSHIP}),
    ("depts", "部门组", {UnitKind.ECONOMIC_DEPT, UnitKind.COUNTY_DEPT}),
]
CRITERIA = [("项目质量", Decimal(40)), ("推进速度", Decimal(30)), ("要素保障", Decimal(30))]
STALLED_REASONS = (
    "投资方正在内部决策，已约定下月再次对接",
    "等待用地指标批复",
    "环评报告修改中",
    "资金筹措中，已协调金融机构对接",
)
MISSING_SHARE = 0.02
LATE_SHARE = 0.1


def setup_years(org, as_of):
    """Each year with its groups and its method, through the services."""
    bureau = org.people["scale_bureau"]
    document = services_scores.schema.parse(METHOD_FILE.read_text(encoding="utf-8"))
    years = []
    for number in sorted({2025, as_of.year}):
        year = years_services.year_create(
            actor=bureau, year=number, name=f"{number}年度招商引资考核"
        )
        groups = {
            code: years_services.group_create(actor=bureau, year=year, code=code, name=name)
            for code, name, _kinds in GROUPS
        }
        services_scores.method_save(actor=bureau, year=year, document=dict(document), note="")
        years.append((year, groups))
    return years


def members_and_targets(org, years, at):
    members = Table(GroupMember)
    targets = Table(Target)
    member_pk, target_pk = next_id(GroupMember), next_id(Target)
    bureau = org.people["scale_bureau"].pk
    for year, groups in years:
        for pk, code, kind in org.top:
            group_code = next(c for c, _n, kinds in GROUPS if kind in kinds)
            members.add(
                {"id": member_pk, "year": year.pk, "group": groups[group_code].pk, "unit": pk}
            )
            member_pk += 1
            for metric, months in plan_for(year.year, group_code, code).items():
                for month, value in months.items():
                    targets.add(
                        {
                            "id": target_pk,
                            "year": year.pk,
                            "unit": pk,
                            "metric": metric,
                            "month": month,
                            "value": value,
                            "updated_at": at,
                            "updated_by": bureau,
                        }
                    )
                    target_pk += 1
    members.flush()
    targets.flush()
    return targets.written


class Figures:
    """``month_figures`` over projects held in memory."""

    def __init__(self):
        self.stages = list(Stage.objects.order_by("position"))
        self.by_pk = {s.pk: s for s in self.stages}

    def of(self, unit_code, number, month, projects):
        start, end = month_start(number, month), month_end(number, month)
        by_stage = {
            s.code: {
                "name": s.name,
                "count": 0,
                "total_investment": Decimal(0),
                "funds_in_place": Decimal(0),
            }
            for s in self.stages
        }
        totals = {"count": 0, "total_investment": Decimal(0), "funds_in_place": Decimal(0)}
        new = {"count": 0, "total_investment": Decimal(0), "funds_in_place": Decimal(0)}
        rows = []
        for p in projects:  # in code order
            if p.created >= end:
                continue
            stage_pk, moved = None, False
            for at, pk in p.timeline:
                if at >= end:
                    break
                stage_pk = pk
                moved = moved or at >= start
            stage = self.by_pk.get(stage_pk)
            if stage is None:
                continue
            is_new = p.created >= start
            for bucket in [by_stage[stage.code], totals] + ([new] if is_new else []):
                bucket["count"] += 1
                bucket["total_investment"] += p.total
                bucket["funds_in_place"] += p.funds
            rows.append(
                {
                    "code": p.code,
                    "name": p.name,
                    "stage": stage.code,
                    "progressed": moved,
                    "new": is_new,
                    "open": stage.kind == StageKind.PIPELINE and not stage.is_final,
                    "total_investment": _money(p.total),
                    "funds_in_place": _money(p.funds),
                }
            )
        for bucket in [*by_stage.values(), totals, new]:
            bucket["total_investment"] = _money(bucket["total_investment"])
            bucket["funds_in_place"] = _money(bucket["funds_in_place"])
        return {
            "unit": unit_code,
            "year": number,
            "month": month,
            "stage_order": [s.code for s in self.stages],
            "by_stage": by_stage,
            "totals": totals,
            "new": new,
            "projects": rows,
        }


def _money(value):
    return str(value.quantize(Decimal("0.01")))


def ended_months(year, as_of):
    return [m for m in range(1, 13) if month_end(year.year, m).date() <= as_of]


def reports(ctx, years, as_of):
    """Snapshots, reports and their reasons for every assessed unit and ended month."""
    rng, org = ctx.rng, ctx.org
    figures = Figures()
    by_top = defaultdict(list)
    for p in sorted(ctx.compact, key=lambda p: p.code):
        by_top[p.top].append(p)
    snapshots = Table(MonthlySnapshot)
    reports_table = Table(MonthlyReport)
    reasons = Table(StalledReason)
    snapshot_pk, report_pk, reason_pk = (
        next_id(MonthlySnapshot),
        next_id(MonthlyReport),
        next_id(StalledReason),
    )
    for year, _groups in years:
        for month in ended_months(year, as_of):
            due = due_date(year, month)
            for unit_pk, code, _kind in org.top:
                data = Dumped(figures.of(code, year.year, month, by_top.get(unit_pk, [])))
                missing = rng.random() < MISSING_SHARE
                late = not missing and rng.random() < LATE_SHARE
                staff = org.staff[unit_pk]
                opened = ctx.moment(due - timedelta(days=rng.randint(1, 4)), rng)
                submitted = ctx.moment(
                    due + timedelta(days=rng.randint(1, 6))
                    if late
                    else due - timedelta(days=rng.randint(0, 3)),
                    rng,
                )
                submitted = max(submitted, opened + timedelta(hours=1))
                if submitted >= ctx.end:
                    missing = True
                taken = opened if not missing else ctx.moment(due + timedelta(days=1), rng)
                if taken >= ctx.end:
                    continue
                snapshots.add(
                    {
                        "id": snapshot_pk,
                        "year": year.pk,
                        "unit": unit_pk,
                        "month": month,
                        "revision": 1,
                        "taken_at": taken,
                        "taken_by": None if missing else staff,
                        "figures": data,
                        "digest": hashlib.sha256(data.text.encode("utf-8")).hexdigest(),
                        "note": "",
                    }
                )
                if not missing:
                    public_id = make_uuid(rng)
                    reports_table.add(
                        {
                            "id": report_pk,
                            "public_id": public_id,
                            "year": year.pk,
                            "unit": unit_pk,
                            "month": month,
                            "due_date": due,
                            "status": ReportStatus.SUBMITTED,
                            "snapshot": snapshot_pk,
                            "work_done": "本月走访企业，推进在谈项目，协调项目要素保障。",
                            "problems": "",
                            "next_plan": "继续跟进在谈项目，推动签约项目落地开工。",
                            "submitted_at": submitted,
                            "submitted_by": staff,
                            "is_late": submitted.astimezone(ctx.tz).date() > due,
                            "version": 2,
                            "created_at": opened,
                            "updated_at": submitted,
                        }
                    )
                    stalled = set(stalled_codes(data))
                    for p in by_top.get(unit_pk, []):
                        if p.code in stalled:
                            reasons.add(
                                {
                                    "id": reason_pk,
                                    "report": report_pk,
                                    "project": p.pk,
                                    "reason": rng.choice(STALLED_REASONS),
                                }
                            )
                            reason_pk += 1
                    repr_ = f"{code} · {year.year}-{month:02d}"
                    ctx.events.append(
                        (
                            opened,
                            AuditAction.CREATE,
                            staff,
                            "assessment.monthlyreport",
                            str(public_id),
                            repr_,
                            None,
                            {"status": "draft"},
                        )
                    )
                    ctx.events.append(
                        (
                            submitted,
                            AuditAction.UPDATE,
                            staff,
                            "assessment.monthlyreport",
                            str(public_id),
                            repr_,
                            {"status": "draft"},
                            {"status": "submitted"},
                        )
                    )
                    report_pk += 1
                snapshot_pk += 1
    for table in (snapshots, reports_table, reasons):
        table.flush()
    return snapshots.written, reports_table.written


def tours(ctx, years, as_of):
    """A closed tour for every ended quarter: every assessed unit presents, the county leaders
    mark each on three criteria (the first leader's mark weighs double)."""
    rng, org = ctx.rng, ctx.org
    tables = {
        "tour": Table(Tour),
        "criterion": Table(TourCriterion),
        "judge": Table(TourJudge),
        "entry": Table(TourEntry),
        "mark": Table(TourMark),
    }
    ids = {name: next_id(table.model) for name, table in tables.items()}

    def take(name):
        ids[name] += 1
        return ids[name] - 1

    leaders = [u.pk for u in org.leaders]
    for year, _groups in years:
        for quarter in range(1, 5):
            last_month = quarter * 3
            if month_end(year.year, last_month).date() > as_of:
                continue
            held = date(year.year, last_month, 20)
            tour = take("tour")
            at = ctx.moment(held - timedelta(days=14), rng)
            closed = ctx.moment(held + timedelta(days=3), rng)
            tables["tour"].add(
                {
                    "id": tour,
                    "public_id": make_uuid(rng),
                    "year": year.pk,
                    "quarter": quarter,
                    "name": f"{year.year}年第{quarter}季度项目观摩",
                    "held_on": held,
                    "method": TourMethod.WEIGHTED_AVERAGE,
                    "mode": TourMode.PER_UNIT,
                    "place_first": Decimal(100),
                    "place_step": Decimal(3),
                    "status": TourStatus.CLOSED,
                    "created_at": at,
                    "closed_at": closed,
                }
            )
            criteria = []
            for position, (name, weight) in enumerate(CRITERIA, start=1):
                criterion = take("criterion")
                tables["criterion"].add(
                    {
                        "id": criterion,
                        "tour": tour,
                        "name": name,
                        "weight": weight,
                        "max_score": Decimal(100),
                        "position": position,
                    }
                )
                criteria.append(criterion)
            judges = []
            for n, user in enumerate(leaders):
                judge = take("judge")
                tables["judge"].add(
                    {"id": judge, "tour": tour, "user": user, "weight": Decimal(2 if n == 0 else 1)}
                )
                judges.append(judge)
            for position, (unit_pk, _code, _kind) in enumerate(org.top, start=1):
                entry = take("entry")
                tables["entry"].add(
                    {
                        "id": entry,
                        "public_id": make_uuid(rng),
                        "tour": tour,
                        "unit": unit_pk,
                        "project": None,
                        "position": position,
                        "nominated_by": None,
                    }
                )
                quality = rng.randint(65, 92)
                for judge in judges:
                    for criterion in criteria:
                        score = Decimal(min(100, max(40, quality + rng.randint(-8, 8))))
                        tables["mark"].add(
                            {
                                "id": take("mark"),
                                "entry": entry,
                                "judge": judge,
                                "criterion": criterion,
                                "score": score,
                                "place": None,
                                "marked_at": ctx.moment(held, rng),
                            }
                        )
    for table in tables.values():
        table.flush()
    return tables["mark"].written
