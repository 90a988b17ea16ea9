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
    ],
    "landed": ["enterprise_registered", "land_secured", "funds_in_place"],
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
    return {"evidence_kinds": kinds, "leader_roles": leader_roles}


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
    labels = []
    for stage in stages:
        for requirement in stage.requirements.all():
            rule = RULES.get(requirement.rule)
            if rule is not None and not rule.check(project, facts) and rule.label not in labels:
                labels.append(rule.label)
    return labels
