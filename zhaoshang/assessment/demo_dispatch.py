"""Demo monthly reports: every assessed unit files its months through the services, as its own
head or staff (or the bureau, entering a paper report, where a unit has no account), at
historic times. About one report in twelve comes in late; a past year has exactly one missing
report, from a township, with the bureau's reminder; in the current year the latest month that
has ended is left open for 经开区 and 城关镇 (the demo's accounts file and get reminded in the
browser) and a share of the other units.

Everything is drawn from ``Random`` seeded by the year, so a run gives the same reports.
"""

from datetime import datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from zhaoshang.assessment import services_dispatch as services
from zhaoshang.assessment.models import GroupMember, MonthlyReport
from zhaoshang.assessment.selectors_dispatch import due_date
from zhaoshang.assessment.snapshots import month_end
from zhaoshang.core.roles import BUREAU_ADMIN, UNIT_HEAD, UNIT_STAFF
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Membership, User

SEED = 2025
LATE_SHARE = 0.08
# Left unfiled in the current year's latest ended month: 经开区's head files it in the browser,
# and 城关镇's staff are the ones the bureau reminds (browser test, user guide).
LEFT_OPEN = frozenset({"zone1", "town1"})
# In the current year, the share of units that have already filed the latest ended month.
OPEN_MONTH_SHARE = 0.6

_REGIONS = ("京津", "长三角", "珠三角", "山东半岛", "雄安新区", "省会石家庄", "港澳")
_CITIES = ("北京", "天津", "上海", "苏州", "深圳", "广州", "杭州", "宁波", "青岛", "济南")
_WORK = (
    "接待{region}客商来访考察{n}批次，陪同实地踏勘项目选址",
    "赴{city}开展小分队驻点招商，走访拜访企业{n}家",
    "召开项目推进调度会{n}次，协调解决用地、环评等问题{m}个",
    "参加市级投资促进推介会，对接意向企业{n}家",
    "梳理在谈项目清单，建立一项目一台账，逐项明确责任人",
    "与{city}商会座谈，开展以商招商，获取项目线索{n}条",
    "组织专班上门服务在建项目，帮助企业办理审批手续{n}项",
    "围绕产业链薄弱环节包装招商项目{n}个，更新招商项目库",
)
_PROBLEMS = (
    "部分项目用地指标紧张，土地组卷报批周期较长。",
    "个别项目环评、能评手续办理进度偏慢。",
    "受市场影响，个别客商投资意向有所波动。",
    "专业招商人员不足，项目包装和谈判能力有待提高。",
    "标准化厂房供给不足，小体量项目落地承载空间有限。",
    "在谈项目多、签约转化率偏低，需加大跟进力度。",
    "部分签约项目资金到位较慢，影响开工进度。",
)
_SEASON_PROBLEMS = {
    1: "春节前后客商外出考察减少，洽谈节奏放缓。",
    2: "春节假期影响，项目洽谈和施工进度放缓。",
    7: "汛期降雨较多，在建项目施工受到一定影响。",
    8: "高温天气和汛期影响部分项目施工。",
    12: "冬季气温低，在建项目室外施工受限。",
}
_PLANS = (
    "紧盯{project}，推动尽快进入下一环节",
    "计划赴{city}开展专题招商活动，拜访重点客商",
    "加快在谈项目转化，力争新签约项目{n}个",
    "做好项目集中开工准备，落实要素保障",
    "对停滞项目逐一分析原因，明确包联领导和时限",
    "配合项目领导小组做好综合审定，防止项目定而不决",
    "跟进已签约项目审批手续，压缩办理时限",
)
_REASONS = {
    "negotiating": (
        "投资方正在内部论证投资方案，等待董事会决策",
        "双方就优惠政策条款仍在磋商",
        "投资方同时考察其他地区选址，正在持续跟进",
        "项目规划方案调整中，待投资方确认",
        "已报送选址方案，等待投资方回复",
    ),
    "signed": (
        "正在办理立项备案前期手续",
        "投资方资金筹措中，尚未启动审批",
        "可研报告编制中，预计下月报审",
    ),
    "approving": (
        "环评报告编制中，预计下月报审",
        "用地预审与选址意见办理中",
        "能评手续正在补充材料",
        "规划许可待专家评审",
    ),
    "landed": (
        "施工图设计审查中，尚未具备开工条件",
        "场地平整进行中",
        "施工单位招标中",
    ),
    "started": (
        "项目按计划施工，本月无阶段变化",
        "主体结构施工中，设备采购已启动",
        "设备安装调试中，计划下季度试生产",
    ),
}
_WINTER = "冬季停工，计划开春后复工"


def demo_through_month(*, year, today):
    """The last month the demo files for every unit: all of a past year; in the current year
    every month before the latest one that has ended (that one is left open)."""
    if year.year == today.year - 1 and today.month == 1:
        return 11  # in January the latest ended month is last December
    if year.year < today.year:
        return 12
    if year.year > today.year:
        return 0
    return max(today.month - 2, 0)


