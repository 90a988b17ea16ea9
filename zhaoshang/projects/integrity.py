"""Integrity (PRJ-6): old projects passed off as new ones, double claims, spot checks.

A project is a *suspected repeat* when an earlier project, of any period and any unit, has the
same credit code, the same or a very similar investor, a very similar project name, or the same
site. The bureau resolves each flag; nothing is merged or dismissed automatically.
"""

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import can, has_action, restrict
from zhaoshang.core.roles import PROJECT_INTEGRITY
from zhaoshang.projects.choices import FlagStatus, SpotCheckOutcome, StageKind

SIMILAR = 88  # rapidfuzz ratio (0–100) from which two names count as "very similar"
FUZZY_POOL = 2000  # most recent projects compared by similarity, beyond exact key matches

REASONS = {
    "credit_code": gettext_lazy("same unified social credit code"),
    "investor": gettext_lazy("same investor"),
    "investor_similar": gettext_lazy("very similar investor name"),
    "name": gettext_lazy("same project name"),
    "name_similar": gettext_lazy("very similar project name"),
    "site": gettext_lazy("same site"),
}


_KEYS = ("pk", "investor_key", "name_key", "site_key", "enterprise__credit_code")


def _compare(mine, other):
    """``mine`` and ``other`` are dicts of ``_KEYS``; returns (reasons, score 0–100)."""
    reasons, score = [], 0
    if (
        mine["enterprise__credit_code"]
        and other["enterprise__credit_code"] == mine["enterprise__credit_code"]
    ):
        reasons.append("credit_code")
        score = 100
    if mine["investor_key"] and mine["investor_key"] == other["investor_key"]:
        reasons.append("investor")
        score = 100
    elif mine["investor_key"] and other["investor_key"]:
        ratio = fuzz.ratio(mine["investor_key"], other["investor_key"])
        if ratio >= SIMILAR:
            reasons.append("investor_similar")
            score = max(score, int(ratio))
    if mine["name_key"] and mine["name_key"] == other["name_key"]:
        reasons.append("name")
        score = 100
    elif mine["name_key"] and other["name_key"]:
        ratio = fuzz.token_set_ratio(mine["name_key"], other["name_key"])
        if ratio >= SIMILAR and min(len(mine["name_key"]), len(other["name_key"])) >= 4:
            reasons.append("name_similar")
            score = max(score, int(ratio))
    if mine["site_key"] and mine["site_key"] == other["site_key"]:
        reasons.append("site")
        score = max(score, 90)
    return reasons, score


def find_candidates(project):
    """Earlier projects that ``project`` may repeat, with the reasons and a score.

    Only the matching keys are read for the pool (exact matches by index, plus the most recent
    projects for the similarity test); full rows are loaded for the few that match.
    """
    from zhaoshang.projects.models import Project

    mine = {
        "pk": project.pk,
        "investor_key": project.investor_key,
        "name_key": project.name_key,
        "site_key": project.site_key,
        "enterprise__credit_code": project.enterprise.credit_code
        if project.enterprise_id
        else None,
    }
    earlier = Project.objects.filter(pk__lt=project.pk)
    exact = Q(investor_key=project.investor_key) | Q(name_key=project.name_key)
    if project.site_key:
        exact |= Q(site_key=project.site_key)
    if mine["enterprise__credit_code"]:
        exact |= Q(enterprise__credit_code=mine["enterprise__credit_code"])
    pool = {row["pk"]: row for row in earlier.filter(exact).values(*_KEYS)}
    for row in earlier.order_by("-pk").values(*_KEYS)[:FUZZY_POOL]:
        pool.setdefault(row["pk"], row)
    matched = {}
    for pk, row in pool.items():
        reasons, score = _compare(mine, row)
        if reasons:
            matched[pk] = (reasons, score)
    others = Project.objects.select_related("enterprise", "unit", "stage").in_bulk(list(matched))
    found = [(others[pk], reasons, score) for pk, (reasons, score) in matched.items()]
    return sorted(found, key=lambda item: (-item[2], -item[0].pk))


def flag_repeats(project):
    """Record new suspicions for ``project`` and refresh its flag; called by the services on
    create, edit and import, inside their transaction."""
    from zhaoshang.projects.models import RepeatFlag

    for other, reasons, score in find_candidates(project):
        flag, created = RepeatFlag.objects.get_or_create(
            project=project, earlier=other, defaults={"reasons": reasons, "score": score}
        )
        if not created and flag.status == FlagStatus.OPEN and flag.reasons != reasons:
            flag.reasons, flag.score = reasons, score
            flag.save(update_fields=["reasons", "score"])
    _refresh(project)


def _refresh(project):
    from zhaoshang.projects.models import Project

    suspected = project.repeat_flags.filter(status=FlagStatus.OPEN).exists()
    if suspected != project.suspected_repeat:
        Project.objects.filter(pk=project.pk).update(suspected_repeat=suspected)
        project.suspected_repeat = suspected


