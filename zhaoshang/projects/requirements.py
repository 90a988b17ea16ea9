"""The rules a stage can require (PRJ-3). Stages list rule codes as data
(``StageRequirement.rule``); each code maps to a check and the message that names what is
missing, so a refused transition tells the user exactly what to supply."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhaoshang.core.roles import COUNTY_LEADER
from zhaoshang.projects.choices import EvidenceKind
from zhaoshang.projects.identity import is_valid_credit_code


@dataclass(frozen=True)
class Rule:
    code: str
    label: str  # what the project must have, e.g. "a signing date"
    check: object  # callable(project, facts) -> bool
    evidence_kind: str = ""  # the kind of file the rule looks for, if any
    # Rules on work done outside the project record (a review, approval procedures) are checked
    # when the project enters the stage; later changes to that work do not freeze the project.
    on_entry_only: bool = False
    describe: object = None  # callable(project, facts) -> label naming exactly what is missing


def _has(field):
    return lambda project, facts: getattr(project, field) not in (None, "")


def _positive(field):
    return lambda project, facts: (getattr(project, field) or 0) > 0


def _true(field):
    return lambda project, facts: bool(getattr(project, field))


def _evidence(kind):
    return lambda project, facts: kind in facts["evidence_kinds"]


def _enterprise_registered(project, facts):
    enterprise = project.enterprise
    return bool(
        enterprise
        and enterprise.registered_locally
        and enterprise.credit_code
        and is_valid_credit_code(enterprise.credit_code)
    )


def _team_complete(project, facts):
    return all(
        (
            project.team_leader_id,
            project.team_unit_id,
            project.team_manager_id,
            project.team_assistant_id,
        )
    )


def _leader_is_county_leader(project, facts):
    return project.team_leader_id is None or COUNTY_LEADER in facts["leader_roles"]


# A ledger import passes no facts about the mechanisms: its rows record history that the review
# and the procedure lists do not cover, so these two rules ask nothing of them.
def _review_passed(project, facts):
    review = facts.get("review")
    return review is None or review["passed"]


def _procedures_done(project, facts):
    procedures = facts.get("procedures")
    return procedures is None or (procedures["drawn_up"] and not procedures["open"])


def _review_missing(project, facts):
    status = facts.get("review", {}).get("status")
    if not status:
        return _("a passed comprehensive review (the project has not been submitted to it)")
    return _("a passed comprehensive review (now: %(status)s)") % {"status": status}


def _procedures_missing(project, facts):
    procedures = facts.get("procedures", {})
    if not procedures.get("drawn_up"):
        return _("all mandatory approval procedures done (the project has no procedure list)")
    return _("all mandatory approval procedures done (still open: %(names)s)") % {
        "names": "、".join(procedures["open"])
    }


RULES = {
    rule.code: rule
    for rule in [
        Rule("signing_date", _("a signing date"), _has("signing_date")),
        Rule("signed_amount", _("a signed amount greater than 0"), _positive("signed_amount")),
        Rule(
            "contract_file",
            _("the signed contract file"),
            _evidence(EvidenceKind.CONTRACT),
            EvidenceKind.CONTRACT,
        ),
        Rule(
            "team_complete",
            _(
                "the project team: county leader in charge, lead unit, project manager and "
                "project assistant"
            ),
            _team_complete,
        ),
        Rule(
            "team_leader_role",
            _("a county leader as the leader in charge"),
            _leader_is_county_leader,
        ),
        Rule(
            "enterprise_registered",
            _(
                "a registered enterprise with a valid unified social credit code, registered in "
                "the county"
            ),
            _enterprise_registered,
        ),
        Rule("land_secured", _("land or building secured"), _true("land_secured")),
        Rule("funds_in_place", _("funds in place greater than 0"), _positive("funds_in_place")),
        Rule("start_date", _("a construction start date"), _has("start_date")),
        Rule(
            "site_photo",
            _("at least one site photo"),
            _evidence(EvidenceKind.SITE_PHOTO),
            EvidenceKind.SITE_PHOTO,
        ),
        Rule("production_date", _("a production date"), _has("production_date")),
        Rule(
            "business_license",
            _("the business licence"),
            _evidence(EvidenceKind.BUSINESS_LICENSE),
            EvidenceKind.BUSINESS_LICENSE,
        ),
        Rule(
            "review_passed",
            _("a passed comprehensive review by the leading group"),
            _review_passed,
            on_entry_only=True,
            describe=_review_missing,
        ),
        Rule(
            "procedures_done",
            _("all mandatory approval procedures done"),
            _procedures_done,
            on_entry_only=True,
            describe=_procedures_missing,
        ),
    ]
}

RULE_CHOICES = [(code, rule.label) for code, rule in RULES.items()]

# The defaults of the issue; the bureau can change them on the stage page.
DEFAULT_REQUIREMENTS = {
    "signed": [
        "signing_date",
        "signed_amount",
        "contract_file",
        "team_complete",
        "team_leader_role",
        "review_passed",
    ],
    "landed": ["enterprise_registered", "land_secured", "funds_in_place", "procedures_done"],
    "started": ["start_date", "site_photo"],
    "producing": ["production_date"],
}


def facts_for(project):
    """What the rules need beyond the project's own fields, read in two queries."""
    from zhaoshang.orgs.models import Membership

    kinds = set(project.evidence.values_list("kind", flat=True)) if project.pk else set()
    leader_roles = set()
    if project.team_leader_id:
        leader_roles = set(
            Membership.objects.filter(user_id=project.team_leader_id).values_list("role", flat=True)
        )
    from zhaoshang.mechanisms.gates import gate_facts

    return {"evidence_kinds": kinds, "leader_roles": leader_roles, **gate_facts(project)}


def evidence_kinds(stage):
    """Kinds of file that ``stage``'s rules ask for (contract, site photo…)."""
    return {
        RULES[r.rule].evidence_kind
        for r in stage.requirements.all()
        if r.rule in RULES and RULES[r.rule].evidence_kind
    }


def missing(project, stages, facts=None):
    """Labels of what ``project`` lacks for ``stages`` (each with prefetched requirements)."""
    facts = facts if facts is not None else facts_for(project)
    reached = _reached_position(project)
    labels = []
    for stage in stages:
        for requirement in stage.requirements.all():
            rule = RULES.get(requirement.rule)
            if rule is None or (rule.on_entry_only and stage.position <= reached):
                continue
            if not rule.check(project, facts):
                label = rule.describe(project, facts) if rule.describe else rule.label
                if label not in labels:
                    labels.append(label)
    return labels


def _reached_position(project):
    """Position of the pipeline stage the project is in (or left off at), 0 before saving."""
    if not project.stage_id:
        return 0
    stage = project.stage if project.stage.is_pipeline else project.resume_stage
    return stage.position if stage is not None else 0