def _filers(units):
    """Who files each unit's reports in the demo: its head, else its staff, else the bureau."""
    rank = {UNIT_HEAD: 0, UNIT_STAFF: 1}
    chosen = {}
    rows = (
        Membership.objects.filter(unit__in=units, role__in=rank, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    for membership in rows:
        best = chosen.get(membership.unit_id)
        if best is None or rank[membership.role] < best[0]:
            chosen[membership.unit_id] = (rank[membership.role], membership.user)
    bureau = (
        User.objects.filter(memberships__role=BUREAU_ADMIN, is_active=True)
        .order_by("username")
        .first()
    )
    return {unit.pk: chosen[unit.pk][1] if unit.pk in chosen else bureau for unit in units}, bureau


def _at(day, rng, tz):
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=tz)


def _narrative(rng, figures, month):
    names = {code: s["name"] for code, s in figures["by_stage"].items()}
    moved = [p for p in figures["projects"] if p["progressed"] and not p["new"]]
    open_projects = [p for p in figures["projects"] if p["open"]]
    fill = {
        "region": rng.choice(_REGIONS),
        "city": rng.choice(_CITIES),
        "n": rng.randint(2, 9),
        "m": rng.randint(2, 6),
    }
    work = [s.format(**fill) for s in rng.sample(_WORK, rng.randint(2, 3))]
    for project in moved[:2]:
        work.append(f"{project['name']}进入{names.get(project['stage'], '')}阶段")
    if figures["new"]["count"]:
        work.append(
            f"新录入项目{figures['new']['count']}个，总投资{figures['new']['total_investment']}万元"
        )
    problems = rng.sample(_PROBLEMS, rng.randint(1, 2))
    if month in _SEASON_PROBLEMS and rng.random() < 0.7:
        problems.insert(0, _SEASON_PROBLEMS[month])
    plan_fill = {
        **fill,
        "project": rng.choice(open_projects)["name"] if open_projects else "在谈项目",
    }
    plans = [s.format(**plan_fill) for s in rng.sample(_PLANS, rng.randint(2, 3))]
    return "；".join(work) + "。", "".join(problems), "；".join(plans) + "。"


def _reasons(rng, figures, month):
    stages = {p["code"]: p["stage"] for p in figures["projects"]}
    reasons = {}
    for project in figures["projects"]:
        if not project["open"] or project["progressed"]:
            continue
        stage = stages[project["code"]]
        if stage == "started" and month in (12, 1, 2) and rng.random() < 0.5:
            reasons[project["code"]] = _WINTER
        else:
            reasons[project["code"]] = rng.choice(_REASONS.get(stage, _REASONS["negotiating"]))
    return reasons


def _file(actor, year, unit, month, submit_at, rng, words):
    opened = submit_at - timedelta(hours=rng.randint(2, 60))
    earliest = month_end(year.year, month) + timedelta(hours=9)
    opened = max(opened, earliest)
    report = services.report_open(actor=actor, year=year, unit=unit, month=month, at=opened)
    figures = report.snapshot.figures
    work_done, problems, next_plan = _narrative(words, figures, month)
    report = services.report_save(
        actor=actor,
        report=report,
        work_done=work_done,
        problems=problems,
        next_plan=next_plan,
        reasons=_reasons(words, figures, month),
        at=opened,
    )
    return services.report_submit(actor=actor, report=report, at=max(submit_at, opened))


def _submit_day(rng, year, month, today, *, late):
    """A day after the month's end: by the due date, or 1–6 days after it when late (on time
    if that day is not yet past); None when no such day is past yet."""
    first = month_end(year.year, month).date()
    due = due_date(year, month)
    on_time = first + timedelta(days=rng.randint(0, (due - first).days))
    if late:
        day = due + timedelta(days=rng.randint(1, 6))
        if day < today:
            return day
    return on_time if on_time < today else None


@transaction.atomic
def load_demo_reports(*, year, through_month, today):
    """File months 1..``through_month`` of ``year`` for every member unit (see the module's
    docstring); returns how many reports were submitted. Does nothing if the year already has
    reports."""
    if MonthlyReport.objects.filter(year=year).exists():
        return 0
    # Two streams: who files when is drawn apart from the words, whose number of draws depends
    # on each month's projects, so that the calendar stays the same when the projects differ.
    rng = Random(SEED * 10_000 + year.year)  # noqa: S311 - reproducible demo data, not secrecy
    words = Random(SEED * 10_000 + year.year + 1)  # noqa: S311
    tz = ZoneInfo(settings.TIME_ZONE)
    members = list(
        GroupMember.objects.filter(year=year)
        .select_related("unit")
        .order_by("group__position", "unit__sort_key")
    )
    units = [m.unit for m in members]
    filers, bureau = _filers(units)
    missing = None
    towns = [u for u in units if u.kind == UnitKind.TOWNSHIP]
    if year.year < today.year and towns and through_month >= 3:
        missing = (rng.choice(towns).pk, rng.randint(3, min(through_month, 10)))
    open_month = through_month + 1
    open_ended = open_month <= 12 and month_end(year.year, open_month).date() <= today
    filed = 0
    for month in range(1, through_month + 1 + (1 if open_ended else 0)):
        for unit in units:
            late = rng.random() < LATE_SHARE
            if (unit.pk, month) == missing:
                continue
            if month == open_month and (unit.code in LEFT_OPEN or rng.random() >= OPEN_MONTH_SHARE):
                continue
            day = _submit_day(rng, year, month, today, late=late and month != open_month)
            if day is None:
                continue
            _file(filers[unit.pk], year, unit, month, _at(day, rng, tz), rng, words)
            filed += 1
    if missing is not None and bureau is not None:
        unit_pk, month = missing
        reminded = due_date(year, month) + timedelta(days=2)
        services.reminder_send(
            actor=bureau,
            year=year,
            month=month,
            units=[u for u in units if u.pk == unit_pk],
            at=datetime.combine(reminded, time(10, 0), tzinfo=tz),
        )
    return filed
