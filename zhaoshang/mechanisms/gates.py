"""What the stage gates ``review_passed`` (签约) and ``procedures_done`` (落地) need to know
about a project (``projects.requirements.facts_for`` adds these facts).

A project comes under the mechanisms when it is signed on or after the day the leading group
took up its work (``MechanismSettings.review_since``), or once it has passed a review. Projects
signed before, or in a county that has not formed its group, have nothing to wait for: the
gates ask nothing of them rather than stopping the county's existing projects.
"""

from zhaoshang.mechanisms.choices import ProcedureStatus, ReviewStatus
from zhaoshang.mechanisms.models import (
    LeadingGroupMember,
    MechanismSettings,
    ProcedureType,
    ProjectProcedure,
    Review,
)


def _under_review_rule(project):
    if not LeadingGroupMember.objects.filter(is_active=True).exists():
        return False
    since = MechanismSettings.get().review_since
    signed = project.signing_date
    return since is None or signed is None or signed >= since


def review_facts(project):
    statuses = list(
        Review.objects.filter(project=project)
        .order_by("-submitted_on", "-pk")
        .values_list("status", flat=True)
    )
    if ReviewStatus.PASSED in statuses:
        return {"passed": True, "status": str(ReviewStatus.PASSED.label), "reviewed": True}
    if not _under_review_rule(project):
        return {"passed": True, "status": "", "reviewed": False}
    return {
        "passed": False,
        "status": str(ReviewStatus(statuses[0]).label) if statuses else "",
        "reviewed": False,
    }


def procedure_facts(project, reviewed):
    rows = list(
        ProjectProcedure.objects.filter(project=project, mandatory=True).values_list(
            "type__name", "status"
        )
    )
    if rows:
        return {
            "drawn_up": True,
            "open": [name for name, status in rows if status != ProcedureStatus.DONE],
        }
    if not (reviewed or _under_review_rule(project)):
        return {"drawn_up": True, "open": []}
    applicable = [
        t
        for t in ProcedureType.objects.filter(is_active=True, mandatory=True)
        if t.applies_to(project.sector)
    ]
    drawn_up = not applicable or ProjectProcedure.objects.filter(project=project).exists()
    return {"drawn_up": drawn_up, "open": []}


def gate_facts(project):
    if not project.pk:
        return {}
    review = review_facts(project)
    return {"review": review, "procedures": procedure_facts(project, review["reviewed"])}