@transaction.atomic
def flag_resolve(*, actor, flag, status, note=""):
    """Same project → merged (evidence moves to the earlier one) or rejected; either way the
    later project is dropped and counts for nothing. Different → dismissed with a reason."""
    from zhaoshang.projects.models import DropReason, Evidence, RepeatFlag, Stage

    flag = (
        RepeatFlag.objects.select_for_update().select_related("project", "earlier").get(pk=flag.pk)
    )
    if not (has_action(actor, PROJECT_INTEGRITY) and can(actor, PROJECT_INTEGRITY, flag.project)):
        raise PermissionDenied(_("You may not resolve suspected repeats."))
    if flag.status != FlagStatus.OPEN:
        raise ValidationError(_("This flag has already been resolved."))
    if status not in (FlagStatus.SAME_MERGED, FlagStatus.SAME_REJECTED, FlagStatus.DIFFERENT):
        raise ValidationError(_("Unknown resolution."))
    if status == FlagStatus.DIFFERENT and not note.strip():
        raise ValidationError(_("Say why the two projects are different."))
    project = flag.project
    if status in (FlagStatus.SAME_MERGED, FlagStatus.SAME_REJECTED):
        from zhaoshang.projects.services import project_advance_stage

        if status == FlagStatus.SAME_MERGED:
            Evidence.objects.filter(project=project).update(project=flag.earlier)
        code = "merged" if status == FlagStatus.SAME_MERGED else "repeat"
        reason = DropReason.objects.get(code=code)
        dropped = Stage.objects.get(kind=StageKind.DROPPED)
        if project.stage_id != dropped.pk:
            project_advance_stage(
                actor=actor,
                project=project,
                to_stage=dropped,
                drop_reason=reason,
                note=_("Repeats %(code)s") % {"code": flag.earlier.code},
            )
        project.repeat_flags.filter(status=FlagStatus.OPEN).exclude(pk=flag.pk).update(
            status=status, resolution_note=note, resolved_by=actor, resolved_at=timezone.now()
        )
    flag.status, flag.resolution_note = status, note
    flag.resolved_by, flag.resolved_at = actor, timezone.now()
    flag.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
    project.refresh_from_db()
    _refresh(project)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=project,
        after={"repeat_of": flag.earlier.code, "resolution": status, "note": note},
    )
    return flag


def spot_check_population(user):
    """Landed projects the user may check, in a stable order so a seed reproduces a draw."""
    from zhaoshang.projects.models import Project

    return (
        restrict(user, PROJECT_INTEGRITY, Project)
        .filter(stage__kind=StageKind.PIPELINE, stage__landed=True)
        .order_by("pk")
    )


def draw_sample(population_ids, size, seed):
    # Reproducibility is the point here, not secrecy: the stored seed redraws the same sample.
    return sorted(
        random.Random(seed).sample(  # noqa: S311
            list(population_ids), min(size, len(population_ids))
        )
    )


@transaction.atomic
def spot_check_draw(*, actor, title, size, seed=None):
    from zhaoshang.projects.models import SpotCheck, SpotCheckItem

    if not has_action(actor, PROJECT_INTEGRITY):
        raise PermissionDenied(_("You may not draw spot checks."))
    if size < 1:
        raise ValidationError(_("The sample needs at least one project."))
    ids = list(spot_check_population(actor).values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("There are no landed projects to draw from."))
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**53)
    check = SpotCheck.objects.create(
        title=title, seed=seed, size=min(size, len(ids)), population=len(ids), drawn_by=actor
    )
    SpotCheckItem.objects.bulk_create(
        SpotCheckItem(spot_check=check, project_id=pk) for pk in draw_sample(ids, size, seed)
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=check,
        after={"seed": seed, "size": check.size, "population": len(ids)},
    )
    return check


@transaction.atomic
def spot_check_record(*, actor, item, outcome, note=""):
    from zhaoshang.projects.models import SpotCheckItem

    item = SpotCheckItem.objects.select_for_update().select_related("project").get(pk=item.pk)
    if not can(actor, PROJECT_INTEGRITY, item.project):
        raise PermissionDenied(_("You may not record spot check results."))
    if outcome not in (SpotCheckOutcome.CONFIRMED, SpotCheckOutcome.DISCREPANCY):
        raise ValidationError(_("Choose what the check found."))
    if outcome == SpotCheckOutcome.DISCREPANCY and not note.strip():
        raise ValidationError(_("Describe the discrepancy."))
    before = {"outcome": item.outcome, "note": item.note}
    item.outcome, item.note, item.checked_by, item.checked_at = outcome, note, actor, timezone.now()
    item.save(update_fields=["outcome", "note", "checked_by", "checked_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=item.project,
        before={"spot_check": before},
        after={"spot_check": {"outcome": outcome, "note": note}},
    )
    return item
