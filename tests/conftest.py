"""The fixed cast of DESIGN section 3 rule 9, drawn from the demo county.

Unit A is the economic development zone (zone1), unit B the township 城关镇 (town1).
"""

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command

from zhaoshang.core.models import AuditEvent
from zhaoshang.orgs.models import Unit, User

CAST = {
    "bureau_admin": "bureau_admin",
    "leader": "county_leader",
    "unit_a_head": "zone1_head",
    "unit_a_staff": "zone1_staff",
    "unit_b_staff": "town1_staff",
    "approval_officer": "approval_fgw",
    "assessor": "assessor1",
    "auditor": "auditor",
    "sysadmin": "sysadmin",
    "secadmin": "secadmin",
    "cadre": "cadre1",
}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI a skip is a failure: browser and PostgreSQL tests must really run there."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is not allowed: {report.longrepr}"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures are keyed on the data version, which repeats from one test to the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # MD5 for speed in new hashes; PBKDF2 still verifies the demo accounts made at setup.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", quiet_logins=True, without_projects=True)


@pytest.fixture
def cast(db):
    users = {u.username: u for u in User.objects.filter(username__in=CAST.values())}
    return {role: users[username] for role, username in CAST.items()}


@pytest.fixture
def units(db):
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture
def client_for(client):
    """``client_for(user)`` logs the test client in as ``user`` (or out, for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def audit_count(db):
    return lambda: AuditEvent.objects.count()


@pytest.fixture
def demo_password(settings):
    return settings.DEMO_PASSWORD


@pytest.fixture
def ref(db):
    """Reference rows by code: ``ref.division("31")``, ``ref.region("11")``, ``ref.stage(…)``."""
    from zhaoshang.projects.models import DropReason, Stage
    from zhaoshang.reference.models import IndustryDivision, Region, StrategicField

    class Ref:
        division = staticmethod(lambda code: IndustryDivision.objects.get(code=code))
        region = staticmethod(lambda code: Region.objects.get(code=code))
        field = staticmethod(lambda code: StrategicField.objects.get(code=code))
        stage = staticmethod(lambda code: Stage.objects.get(code=code))
        reason = staticmethod(lambda code: DropReason.objects.get(code=code))

    return Ref()


# Distinct words, so that default names in a test never look like repeats of one another.
_WORDS = [
    "特钢",
    "纸业",
    "热电",
    "纺纱",
    "农机",
    "食品",
    "生猪",
    "肉鸡",
    "奶牛",
    "果菜",
    "海产",
    "装备",
    "电子",
    "材料",
    "能源",
    "生物",
    "环保",
    "物流",
    "文旅",
    "电商",
    "数据",
    "光伏",
    "风电",
    "氢能",
]


@pytest.fixture
def make_project(cast, units, ref):
    """Register a project through the service with plausible defaults."""
    from decimal import Decimal

    from zhaoshang.projects import services

    counter = {"n": 0}

    def make(actor=None, unit=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        word = _WORDS[n % len(_WORDS)] + _WORDS[(n * 7 + 3) % len(_WORDS)]
        data = {
            "name": f"{word}建设项目（第{n}批）",
            "investor_name": f"{_WORDS[(n * 3 + 1) % len(_WORDS)]}{word}投资有限公司",
            "origin_region": ref.region("11"),
            "industry": ref.division("31"),
            "total_investment": Decimal("20000"),
        }
        data.update(fields)
        return services.project_create(
            actor=actor or cast["unit_a_staff"], unit=unit or units["zone1"], **data
        )

    return make
