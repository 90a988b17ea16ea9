"""Roles as data: each role is a fixed set of actions, valid within the unit subtree of the
membership that grants it (DESIGN section 4, ORG-3).

A county-wide role is simply a membership on the county's root unit. The three
administrator roles are separated (三权分立): accounts, role assignment and audit reading
are held by different people.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

UNIT_VIEW = "unit.view"
UNIT_MANAGE = "unit.manage"
USER_VIEW = "user.view"
USER_MANAGE = "user.manage"
MEMBERSHIP_VIEW = "membership.view"
MEMBERSHIP_MANAGE = "membership.manage"
AUDIT_VIEW = "audit.view"
AUDIT_EXPORT = "audit.export"
REFERENCE_MANAGE = "reference.manage"
PROJECT_VIEW = "project.view"
PROJECT_CREATE = "project.create"
PROJECT_EDIT = "project.edit"
PROJECT_ADVANCE = "project.advance"
PROJECT_IMPORT = "project.import"
PROJECT_EXPORT = "project.export"
PROJECT_VERIFY = "project.verify"
PROJECT_INTEGRITY = "project.integrity"
LEAD_CREATE = "lead.create"
ASSESSMENT_VIEW = "assessment.view"
ASSESSMENT_MANAGE = "assessment.manage"
ASSESSMENT_APPROVE = "assessment.approve"
REPORT_FILE = "report.file"
TOUR_SCORE = "tour.score"
# Mechanisms (MEC-1 … MEC-4)
MECHANISM_VIEW = "mechanism.view"
MECHANISM_MANAGE = "mechanism.manage"
REVIEW_OPINE = "review.opine"
PROCEDURE_HANDLE = "procedure.handle"
# Targeting (TGT-1 … TGT-4)
INVESTOR_VIEW = "investor.view"
INVESTOR_EDIT = "investor.edit"
PERSONAL_DATA_VIEW = "personal.view"
PERSONAL_DATA_EXPORT = "personal.export"
TARGETING_MANAGE = "targeting.manage"
# Policies (POL-1 … POL-3)
POLICY_VIEW = "policy.view"
POLICY_MANAGE = "policy.manage"

ACTIONS = {
    UNIT_VIEW: _("View units"),
    UNIT_MANAGE: _("Manage units"),
    USER_VIEW: _("View user accounts"),
    USER_MANAGE: _("Manage user accounts"),
    MEMBERSHIP_VIEW: _("View role assignments"),
    MEMBERSHIP_MANAGE: _("Assign roles"),
    AUDIT_VIEW: _("Read the audit log"),
    AUDIT_EXPORT: _("Export the audit log"),
    REFERENCE_MANAGE: _("Maintain reference data"),
    PROJECT_VIEW: _("View projects"),
    PROJECT_CREATE: _("Register projects"),
    PROJECT_EDIT: _("Edit projects"),
    PROJECT_ADVANCE: _("Move projects between stages"),
    PROJECT_IMPORT: _("Import project ledgers"),
    PROJECT_EXPORT: _("Export project lists"),
    PROJECT_VERIFY: _("Verify landed projects"),
    PROJECT_INTEGRITY: _("Resolve suspected repeats and spot checks"),
    LEAD_CREATE: _("Report investment leads"),
    ASSESSMENT_VIEW: _("View targets, reports, tours and rankings"),
    ASSESSMENT_MANAGE: _("Run the assessment: years, targets, methods, rankings"),
    ASSESSMENT_APPROVE: _("Approve manual score adjustments"),
    REPORT_FILE: _("File monthly reports"),
    TOUR_SCORE: _("Score observation tours"),
    MECHANISM_VIEW: _("View reviews, approval procedures, decision meetings and problem lists"),
    MECHANISM_MANAGE: _("Run reviews, the procedure catalogue, decision meetings and the calendar"),
    REVIEW_OPINE: _("Give a department's opinion in a comprehensive review"),
    PROCEDURE_HANDLE: _("Handle a department's approval procedures"),
    INVESTOR_VIEW: _("View investors, visits, trips and leads"),
    INVESTOR_EDIT: _("Record investors, visits, trips and leads"),
    PERSONAL_DATA_VIEW: _("See contacts' full phone and ID numbers"),
    PERSONAL_DATA_EXPORT: _("Export contacts' personal data"),
    TARGETING_MANAGE: _("Maintain industry chains, platforms and the promotion catalogue"),
    POLICY_VIEW: _("Search policies and incentives"),
    POLICY_MANAGE: _("Maintain the policy library, handbooks and incentive rules"),
}

_PROJECT_WORK = frozenset(
    {PROJECT_VIEW, PROJECT_CREATE, PROJECT_EDIT, PROJECT_ADVANCE, PROJECT_IMPORT, PROJECT_EXPORT}
)
# What every unit's investment team does besides its projects: its investors, trips and leads,
# the reviews and procedures of its projects, and the policies it explains to investors.
_UNIT_WORK = frozenset({MECHANISM_VIEW, INVESTOR_VIEW, INVESTOR_EDIT, POLICY_VIEW})


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    description: str
    actions: frozenset = field(default_factory=frozenset)
    # Roles a holder may assign, and only inside the holder's own subtree.
    grants: frozenset = field(default_factory=frozenset)
    administrative: bool = False


SYSTEM_ADMIN = "system_admin"
SECURITY_ADMIN = "security_admin"
AUDIT_ADMIN = "audit_admin"
COUNTY_LEADER = "county_leader"
BUREAU_ADMIN = "bureau_admin"
UNIT_HEAD = "unit_head"
UNIT_STAFF = "unit_staff"
APPROVAL_OFFICER = "approval_officer"
ASSESSOR = "assessor"
CADRE = "cadre"

BUSINESS_ROLES = frozenset(
    {COUNTY_LEADER, BUREAU_ADMIN, UNIT_HEAD, UNIT_STAFF, APPROVAL_OFFICER, ASSESSOR, CADRE}
)

_ROLE_LIST = [
    Role(
        SYSTEM_ADMIN,
        _("System administrator"),
        _("Creates and maintains units and user accounts; assigns no roles."),
        frozenset({UNIT_VIEW, UNIT_MANAGE, USER_VIEW, USER_MANAGE, MEMBERSHIP_VIEW}),
        administrative=True,
    ),
    Role(
        SECURITY_ADMIN,
        _("Security administrator"),
        _("Assigns and revokes roles; cannot create accounts or read the audit log."),
        frozenset({UNIT_VIEW, USER_VIEW, MEMBERSHIP_VIEW, MEMBERSHIP_MANAGE}),
        grants=BUSINESS_ROLES | {SECURITY_ADMIN, SYSTEM_ADMIN, AUDIT_ADMIN},
        administrative=True,
    ),
    Role(
        AUDIT_ADMIN,
        _("Audit administrator"),
        _("Reads and exports the audit log; changes nothing."),
        frozenset({AUDIT_VIEW, AUDIT_EXPORT}),
        administrative=True,
    ),
    Role(
        COUNTY_LEADER,
        _("County leader"),
        _("Sees the whole county's investment work."),
        frozenset({UNIT_VIEW, USER_VIEW, PROJECT_VIEW, PROJECT_EXPORT, LEAD_CREATE})
        | {ASSESSMENT_VIEW, ASSESSMENT_APPROVE, TOUR_SCORE}
        | {MECHANISM_VIEW, INVESTOR_VIEW, POLICY_VIEW},
    ),
    Role(
        BUREAU_ADMIN,
        _("Investment bureau administrator"),
        _("Runs the system for the county: targets, verification, dispatch and reports."),
        frozenset({UNIT_VIEW, USER_VIEW, MEMBERSHIP_VIEW, REFERENCE_MANAGE, LEAD_CREATE})
        | _PROJECT_WORK
        | {PROJECT_VERIFY, PROJECT_INTEGRITY}
        | {ASSESSMENT_VIEW, ASSESSMENT_MANAGE, ASSESSMENT_APPROVE, TOUR_SCORE}
        | _UNIT_WORK
        | {MECHANISM_MANAGE, PERSONAL_DATA_VIEW, PERSONAL_DATA_EXPORT, TARGETING_MANAGE}
        | {POLICY_MANAGE},
    ),
    Role(
        UNIT_HEAD,
        _("Unit head"),
        _("Leads a unit's investment work and forms its investment team."),
        frozenset({UNIT_VIEW, USER_VIEW, MEMBERSHIP_VIEW, MEMBERSHIP_MANAGE, LEAD_CREATE})
        | _PROJECT_WORK
        | {ASSESSMENT_VIEW, REPORT_FILE}
        | _UNIT_WORK
        | {PERSONAL_DATA_VIEW},
        grants=frozenset({UNIT_STAFF, CADRE}),
    ),
    Role(
        UNIT_STAFF,
        _("Unit investment staff"),
        _("Member of a unit's investment team; keeps its projects and reports."),
        frozenset({UNIT_VIEW, USER_VIEW, LEAD_CREATE})
        | _PROJECT_WORK
        | {ASSESSMENT_VIEW, REPORT_FILE}
        | _UNIT_WORK
        | {PERSONAL_DATA_VIEW},
    ),
    Role(
        APPROVAL_OFFICER,
        _("Approval officer"),
        _("Handles approval procedures for an approving department."),
        frozenset({UNIT_VIEW, LEAD_CREATE, MECHANISM_VIEW, REVIEW_OPINE, PROCEDURE_HANDLE})
        | {POLICY_VIEW},
    ),
    Role(
        ASSESSOR,
        _("Assessor"),
        _("Scores observation tours and checks the year-end assessment."),
        frozenset({UNIT_VIEW, PROJECT_VIEW, LEAD_CREATE, ASSESSMENT_VIEW, TOUR_SCORE})
        | {POLICY_VIEW},
    ),
    Role(
        CADRE,
        _("Cadre"),
        _("Any cadre who brings an investment lead."),
        frozenset({UNIT_VIEW, LEAD_CREATE, POLICY_VIEW}),
    ),
]

ROLES = {role.code: role for role in _ROLE_LIST}
ROLE_CHOICES = [(role.code, role.label) for role in _ROLE_LIST]


def roles_with(action):
    """Codes of the roles that carry ``action``."""
    return [role.code for role in _ROLE_LIST if action in role.actions]
