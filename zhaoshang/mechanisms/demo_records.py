"""The demo's records, each written through the services (see ``demo.py``)."""

from datetime import timedelta

from django.utils import timezone

from zhaoshang.mechanisms import (
    services_meetings,
    services_problems,
    services_procedures,
    services_review,
)
from zhaoshang.mechanisms.choices import (
    Decision,
    ProblemCategory,
    ProcedureStep,
    Stance,
    Topic,
    Verdict,
)
from zhaoshang.mechanisms.models import ProjectProcedure
from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects.models import Project, Transition
from zhaoshang.reference.workdays import calendar

# How much longer than its time limit each department tends to take (1.0: on time).
PACE = {"fgw": 0.5, "gxj": 0.6, "zrzy": 1.25, "sthj": 1.1, "zjj": 0.8, "zsj": 0.5}
CONDITIONS = {
    "sthj": "须落实污染防治设施“三同时”，环评批复前不得开工建设。",
    "zrzy": "用地须符合国土空间规划，按程序办理农用地转用。",
    "fgw": "项目须符合产业政策，能耗等量替代方案报备后方可建设。",
    "gxj": "项目须采用行业先进工艺和装备。",
    "zsj": "投资协议须明确投资强度和亩均税收条款。",
}
REASONS = "项目能耗强度高于全县准入标准，且选址与生态保护红线冲突，不同意引进。"


def _local(moment):
    return timezone.localtime(moment).date()


def _entered(project_ids, stage_code):
    """When each project entered ``stage_code`` (the last time, as a county date)."""
    rows = Transition.objects.filter(project__in=project_ids, to_stage__code=stage_code)
    return {pid: _local(at) for pid, at in rows.order_by("at").values_list("project_id", "at")}


def _officers():
    return {
        u.memberships.get(role="approval_officer").unit.code: u
        for u in User.objects.filter(username__startswith="approval_").prefetch_related(
            "memberships__unit"
        )
    }


def _opinions(rng, review, officers, today, *, reject=False, leave_open=0):
    """Departments answer in one to seven working days; ``leave_open`` of them not yet."""
    opinions = list(review.opinions.select_related("department"))
    rng.shuffle(opinions)
    waiting = opinions[:leave_open]
    cal = calendar(review.submitted_on, today)
    for index, opinion in enumerate(opinions[leave_open:]):
        code = opinion.department.code
        on = min(cal.add(review.submitted_on, rng.randint(1, 7)), today)
        verdict, text = Verdict.AGREE, ""
        if reject and index == 0:
            verdict, text = Verdict.DISAGREE, REASONS
        elif code in CONDITIONS and rng.random() < 0.35:
            verdict, text = Verdict.CONDITIONAL, CONDITIONS[code]
        services_review.opinion_give(
            actor=officers[code], opinion=opinion, verdict=verdict, text=text, on=on
        )
    return waiting


def load_reviews(rng, bureau, counts, today):
    """Reviews of the latest signed projects in each stage (``counts``), passed before they
    were signed, and of a few projects still negotiating: open, some with opinions overdue, one
    rejected."""
    officers = _officers()
    signed = _entered(Project.objects.values("pk"), "signed")
    stages = dict(Project.objects.filter(pk__in=signed).values_list("pk", "stage__code"))
    latest = []
    for stage, count in counts.items():
        in_stage = [pid for pid in signed if stages[pid] == stage]
        latest += sorted(in_stage, key=lambda pid: (signed[pid], pid))[-count:]
    projects = Project.objects.in_bulk(latest)
    reviewed = []
    for pid in sorted(projects, key=lambda p: signed[p]):
        project = projects[pid]
        submitted = signed[pid] - timedelta(days=rng.randint(15, 30))
        review = services_review.review_submit(
            actor=bureau,
            project=project,
            summary=f"{project.investor_name}拟投资{project.total_investment}万元建设{project.name}。",
            on=submitted,
        )
        _opinions(rng, review, officers, signed[pid] - timedelta(days=1))
        reviewed.append(project)
    negotiating = list(
        Project.objects.filter(stage__code="negotiating", is_lead=False).order_by("-created_at")[:6]
    )
    for index, project in enumerate(negotiating):
        submitted = today - timedelta(days=[3, 12, 20, 25, 6, 2][index])
        review = services_review.review_submit(
            actor=bureau,
            project=project,
            summary=f"{project.investor_name}拟投资{project.total_investment}万元建设{project.name}，"
            "提请领导小组综合审定。",
            on=submitted,
        )
        if index == 3:
            _opinions(rng, review, officers, today, reject=True)
        elif index != 5:
            _opinions(rng, review, officers, today, leave_open=1 + index % 2)
    return reviewed


