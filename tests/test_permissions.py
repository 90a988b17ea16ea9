"""The permission layer against the whole cast: restrict/can, 404 vs 403 vs 200, and denied
writes that change nothing and write no audit row."""

import pytest
from django.core.exceptions import PermissionDenied

from zhaoshang.core.models import AuditEvent
from zhaoshang.core.permissions import can, restrict
from zhaoshang.core.roles import (
    BUSINESS_ROLES,
    MEMBERSHIP_MANAGE,
    MEMBERSHIP_VIEW,
    ROLES,
    SECURITY_ADMIN,
    UNIT_MANAGE,
    UNIT_VIEW,
    USER_MANAGE,
    USER_VIEW,
)
from zhaoshang.orgs import services
from zhaoshang.orgs.models import Membership, Unit, User

pytestmark = pytest.mark.django_db


# --- roles as data ---------------------------------------------------------------------------


def test_no_role_can_grant_a_role_with_more_granting_power_than_its_own():
    for role in ROLES.values():
        for granted in role.grants:
            assert ROLES[granted].grants <= role.grants, (role.code, granted)


def test_business_roles_grant_only_roles_with_a_subset_of_their_actions():
    for role in ROLES.values():
        if role.code == SECURITY_ADMIN:
            continue  # its job is assigning roles (三权分立), see docs/decisions
        for granted in role.grants:
            assert ROLES[granted].actions <= role.actions, (role.code, granted)


def test_the_three_administrator_roles_are_separate():
    sysadmin, secadmin, auditor = (
        ROLES[c] for c in ("system_admin", SECURITY_ADMIN, "audit_admin")
    )
    assert "audit.view" not in sysadmin.actions | secadmin.actions
    assert MEMBERSHIP_MANAGE not in sysadmin.actions
    assert USER_MANAGE not in secadmin.actions
    assert auditor.actions == {"audit.view", "audit.export"}


# --- restrict and can ------------------------------------------------------------------------


def test_unit_staff_sees_only_own_unit(cast, units):
    visible = set(restrict(cast["unit_a_staff"], UNIT_VIEW, Unit).values_list("code", flat=True))
    assert visible == {"zone1", "zone1-office"}


def test_county_roles_see_every_unit(cast):
    total = Unit.objects.count()
    for who in ("leader", "bureau_admin", "assessor", "sysadmin"):
        assert restrict(cast[who], UNIT_VIEW, Unit).count() == total, who


def test_audit_admin_sees_no_unit(cast):
    assert restrict(cast["auditor"], UNIT_VIEW, Unit).count() == 0


def test_can_agrees_with_restrict(cast, units):
    for user in cast.values():
        allowed = set(restrict(user, UNIT_MANAGE, Unit).values_list("pk", flat=True))
        for unit in units.values():
            assert can(user, UNIT_MANAGE, unit) == (unit.pk in allowed)


def test_inactive_user_has_no_scope(cast):
    user = cast["leader"]
    user.is_active = False
    assert restrict(user, UNIT_VIEW, Unit).count() == 0


def test_anonymous_has_no_scope(db):
    from django.contrib.auth.models import AnonymousUser

    assert restrict(AnonymousUser(), UNIT_VIEW, Unit).count() == 0


def test_users_are_scoped_by_home_unit(cast):
    seen = set(restrict(cast["unit_a_head"], USER_VIEW, User).values_list("username", flat=True))
    assert seen == {"zone1_head", "zone1_staff"}


def test_memberships_scoped_by_unit(cast):
    seen = restrict(cast["unit_a_head"], MEMBERSHIP_VIEW, Membership)
    assert {m.unit.code for m in seen} == {"zone1"}


# --- pages: 404 out of scope, 403 without the action, 200 otherwise ---------------------------

UNIT_PAGES = [
    # (cast member, url for unit code, expected)
    ("unit_a_staff", "zone1", 200),
    ("unit_a_staff", "town1", 404),
    ("unit_b_staff", "zone1", 404),
    ("unit_b_staff", "town1", 200),
    ("leader", "town1", 200),
    ("bureau_admin", "zone1", 200),
    ("approval_officer", "fgw", 200),
    ("approval_officer", "zone1", 404),
    ("assessor", "zone1", 200),
    ("auditor", "zone1", 404),
    ("cadre", "jyj", 200),
    ("sysadmin", "zone1", 200),
]


