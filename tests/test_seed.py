"""The demo county loads, is idempotent, and refuses production unless forced."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhaoshang.orgs import demo, services
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Membership, Unit, User

pytestmark = pytest.mark.django_db


def _counts():
    return Unit.objects.count(), User.objects.count(), Membership.objects.count()


def test_demo_county_has_the_units_of_the_speech():
    kinds = {k: Unit.objects.filter(kind=k).count() for k, _label in UnitKind.choices}
    assert kinds["resident_group"] == 3
    assert set(Unit.objects.filter(kind="resident_group").values_list("name", flat=True)) == {
        "驻北京招商组",
        "驻上海招商组",
        "驻广州招商组",
    }
    assert kinds["dev_zone"] >= 2 and kinds["new_district"] == 1
    assert kinds["township"] == 12
    assert kinds["economic_dept"] == 10
    assert kinds["county_dept"] >= 3


def test_all_demo_users_exist_and_can_log_in(client, demo_password):
    names = [u for u, _n in demo.ADMINS.values()] + [row[0] for row in demo.USERS]
    assert len(names) == 12
    for username in names:
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": username, "password": demo_password}
        )
        assert response.status_code == 302, username
        home = client.get("/")
        assert home.status_code == 200, username
        assert "我的角色" in home.content.decode(), username


def test_seed_is_idempotent():
    before = _counts()
    call_command("seed_demo", quiet_logins=True, without_projects=True)
    assert _counts() == before


def test_seed_prints_the_logins(capsys):
    call_command("seed_demo", without_projects=True)
    out = capsys.readouterr().out
    assert "zone1_staff" in out and "Demo@2026zs" in out


def test_seed_refuses_production_without_force(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", quiet_logins=True, without_projects=True)
    call_command("seed_demo", quiet_logins=True, force=True, without_projects=True)


def test_bootstrap_refuses_a_second_county(demo_password):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.bootstrap_county(name="另一个县", code="other", admins={}, password=demo_password)


def test_bootstrap_command_on_an_empty_system(monkeypatch):
    from zhaoshang.core.models import AuditEvent

    Membership.objects.all().delete()
    User.objects.all().delete()
    for unit in Unit.objects.order_by("-depth"):
        unit.delete()
    monkeypatch.setenv("BOOTSTRAP_PASSWORD", "Init#2026county")
    call_command(
        "bootstrap_county",
        "--name=示例县",
        "--sysadmin=admin1:张三",
        "--secadmin=sec1:李四",
        "--auditor=aud1:王五",
    )
    county = Unit.objects.get()
    assert county.kind == "county" and county.path == f"/{county.pk}/"
    admin = User.objects.get(username="admin1")
    assert admin.must_change_password
    assert Membership.objects.get(user=admin).role == "system_admin"
    assert AuditEvent.objects.filter(action="role_grant", actor_name="system").count() >= 3