def _finish_by(rng, procedure, start, last, cal):
    """Accept on ``start``; done after the department's usual pace, never after ``last``."""
    pace = PACE.get(procedure.department.code, 1.0)
    accept_on = start
    span = max(1, round(procedure.time_limit_days * pace * rng.uniform(0.6, 1.3)))
    done_on = min(cal.add(accept_on, span), last)
    return accept_on, max(done_on, accept_on)


def _record(procedure, step, on, officers, **extra):
    services_procedures.procedure_record(
        actor=officers[procedure.department.code],
        procedure=procedure,
        step=step,
        on=on,
        **extra,
    )


def _number(procedure, on, rng):
    return f"沧{procedure.department.short_name[:2]}审〔{on.year}〕{rng.randint(10, 199)}号"


def load_procedures(rng, projects, today):
    """Steps on the procedures of the reviewed projects, by their stage today."""
    officers = _officers()
    ids = [p.pk for p in projects]
    signed = _entered(ids, "signed")
    landed = _entered(ids, "landed")
    cal = calendar(min(signed.values(), default=today), today)
    steps = 0
    rows = ProjectProcedure.objects.filter(project__in=ids).select_related(
        "department", "project", "project__stage"
    )
    for procedure in rows.order_by("project_id", "position"):
        pid = procedure.project_id
        start = cal.add(signed[pid], rng.randint(1, 8))
        if pid in landed:
            if not procedure.mandatory and rng.random() < 0.5:
                continue
            last = landed[pid] - timedelta(days=1)
            start = min(start, last)
            accept_on, done_on = _finish_by(rng, procedure, start, last, cal)
            _record(procedure, ProcedureStep.ACCEPT, accept_on, officers)
            _record(
                procedure,
                ProcedureStep.DONE,
                done_on,
                officers,
                document_number=_number(procedure, done_on, rng),
            )
            steps += 2
            continue
        if start >= today:
            continue
        chance = rng.random()
        if procedure.project.stage.code == "signed" and chance < 0.6:
            continue
        _record(procedure, ProcedureStep.ACCEPT, start, officers)
        steps += 1
        accept_on, done_on = _finish_by(rng, procedure, start, today, cal)
        if chance < 0.12 and done_on > accept_on:
            _record(
                procedure,
                ProcedureStep.RETURN,
                done_on,
                officers,
                note="申请材料不全，请补充项目用地红线图和资金证明。",
            )
            steps += 1
        elif chance < 0.7 and done_on < today:
            _record(
                procedure,
                ProcedureStep.DONE,
                done_on,
                officers,
                document_number=_number(procedure, done_on, rng),
            )
            steps += 1
    return steps


