"""The generated county's organisation: the few accounts made through the services, then the
unit tree, its people and their roles in bulk."""

import uuid

from django.contrib.auth.hashers import make_password

from zhaoshang.core.roles import (
    ASSESSOR,
    AUDIT_ADMIN,
    BUREAU_ADMIN,
    COUNTY_LEADER,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
    UNIT_HEAD,
    UNIT_STAFF,
)
from zhaoshang.orgs import services
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Membership, Unit, User
from zhaoshang.scale import names
from zhaoshang.scale.bulk import Table, next_id

ADMINS = {
    SYSTEM_ADMIN: ("sysadmin", "赵建国"),
    SECURITY_ADMIN: ("secadmin", "钱文静"),
    AUDIT_ADMIN: ("auditor", "孙立新"),
}
# username, full name, post, role held county-wide
COUNTY_PEOPLE = [
    ("scale_bureau", "周晓梅", "招商局副局长", BUREAU_ADMIN),
    ("scale_assessor", "褚国栋", "县委督查室督查员", ASSESSOR),
] + [
    (f"scale_leader{n}", name, post, COUNTY_LEADER)
    for n, (name, post) in enumerate(
        [
            ("李志强", "副县长"),
            ("张宏伟", "常务副县长"),
            ("王立平", "副县长"),
            ("刘海东", "副县长"),
            ("陈静", "副县长"),
        ],
        start=1,
    )
]

# Twenty top-level units in this mix, repeated: the county's usual shape.
KIND_CYCLE = (
    [UnitKind.RESIDENT_GROUP, UnitKind.DEV_ZONE]
    + [UnitKind.TOWNSHIP] * 9
    + [UnitKind.ECONOMIC_DEPT] * 3
    + [UnitKind.COUNTY_DEPT] * 6
    + [UnitKind.NEW_DISTRICT]
)
UNIT_NAMES = {
    UnitKind.RESIDENT_GROUP: "驻{}招商组",
    UnitKind.DEV_ZONE: "{}经济开发区",
    UnitKind.NEW_DISTRICT: "{}新区",
    UnitKind.TOWNSHIP: "{}镇",
    UnitKind.ECONOMIC_DEPT: "{}经济发展局",
    UnitKind.COUNTY_DEPT: "{}事务服务中心",
}


def make_uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class Organisation:
    """Everything the rest of the generator needs to know about units and people."""

    def __init__(self):
        self.root = None
        self.bureau_unit = None
        self.people = {}  # username -> User (the service-made accounts)
        self.top = []  # (pk, code, kind): assessed units
        self.subs = []  # (pk, code, parent pk)
        self.head = {}  # unit pk -> user pk
        self.staff = {}  # unit pk -> user pk
        self.parent_of = {}  # claiming unit pk -> assessed unit pk

    @property
    def leaders(self):
        return [u for name, u in sorted(self.people.items()) if name.startswith("scale_leader")]


def setup_people(password, county_name):
    """Root unit, administrators, the bureau and the county-wide people, through the services
    (these are few and are what every audit trail starts with)."""
    org = Organisation()
    org.root, _users = services.bootstrap_county(
        name=county_name,
        code="county",
        admins=ADMINS,
        password=password,
        must_change_password=False,
    )
    sysadmin = User.objects.get(username="sysadmin")
    secadmin = User.objects.get(username="secadmin")
    org.bureau_unit = services.unit_create(
        actor=sysadmin,
        code="zsj",
        name=f"{county_name}招商局",
        short_name="招商局",
        kind=UnitKind.COUNTY_DEPT,
        parent=org.root,
        position=0,
    )
    for username, full_name, title, role in COUNTY_PEOPLE:
        home = org.bureau_unit if role == BUREAU_ADMIN else org.root
        user = services.user_create(
            actor=sysadmin,
            password=password,
            must_change_password=False,
            username=username,
            full_name=full_name,
            title=title,
            unit=home,
        )
        services.membership_grant(actor=secadmin, user=user, unit=org.root, role=role)
        org.people[username] = user
    org.people["secadmin"] = secadmin
    return org


