"""Projects and their histories: registration, stage steps with the evidence each gate asks
for, teams, credit shares, enterprises, verification and the audit events they leave.

Each project is built forward in time the way the services would build it: a step to a stage
happens only after the fields and files that stage requires are in place (the default rules of
``projects/requirements.py``), so every generated project would pass the same gates again.
``zhaoshang.scale.verify`` checks this on the written rows.
"""

import math
from bisect import bisect
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from zhaoshang.core.choices import AuditAction
from zhaoshang.projects.choices import EvidenceKind, FundingSource, ProjectType, StageKind
from zhaoshang.projects.identity import CODE_CHARS, credit_code_check_char, normalise_name
from zhaoshang.projects.models import (
    CountySettings,
    CreditShare,
    DropReason,
    Enterprise,
    Evidence,
    Project,
    Stage,
    Transition,
)
from zhaoshang.projects.services import REPEAT_REASONS
from zhaoshang.reference.models import IndustryDivision, Region, StrategicField
from zhaoshang.scale import names
from zhaoshang.scale.bulk import Table, next_id
from zhaoshang.scale.org import make_uuid

CENT = Decimal("0.01")
# How far a project has come (index into the pipeline: 洽谈 … 投产), before any pause or drop.
REACH_WEIGHTS = [30, 15, 10, 12, 13, 12]
PAUSE_SHARE = 0.07
DROP_SHARE = 0.05
# Shared files that generated evidence rows point at: one per kind, written once.
EVIDENCE_FILES = {
    EvidenceKind.CONTRACT: ("scale/contract.pdf", "投资合同.pdf"),
    EvidenceKind.SITE_PHOTO: ("scale/site.jpg", "现场照片.jpg"),
}
PAUSE_REASONS = ("投资方调整投资计划", "等待土地指标", "环评手续待补充", "资金到位延迟")
NEXT_ACTIONS = ("赴企业对接洽谈", "协调用地手续", "跟进资金到位", "召开项目推进会", "督办开工准备")


@dataclass(slots=True)
class Compact:
    """What the month-end figures and the checks need of a project, kept in memory."""

    pk: int
    code: str
    name: str
    unit: int
    top: int
    created: datetime
    total: Decimal
    funds: Decimal
    timeline: list = field(default_factory=list)  # [(at, stage pk)], in order


class Context:
    """Reference rows and tables shared by every project."""

    def __init__(self, org, rng, as_of):
        self.org = org
        self.rng = rng
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.end = datetime.combine(as_of, time.min, tzinfo=self.tz)
        stages = list(Stage.objects.order_by("position"))
        self.pipeline = [s for s in stages if s.kind == StageKind.PIPELINE]
        self.paused = next(s for s in stages if s.kind == StageKind.PAUSED)
        self.dropped = next(s for s in stages if s.kind == StageKind.DROPPED)
        by_code = {s.code: s for s in self.pipeline}
        self.signed, self.landed = by_code["signed"], by_code["landed"]
        self.started, self.producing = by_code["started"], by_code["producing"]
        self.drop_reason_names = dict(
            DropReason.objects.filter(is_active=True)
            .exclude(code__in=REPEAT_REASONS)
            .values_list("pk", "name")
        )
        self.drop_reasons = sorted(self.drop_reason_names)
        self.industries = list(IndustryDivision.objects.values_list("pk", "sector"))
        self.regions = list(Region.objects.values_list("pk", flat=True))
        self.fields = list(StrategicField.objects.values_list("pk", flat=True))
        self.threshold = CountySettings.current().major_project_threshold
        self.leaders = [u.pk for u in org.leaders]
        self.bureau = org.people["scale_bureau"]
        self.usernames = {}
        self.tables = {
            "project": Table(Project),
            "share": Table(CreditShare),
            "transition": Table(Transition),
            "evidence": Table(Evidence),
            "transition_evidence": Table(Transition.evidence.through),
            "enterprise": Table(Enterprise),
        }
        self.ids = {
            "project": next_id(Project),
            "share": next_id(CreditShare),
            "transition": next_id(Transition),
            "evidence": next_id(Evidence),
            "transition_evidence": next_id(Transition.evidence.through),
            "enterprise": next_id(Enterprise),
        }
        self.events = []  # audit events as tuples, sorted and chained at the end
        self.compact = []
        self.labels = {kind: str(kind.label) for kind in EvidenceKind}
        self.registered_note = _("Project registered")

    def moment(self, day, rng):
        """A moment in office hours on ``day``, in the county's time zone."""
        seconds = rng.randint(8 * 3600 + 30 * 60, 17 * 3600 + 30 * 60)
        return datetime.combine(day, time.min, tzinfo=self.tz) + timedelta(seconds=seconds)

    def take(self, name):
        pk = self.ids[name]
        self.ids[name] = pk + 1
        return pk

    def flush(self):
        for table in self.tables.values():
            table.flush()