@pytest.mark.parametrize("who,code,expected", UNIT_PAGES)
def test_unit_detail_scope(client_for, cast, who, code, expected):
    response = client_for(cast[who]).get(f"/org/units/{code}/")
    assert response.status_code == expected


UNIT_EDIT = [
    ("sysadmin", "zone1", 200),
    ("leader", "zone1", 403),
    ("bureau_admin", "zone1", 403),
    ("unit_a_head", "zone1", 403),
    ("unit_a_staff", "zone1", 403),
    ("unit_a_staff", "town1", 404),
    ("unit_b_staff", "zone1", 404),
    ("approval_officer", "zone1", 404),
    ("assessor", "zone1", 403),
    ("auditor", "zone1", 404),
    ("secadmin", "zone1", 403),
]


@pytest.mark.parametrize("who,code,expected", UNIT_EDIT)
def test_unit_edit_scope(client_for, cast, who, code, expected):
    assert client_for(cast[who]).get(f"/org/units/{code}/edit/").status_code == expected


@pytest.mark.parametrize(
    "who,target,expected",
    [
        ("unit_a_head", "zone1_staff", 200),
        ("unit_a_head", "town1_staff", 404),
        ("unit_a_staff", "zone1_head", 200),
        ("unit_b_staff", "zone1_staff", 404),
        ("leader", "zone1_staff", 200),
        ("bureau_admin", "town1_staff", 200),
        ("approval_officer", "zone1_staff", 404),
        ("assessor", "zone1_staff", 404),
        ("auditor", "zone1_staff", 404),
        ("sysadmin", "zone1_staff", 200),
        ("secadmin", "zone1_staff", 200),
    ],
)
def test_user_detail_scope(client_for, cast, who, target, expected):
    account = User.objects.get(username=target)
    assert client_for(cast[who]).get(f"/org/users/{account.public_id}/").status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("sysadmin", 200),
        ("secadmin", 403),
        ("leader", 403),
        ("bureau_admin", 403),
        ("unit_a_head", 403),
        ("unit_a_staff", 403),
        ("auditor", 404),
    ],
)
def test_user_edit_scope(client_for, cast, who, expected):
    account = User.objects.get(username="zone1_staff")
    assert (
        client_for(cast[who]).get(f"/org/users/{account.public_id}/edit/").status_code == expected
    )


@pytest.mark.parametrize(
    "who,expected",
    [
        ("sysadmin", 200),
        ("secadmin", 200),
        ("unit_a_head", 200),
        ("bureau_admin", 200),
        ("leader", 403),
        ("unit_a_staff", 403),
        ("unit_b_staff", 403),
        ("approval_officer", 403),
        ("assessor", 403),
        ("auditor", 403),
        ("cadre", 403),
    ],
)
def test_membership_list_needs_the_view_action(client_for, cast, who, expected):
    assert client_for(cast[who]).get("/org/roles/").status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("secadmin", 200),
        ("unit_a_head", 200),
        ("sysadmin", 403),
        ("bureau_admin", 403),
        ("leader", 403),
        ("unit_a_staff", 403),
        ("auditor", 403),
    ],
)
def test_membership_create_page(client_for, cast, who, expected):
    assert client_for(cast[who]).get("/org/roles/new/").status_code == expected


def test_unit_list_shows_only_scope(client_for, cast):
    body = client_for(cast["unit_b_staff"]).get("/org/units/").content.decode()
    assert "城关镇" in body
    assert "沧澜经济开发区" not in body


# --- denied writes change nothing and write no audit row -------------------------------------


def _state():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "name", "parent_id", "path")),
        list(User.objects.order_by("pk").values_list("pk", "full_name", "unit_id", "is_active")),
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "unit_id", "role")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "who", ["unit_a_staff", "unit_a_head", "leader", "bureau_admin", "secadmin"]
)
def test_denied_unit_edit_changes_nothing(client_for, cast, units, who):
    before = _state()
    response = client_for(cast[who]).post(
        "/org/units/zone1/edit/",
        {"name": "被篡改", "kind": "dev_zone", "parent": units["county"].pk},
    )
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("who", ["unit_b_staff", "approval_officer", "auditor"])
def test_out_of_scope_unit_edit_is_404_and_changes_nothing(client_for, cast, units, who):
    before = _state()
    response = client_for(cast[who]).post("/org/units/zone1/edit/", {"name": "被篡改"})
    assert response.status_code == 404
    assert _state() == before