def bulk_units(org, scale, rng, at):
    """The assessed units under the root and one sub-unit for every fourth of them."""
    assessed = scale.units - 2  # the root and the bureau exist already
    sub_count = int(assessed * 0.2)
    top_count = assessed - sub_count
    root = org.root
    table = Table(Unit)
    pk = next_id(Unit)
    for i in range(top_count):
        kind = KIND_CYCLE[i % len(KIND_CYCLE)]
        code = f"u{i + 1:05d}"
        name = UNIT_NAMES[kind].format(names.place(i))
        table.add(_unit_row(pk, code, name, kind, root, i + 1, depth=1, at=at))
        org.top.append((pk, code, kind))
        org.parent_of[pk] = pk
        pk += 1
    parents = org.top[:: max(1, top_count // max(sub_count, 1))][:sub_count]
    for n, (parent_pk, parent_code, kind) in enumerate(parents, start=1):
        parent_path = f"{root.path}{parent_pk}/"
        parent_key = f"{root.sort_key}{_position_of(parent_code):05d}.{parent_pk:09d}/"
        parent_name = UNIT_NAMES[kind].format(names.place(_position_of(parent_code) - 1))
        table.add(
            {
                "id": pk,
                "code": f"{parent_code}-zsb",
                "name": f"{parent_name}招商办",
                "short_name": "",
                "kind": kind,
                "parent": parent_pk,
                "path": f"{parent_path}{pk}/",
                "depth": 2,
                "sort_key": f"{parent_key}{n:05d}.{pk:09d}/",
                "position": n,
                "phone": "",
                "is_active": True,
                "created_at": at,
                "updated_at": at,
            }
        )
        org.subs.append((pk, f"{parent_code}-zsb", parent_pk))
        org.parent_of[pk] = parent_pk
        pk += 1
    table.flush()
    return table.written


def _position_of(code):
    return int(code[1:6])


def _unit_row(pk, code, name, kind, root, position, *, depth, at):
    return {
        "id": pk,
        "code": code,
        "name": name,
        "short_name": "",
        "kind": kind,
        "parent": root.pk,
        "path": f"{root.path}{pk}/",
        "depth": depth,
        "sort_key": f"{root.sort_key}{position:05d}.{pk:09d}/",
        "position": position,
        "phone": "",
        "is_active": True,
        "created_at": at,
        "updated_at": at,
    }


def bulk_people(org, password, rng, at):
    """A head and a staff member for each assessed unit, a staff member for each sub-unit; one
    password hash for all (hashing a hundred thousand passwords would be the slowest step)."""
    hashed = make_password(password)
    users = Table(User)
    roles = Table(Membership)
    user_pk, role_pk = next_id(User), next_id(Membership)
    granted_by = org.people["secadmin"].pk
    plan = [(pk, code, UNIT_HEAD) for pk, code, _kind in org.top]
    plan += [(pk, code, UNIT_STAFF) for pk, code, _kind in org.top]
    plan += [(pk, code, UNIT_STAFF) for pk, code, _parent in org.subs]
    for unit_pk, code, role in plan:
        suffix = "head" if role == UNIT_HEAD else "staff"
        users.add(
            {
                "id": user_pk,
                "password": hashed,
                "last_login": None,
                "is_superuser": False,
                "username": f"{code}_{suffix}",
                "is_staff": False,
                "is_active": True,
                "date_joined": at,
                "public_id": make_uuid(rng),
                "full_name": names.person(rng),
                "phone": "",
                "title": "招商办主任" if role == UNIT_HEAD else "招商专员",
                "unit": unit_pk,
                "must_change_password": False,
                "password_changed_at": at,
            }
        )
        roles.add(
            {
                "id": role_pk,
                "public_id": make_uuid(rng),
                "user": user_pk,
                "unit": unit_pk,
                "role": role,
                "granted_by": granted_by,
                "created_at": at,
            }
        )
        (org.head if role == UNIT_HEAD else org.staff)[unit_pk] = user_pk
        user_pk += 1
        role_pk += 1
    users.flush()
    roles.flush()
    return users.written