def creation_times(rng, count, start, as_of, tz):
    """Registration moments spread over the working days of the history, in order."""
    days = [
        start + timedelta(days=n)
        for n in range((as_of - start).days)
        if (start + timedelta(days=n)).weekday() < 5
    ]
    moments = []
    for _n in range(count):
        day = days[int(rng.random() * len(days))]
        seconds = rng.randint(8 * 3600 + 30 * 60, 17 * 3600 + 30 * 60)
        moments.append(datetime.combine(day, time.min, tzinfo=tz) + timedelta(seconds=seconds))
    moments.sort()
    return moments


def claiming_units(rng, org):
    """Units that register projects, with a heavy-tailed weight each: a few units bring most."""
    units = [pk for pk, _code, _kind in org.top] + [pk for pk, _code, _parent in org.subs]
    weights = list(accumulate(rng.paretovariate(1.6) for _ in units))
    return units, weights


def credit_code(serial):
    """A valid, unique unified social credit code for the ``serial``-th generated enterprise."""
    body = []
    n = serial
    for _position in range(9):
        n, digit = divmod(n, len(CODE_CHARS))
        body.append(CODE_CHARS[digit])
    first17 = "91" + "410000" + "".join(reversed(body))
    return first17 + credit_code_check_char(first17)


def generate_projects(ctx, count, start, as_of):
    rng = ctx.rng
    moments = creation_times(rng, count, start, as_of, ctx.tz)
    units, weights = claiming_units(rng, ctx.org)
    total_weight = weights[-1]
    serial_by_year = {}
    for created in moments:
        unit = units[min(bisect(weights, rng.random() * total_weight), len(units) - 1)]
        year = created.year
        serial_by_year[year] = serial_by_year.get(year, 0) + 1
        _project(ctx, created, unit, f"P{year}-{serial_by_year[year]:05d}")
    ctx.flush()


def _step(rng, at):
    return at + timedelta(days=rng.randint(12, 80), seconds=rng.randint(0, 8 * 3600))


def _money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _event(ctx, at, actor, obj_type, obj_id, obj_repr, action, before=None, after=None):
    ctx.events.append((at, action, actor, obj_type, obj_id, obj_repr, before, after))


def _plan_path(ctx, rng, created):
    """The pipeline stages reached with their moments, then a pause or drop if any."""
    reach = rng.choices(range(len(REACH_WEIGHTS)), REACH_WEIGHTS)[0]
    steps = [(created, ctx.pipeline[0])]
    at = created
    for stage in ctx.pipeline[1 : reach + 1]:
        at = _step(rng, at)
        if at >= ctx.end:
            break
        steps.append((at, stage))
    side = None
    last = steps[-1][1]
    if not last.is_final:
        roll = rng.random()
        if roll < PAUSE_SHARE:
            side = ctx.paused
        elif roll < PAUSE_SHARE + DROP_SHARE:
            side = ctx.dropped
    if side is not None:
        at = _step(rng, steps[-1][0])
        if at < ctx.end:
            steps.append((at, side))
    return steps