@pytest.mark.parametrize("who", ["unit_a_head", "secadmin", "leader", "unit_b_staff"])
def test_denied_user_deactivation_changes_nothing(client_for, cast, who):
    target = User.objects.get(username="zone1_staff")
    before = _state()
    response = client_for(cast[who]).post(
        f"/org/users/{target.public_id}/edit/",
        {"full_name": "x", "unit": target.unit_id, "is_active": ""},
    )
    assert response.status_code in (403, 404)
    assert _state() == before


def test_staff_cannot_grant_roles(client_for, cast, units):
    before = _state()
    response = client_for(cast["unit_a_staff"]).post(
        "/org/roles/new/",
        {"user": cast["unit_a_staff"].pk, "unit": units["zone1"].pk, "role": "unit_head"},
    )
    assert response.status_code == 403
    assert _state() == before


def test_unit_head_cannot_grant_a_wider_role(client_for, cast, units):
    before = _state()
    response = client_for(cast["unit_a_head"]).post(
        "/org/roles/new/",
        {"user": cast["unit_a_staff"].pk, "unit": units["zone1"].pk, "role": "unit_head"},
    )
    assert response.status_code == 200  # the form comes back with the refusal
    assert _state() == before


def test_unit_head_cannot_grant_outside_own_unit(cast, units):
    before = _state()
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=cast["unit_a_head"], user=cast["unit_a_staff"], unit=units["town1"], role="cadre"
        )
    assert _state() == before


def test_unit_head_grants_staff_role_in_own_unit(client_for, cast, units):
    response = client_for(cast["unit_a_head"]).post(
        "/org/roles/new/",
        {"user": cast["unit_a_staff"].pk, "unit": units["zone1-office"].pk, "role": "unit_staff"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=cast["unit_a_staff"], unit=units["zone1-office"], role="unit_staff"
    ).exists()
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "role_grant" and event.actor == cast["unit_a_head"]


def test_security_admin_grants_business_roles_county_wide(cast, units):
    for role in BUSINESS_ROLES:
        services.membership_grant(
            actor=cast["secadmin"], user=cast["cadre"], unit=units["town2"], role=role
        )
    assert Membership.objects.filter(user=cast["cadre"], unit=units["town2"]).count() == len(
        BUSINESS_ROLES
    )


def test_system_admin_cannot_grant_roles(cast, units):
    before = _state()
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=cast["sysadmin"], user=cast["cadre"], unit=units["jyj"], role="unit_staff"
        )
    assert _state() == before


def test_move_out_of_scope_is_refused(cast, units):
    """A unit head who could manage a unit may not move it under a unit they do not manage."""
    services.membership_grant(
        actor=cast["secadmin"], user=cast["unit_a_head"], unit=units["zone1"], role="security_admin"
    )
    before = _state()
    with pytest.raises(PermissionDenied):
        services.unit_update(
            actor=cast["unit_a_head"], unit=units["zone1-office"], parent=units["town1"]
        )
    assert _state() == before


def test_sysadmin_moves_unit_and_subtree_paths_follow(cast, units):
    moved = services.unit_update(actor=cast["sysadmin"], unit=units["zone1"], parent=units["zone2"])
    office = Unit.objects.get(code="zone1-office")
    assert moved.path == f"{units['zone2'].path}{moved.pk}/"
    assert office.path == f"{moved.path}{office.pk}/"
    assert office.depth == 3


def test_unit_cannot_move_under_itself(cast, units):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.unit_update(
            actor=cast["sysadmin"], unit=units["zone1"], parent=units["zone1-office"]
        )


def test_user_move_to_unit_out_of_scope_refused(cast, units):
    services.membership_grant(
        actor=cast["secadmin"], user=cast["unit_a_head"], unit=units["zone1"], role="security_admin"
    )
    target = User.objects.get(username="zone1_staff")
    before = _state()
    with pytest.raises(PermissionDenied):
        services.user_update(actor=cast["unit_a_head"], user=target, unit=units["town1"])
    assert _state() == before


def test_form_choices_are_limited_to_scope(client_for, cast):
    body = client_for(cast["unit_a_head"]).get("/org/roles/new/").content.decode()
    assert "城关镇" not in body  # another unit
    assert "王俊峰" not in body  # another unit's staff
    assert "沧澜经济开发区" in body
    assert 'value="unit_head"' not in body  # wider than the head may grant
    assert 'value="unit_staff"' in body
