"""Writes to comprehensive reviews (MEC-1). Pages, the API and the demo all call these.

The bureau submits a project with its material; every active member department of the leading
group then owes an opinion within the set number of working days. The decision follows the
county's rule (any 不同意 blocks, otherwise passed once all opinions are in) or is recorded by
the chair. A passed review draws up the project's list of approval procedures.
"""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.notifications import notify
from zhaoshang.core.permissions import can, has_action
from zhaoshang.core.roles import MECHANISM_MANAGE, PROJECT_VIEW, REVIEW_OPINE
from zhaoshang.mechanisms import people
from zhaoshang.mechanisms.choices import DecisionRule, ReviewStatus, Verdict
from zhaoshang.mechanisms.models import LeadingGroupMember, MechanismSettings, Opinion, Review
from zhaoshang.mechanisms.services_procedures import procedures_draw_up
from zhaoshang.reference.workdays import add_workdays

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
MATERIAL_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".jpg", ".jpeg", ".png", ".zip"}


def _require_manage(actor):
    if not has_action(actor, MECHANISM_MANAGE):
        raise PermissionDenied(_("Only the investment bureau runs reviews."))


def check_material(upload):
    """A file for the leading group or a meeting: known office types, at most 20 MB."""
    if upload is None:
        return
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in MATERIAL_TYPES:
        raise ValidationError(
            {"material": _("Upload PDF, Word, Excel, WPS, image or ZIP files only.")}
        )
    if upload.size > MAX_MATERIAL_BYTES:
        raise ValidationError({"material": _("The file is larger than 20 MB.")})


def _link(review):
    return reverse("mechanisms:review_detail", args=[review.public_id])


def _snapshot(review):
    return audit.snapshot(review, ("project", "status", "due_date", "decision_note"))


@transaction.atomic
def review_submit(*, actor, project, summary, material=None, on=None):
    """Put ``project`` before the leading group; returns the review with one pending opinion
    per active member department."""
    _require_manage(actor)
    if not can(actor, PROJECT_VIEW, project):
        raise PermissionDenied(_("You may not see this project."))
    members = list(LeadingGroupMember.objects.filter(is_active=True).select_related("department"))
    if not members:
        raise ValidationError(
            _("The leading group has no member departments yet; set them up under Settings.")
        )
    if Review.objects.filter(project=project, status=ReviewStatus.PASSED).exists():
        raise ValidationError(_("This project has already passed its review."))
    check_material(material)
    on = on or timezone.localdate()
    settings_row = MechanismSettings.get()
    due = add_workdays(on, settings_row.opinion_days)
    review = Review(
        project=project,
        summary=(summary or "").strip(),
        submitted_by=actor,
        submitted_on=on,
        due_date=due,
    )
    if material is not None:
        review.material = material
        review.material_name = material.name[:200]
    review.full_clean(exclude=["material"])
    review.validate_constraints()
    review.save()
    Opinion.objects.bulk_create(
        Opinion(review=review, department=m.department, due_date=due, position=index)
        for index, m in enumerate(members, start=1)
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=review, after=_snapshot(review))
    values = {"project": project.name, "due": due.isoformat()}
    notify(
        users=people.department_people([m.department_id for m in members]),
        title=_("Review: your department's opinion on %(project)s is due by %(due)s") % values,
        body=review.summary[:500],
        link=_link(review),
    )
    return review


@transaction.atomic
def opinion_give(*, actor, opinion, verdict, text="", on=None):
    """A member department's opinion; conditions or reasons are required with them."""
    opinion = Opinion.objects.select_for_update().select_related("review").get(pk=opinion.pk)
    if not can(actor, REVIEW_OPINE, opinion):
        raise PermissionDenied(_("Only the department's approval officer gives its opinion."))
    review = Review.objects.select_for_update().get(pk=opinion.review_id)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("The review is closed; opinions can no longer change."))
    if verdict not in (Verdict.AGREE, Verdict.CONDITIONAL, Verdict.DISAGREE):
        raise ValidationError({"verdict": _("Choose agree, agree with conditions or disagree.")})
    text = (text or "").strip()
    if verdict == Verdict.CONDITIONAL and not text:
        raise ValidationError({"text": _("State the conditions of your agreement.")})
    if verdict == Verdict.DISAGREE and not text:
        raise ValidationError({"text": _("State the reasons for disagreeing.")})
    before = audit.snapshot(opinion, ("verdict", "text"))
    opinion.verdict = verdict
    opinion.text = text
    opinion.given_by = actor
    opinion.given_on = on or timezone.localdate()
    opinion.full_clean()
    opinion.save(update_fields=["verdict", "text", "given_by", "given_on"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=opinion,
        before=before,
        after=audit.snapshot(opinion, ("verdict", "text")),
    )
    _decide_by_rule(review, actor, opinion.given_on)
    return opinion


def _decide_by_rule(review, actor, on):
    if MechanismSettings.get().decision_rule != DecisionRule.ANY_AGAINST_BLOCKS:
        return
    verdicts = list(review.opinions.values_list("verdict", flat=True))
    if Verdict.PENDING in verdicts:
        return
    against = Verdict.DISAGREE in verdicts
    conditions = [
        f"{o.department.short_name or o.department.name}：{o.text}"
        for o in review.opinions.select_related("department")
        if o.verdict == Verdict.CONDITIONAL
    ]
    _close(
        review,
        actor=actor,
        status=ReviewStatus.REJECTED if against else ReviewStatus.PASSED,
        note="\n".join(conditions),
        on=on,
    )


def _close(review, *, actor, status, note, on):
    before = _snapshot(review)
    review.status = status
    review.decision_note = note
    review.decided_on = on
    review.decided_by = actor
    review.save(update_fields=["status", "decision_note", "decided_on", "decided_by"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=review, before=before, after=_snapshot(review)
    )
    if status == ReviewStatus.PASSED:
        procedures_draw_up(project=review.project, actor=actor, on=on)
    values = {"project": review.project.name, "status": review.get_status_display()}
    notify(
        users=people.project_team(review.project) + people.bureau(),
        title=_("Review of %(project)s: %(status)s") % values,
        body=note,
        link=_link(review),
    )


@transaction.atomic
def review_decide(*, actor, review, passed, note="", on=None):
    """The chair's decision, recorded by the bureau once every opinion is in."""
    _require_manage(actor)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("The review is already decided."))
    if MechanismSettings.get().decision_rule != DecisionRule.CHAIR:
        raise ValidationError(
            _("Reviews are decided by rule: the decision follows from the opinions.")
        )
    waiting = list(
        review.opinions.filter(verdict=Verdict.PENDING).values_list("department__name", flat=True)
    )
    if waiting:
        raise ValidationError(
            _("Opinions are still missing from: %(names)s.") % {"names": "、".join(waiting)}
        )
    note = (note or "").strip()
    if not passed and not note:
        raise ValidationError({"note": _("State why the project did not pass.")})
    _close(
        review,
        actor=actor,
        status=ReviewStatus.PASSED if passed else ReviewStatus.REJECTED,
        note=note,
        on=on or timezone.localdate(),
    )
    return review


@transaction.atomic
def review_withdraw(*, actor, review, reason):
    """Take an open review back, e.g. when the investor changes the plan; a new one may follow."""
    _require_manage(actor)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("Only a review awaiting opinions can be withdrawn."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    _close(
        review,
        actor=actor,
        status=ReviewStatus.WITHDRAWN,
        note=reason.strip(),
        on=timezone.localdate(),
    )
    return review