def _project(ctx, created, unit, code):
    rng, org = ctx.rng, ctx.org
    pk = ctx.take("project")
    top = org.parent_of[unit]
    staff = org.staff[unit]
    steps = _plan_path(ctx, rng, created)
    reached = {stage.pk: at for at, stage in steps}
    last_at, last_stage = steps[-1]
    pipeline_last = next(stage for _at, stage in reversed(steps) if stage.is_pipeline)
    industry, sector = ctx.industries[int(rng.random() * len(ctx.industries))]
    total = _money(min(max(int(math.exp(rng.gauss(9.0, 1.1))), 200), 900_000))
    name = names.project(rng, pk)
    investor = names.investor(rng, pk)
    landed_at = reached.get(ctx.landed.pk)
    signed_at = reached.get(ctx.signed.pk)
    started_at = reached.get(ctx.started.pk)
    producing_at = reached.get(ctx.producing.pk)
    funds = _money(total * Decimal(rng.randint(15, 80)) / 100) if landed_at else Decimal("0.00")
    repr_ = f"{code} {name}"
    _event(
        ctx,
        created,
        staff,
        "projects.project",
        code,
        repr_,
        AuditAction.CREATE,
        after={"name": name, "investor_name": investor, "total_investment": str(total)},
    )
    enterprise = None
    if landed_at:
        enterprise = ctx.take("enterprise")
        registered = landed_at - timedelta(days=3)
        enterprise_id = make_uuid(rng)
        ctx.tables["enterprise"].add(
            {
                "id": enterprise,
                "public_id": enterprise_id,
                "name": investor,
                "name_key": normalise_name(investor),
                "credit_code": credit_code(enterprise),
                "region": None,
                "industry": industry,
                "registered_locally": True,
                "created_at": registered,
            }
        )
        _event(
            ctx,
            registered,
            staff,
            "projects.enterprise",
            str(enterprise_id),
            investor,
            AuditAction.CREATE,
            after={"name": investor, "registered_locally": True},
        )
    evidence = {}
    for kind, stage_at in (
        (EvidenceKind.CONTRACT, signed_at),
        (EvidenceKind.SITE_PHOTO, started_at),
    ):
        if stage_at is None:
            continue
        evidence_pk = ctx.take("evidence")
        path, original = EVIDENCE_FILES[kind]
        uploaded = stage_at - timedelta(hours=2)
        public_id = make_uuid(rng)
        ctx.tables["evidence"].add(
            {
                "id": evidence_pk,
                "public_id": public_id,
                "project": pk,
                "kind": kind,
                "file": path,
                "original_name": original,
                "size": 2048,
                "note": "",
                "uploaded_by": staff,
                "uploaded_at": uploaded,
            }
        )
        evidence[kind] = evidence_pk
        _event(
            ctx,
            uploaded,
            staff,
            "projects.evidence",
            str(public_id),
            f"{ctx.labels[kind]}: {original}",
            AuditAction.CREATE,
            after={"project": code, "kind": str(kind), "file": original},
        )
    side = last_stage if not last_stage.is_pipeline else None
    pause_reason = rng.choice(PAUSE_REASONS) if side is ctx.paused else ""
    drop_reason = rng.choice(ctx.drop_reasons) if side is ctx.dropped else None
    side_reason = pause_reason or (ctx.drop_reason_names[drop_reason] if drop_reason else "")
    compact = Compact(pk, code, name, unit, top, created, total, funds)
    previous = None
    for at, stage in steps:
        transition = ctx.take("transition")
        ctx.tables["transition"].add(
            {
                "id": transition,
                "project": pk,
                "from_stage": previous[1].pk if previous else None,
                "to_stage": stage.pk,
                "actor": staff,
                "at": at,
                "days_in_previous": (at - previous[0]).days if previous else None,
                "note": "" if previous else ctx.registered_note,
                "reason": "" if stage.is_pipeline else side_reason,
            }
        )
        compact.timeline.append((at, stage.pk))
        kind = {ctx.signed.pk: EvidenceKind.CONTRACT, ctx.started.pk: EvidenceKind.SITE_PHOTO}.get(
            stage.pk
        )
        if kind:
            ctx.tables["transition_evidence"].add(
                {
                    "id": ctx.take("transition_evidence"),
                    "transition": transition,
                    "evidence": evidence[kind],
                }
            )
        if previous:
            _event(
                ctx,
                at,
                staff,
                "projects.project",
                code,
                repr_,
                AuditAction.UPDATE,
                before={"stage": previous[1].name},
                after={"stage": stage.name, "note": "", "reason": ""},
            )
        previous = (at, stage)
    # Progress updates between steps (funds, next action): each one a new version.
    updates = rng.randint(0, 3)
    span = max((min(ctx.end, last_at + timedelta(days=60)) - created).total_seconds(), 1)
    for _n in range(updates):
        at = created + timedelta(seconds=int(rng.random() * span))
        if at >= ctx.end:
            continue
        _event(
            ctx,
            at,
            staff,
            "projects.project",
            code,
            repr_,
            AuditAction.UPDATE,
            before={"next_action": ""},
            after={"next_action": rng.choice(NEXT_ACTIONS)},
        )
    verified_at = verified_by = None
    if landed_at and rng.random() < 0.85:
        moment = landed_at + timedelta(days=rng.randint(3, 40))
        if moment < ctx.end:
            verified_at, verified_by = moment, ctx.bureau.pk
            _event(
                ctx,
                moment,
                ctx.bureau.pk,
                "projects.project",
                code,
                repr_,
                AuditAction.UPDATE,
                after={"verified": True, "note": ""},
            )
    _shares(ctx, rng, pk, unit)
    open_stage = last_stage.is_pipeline and not last_stage.is_final
    deadline = None
    if open_stage and last_stage.max_dwell_days:
        deadline = last_at.astimezone(ctx.tz).date() + timedelta(days=last_stage.max_dwell_days)
    team = signed_at is not None
    ctx.tables["project"].add(
        {
            "id": pk,
            "code": code,
            "name": name,
            "name_key": normalise_name(name),
            "investor_name": investor,
            "investor_key": normalise_name(investor),
            "enterprise": enterprise,
            "origin_region": ctx.regions[int(rng.random() * len(ctx.regions))],
            "industry": industry,
            "sector": sector,
            "strategic_field": rng.choice(ctx.fields) if rng.random() < 0.25 else None,
            "total_investment": total,
            "funds_in_place": funds,
            "foreign_funds_usd": _money(rng.randint(50, 3000))
            if landed_at and rng.random() < 0.05
            else Decimal("0.00"),
            "is_major": total >= ctx.threshold,
            "funding_source": FundingSource.GOVERNMENT
            if rng.random() < 0.03
            else FundingSource.ENTERPRISE,
            "project_type": rng.choices(
                [ProjectType.NEW, ProjectType.EXPANSION, ProjectType.RELOCATION], [85, 10, 5]
            )[0],
            "platform": None,
            "site": "",
            "site_key": "",
            "land_area_mu": _money(rng.randint(10, 300)) if sector == 2 else None,
            "land_secured": bool(landed_at) or rng.random() < 0.3,
            "unit": unit,
            "stage": last_stage.pk,
            "stage_entered_at": last_at,
            "stage_deadline": deadline,
            "resume_stage": pipeline_last.pk if side else None,
            "resume_date": (last_at.astimezone(ctx.tz).date() + timedelta(days=90))
            if side is ctx.paused
            else None,
            "pause_reason": pause_reason,
            "drop_reason": drop_reason,
            "next_action": rng.choice(NEXT_ACTIONS) if open_stage else "",
            "next_action_date": ctx.end.date() + timedelta(days=rng.randint(1, 30))
            if open_stage
            else None,
            "signing_date": signed_at.astimezone(ctx.tz).date() if signed_at else None,
            "signed_amount": _money(total * Decimal(rng.randint(90, 100)) / 100)
            if signed_at
            else None,
            "start_date": started_at.astimezone(ctx.tz).date() if started_at else None,
            "production_date": producing_at.astimezone(ctx.tz).date() if producing_at else None,
            "team_leader": rng.choice(ctx.leaders) if team else None,
            "team_unit": unit if team else None,
            "team_manager": ctx.org.head[top] if team else None,
            "team_assistant": staff if team else None,
            "is_lead": False,
            "reported_by": staff,
            "verified_at": verified_at,
            "verified_by": verified_by,
            "suspected_repeat": False,
            "description": "",
            "version": len(steps) + updates,
            "created_at": created,
            "updated_at": max(last_at, verified_at or last_at),
        }
    )
    ctx.compact.append(compact)


def _shares(ctx, rng, pk, unit):
    """Most projects credit their claiming unit alone; one in ten shares 40 % with another."""
    table = ctx.tables["share"]
    if rng.random() < 0.9 or len(ctx.org.top) < 2:
        table.add({"id": ctx.take("share"), "project": pk, "unit": unit, "percent": Decimal(100)})
        return
    other = unit
    while ctx.org.parent_of[other] == ctx.org.parent_of[unit]:
        other = ctx.org.top[int(rng.random() * len(ctx.org.top))][0]
    table.add({"id": ctx.take("share"), "project": pk, "unit": unit, "percent": Decimal(60)})
    table.add({"id": ctx.take("share"), "project": pk, "unit": other, "percent": Decimal(40)})