def load_meetings(rng, bureau, today):
    """A meeting held five weeks ago with decisions, positions and tasks, and one planned."""
    majors = list(
        Project.objects.filter(
            is_major=True, stage__code__in=["signed", "approving", "landed", "started"]
        ).order_by("code")[:3]
    )
    if len(majors) < 2:
        return 0
    users = {u.username: u for u in User.objects.all()}
    chair = users["county_leader"]
    attendees = [
        users[name]
        for name in (
            "county_leader2",
            "bureau_admin",
            "approval_fgw",
            "approval_zrzy",
            "zone1_head",
        )
    ]
    units = {u.code: u for u in Unit.objects.filter(code__in=["zrzy", "zsj", "czj", "zjj"])}
    held = services_meetings.meeting_save(
        actor=bureau,
        attendees=attendees,
        title=f"{(today - timedelta(days=35)).year}年第一次重大项目一事一议会议",
        number="第1期",
        held_on=today - timedelta(days=35),
        place="县政府第一会议室",
        chair=chair,
        others_present="县财政局、县住建局负责同志",
    )
    first = services_meetings.item_save(
        actor=bureau,
        meeting=held,
        project=majors[0],
        topic=Topic.INCENTIVE,
        proposal=f"{majors[0].name}申请按县重大项目政策给予设备投资补助，补助比例8%，分三年兑现。",
        decision=Decision.CONDITIONAL,
        conditions="补助与固定资产投资到位和投产进度挂钩，投产后连续三年亩均税收不低于15万元。",
    )
    second = services_meetings.item_save(
        actor=bureau,
        meeting=held,
        project=majors[1],
        topic=Topic.LAND_PRICE,
        proposal=f"{majors[1].name}项目用地按工业用地最低价标准出让，并配套建设进场道路。",
        decision=Decision.APPROVED,
        conditions="",
    )
    for item in (first, second):
        for person in [chair, *attendees[:3]]:
            stance = Stance.SUPPORT if rng.random() < 0.75 else Stance.CONDITIONAL
            services_meetings.stance_set(
                actor=bureau,
                item=item,
                attendee=person,
                stance=stance,
                remark="" if stance == Stance.SUPPORT else "建议分期兑现，加强监管。",
            )
    task = services_meetings.task_add(
        actor=bureau,
        item=first,
        description="起草补助协议，报县政府常务会审议",
        owner_unit=units["zsj"],
        owner=users.get("zsj_staff"),
        deadline=today - timedelta(days=10),
    )
    services_meetings.task_done(actor=bureau, task=task, result="协议已起草，已报县政府办。")
    services_meetings.task_add(
        actor=bureau,
        item=first,
        description="核定设备投资额，出具审计意见",
        owner_unit=units["czj"],
        deadline=today - timedelta(days=5),
    )
    services_meetings.task_add(
        actor=bureau,
        item=second,
        description="完成地块组卷报批和进场道路设计",
        owner_unit=units["zrzy"],
        owner=users.get("approval_zrzy"),
        deadline=today + timedelta(days=20),
    )
    services_meetings.meeting_mark_held(actor=bureau, meeting=held)
    planned = services_meetings.meeting_save(
        actor=bureau,
        attendees=attendees,
        title=f"{(today + timedelta(days=10)).year}年第二次重大项目一事一议会议",
        number="第2期",
        held_on=today + timedelta(days=10),
        place="县政府第一会议室",
        chair=chair,
    )
    services_meetings.item_save(
        actor=bureau,
        meeting=planned,
        project=majors[-1],
        topic=Topic.INFRASTRUCTURE,
        proposal=f"{majors[-1].name}申请配套建设110千伏变电站和供水管网，由县城投公司代建。",
        decision=Decision.PENDING,
        conditions="",
    )
    return 2


PROBLEMS = [
    (ProblemCategory.POWER, "施工临时用电容量不足，需增容至2000千伏安", "zjj"),
    (ProblemCategory.LAND, "地块内有3户未完成搬迁，影响场地平整", "zrzy"),
    (ProblemCategory.ROAD, "进场道路未硬化，雨天重型车辆无法通行", "jtj"),
    (ProblemCategory.WATER, "工业供水管网未接通，需铺设1.2公里管线", "zjj"),
    (ProblemCategory.PERMITS, "环评批复前置条件中的排污指标尚未落实", "sthj"),
    (ProblemCategory.FINANCING, "二期项目贷款银行授信尚未批复", "czj"),
    (ProblemCategory.LABOUR, "技术工人缺口约80人，需协调职教中心定向培训", "jyj"),
]


def load_problems(rng, bureau, yesterday):
    """Problem lists of projects that landed or started recently: some solved, some overdue."""
    units = {u.code: u for u in Unit.objects.filter(code__in={p[2] for p in PROBLEMS})}
    projects = list(
        Project.objects.filter(stage__code__in=["landed", "started"], team_leader__isnull=False)
        .select_related("stage")
        .order_by("-stage_entered_at")[:8]
    )
    count = 0
    for project in projects:
        for category, text, unit_code in rng.sample(PROBLEMS, rng.randint(1, 3)):
            raised = yesterday - timedelta(days=rng.randint(10, 90))
            problem = services_problems.problem_save(
                actor=bureau,
                project=project,
                on=raised,
                category=category,
                description=text,
                owner_unit=units[unit_code],
                deadline=raised + timedelta(days=rng.choice([15, 30, 45, 60, 90])),
            )
            count += 1
            if rng.random() < 0.35:
                services_problems.problem_resolve(
                    actor=bureau,
                    problem=problem,
                    resolution="已协调解决。",
                    on=min(problem.deadline, yesterday),
                )
    return count
