"""Settings come only from the environment, through strict parsers."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhaoshang.env import env_bool, env_int, env_list, env_minutes, env_str

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "raw,expected", [("true", True), ("On", True), ("0", False), ("no", False)]
)
def test_bool_parses_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("ZS_T", raw)
    assert env_bool("ZS_T") is expected


@pytest.mark.parametrize(
    "parser,raw",
    [
        (env_bool, "ture"),
        (env_int, "12a"),
        (env_list, "a,,b"),
        (lambda name: env_int(name, minimum=1), "0"),
        (lambda name: env_str(name, choices={"a", "b"}), "c"),
    ],
)
def test_bad_values_raise_improperly_configured(monkeypatch, parser, raw):
    monkeypatch.setenv("ZS_T", raw)
    with pytest.raises(ImproperlyConfigured, match="ZS_T"):
        parser("ZS_T")


def test_missing_required_value_raises(monkeypatch):
    monkeypatch.delenv("ZS_T", raising=False)
    with pytest.raises(ImproperlyConfigured):
        env_str("ZS_T")


def test_defaults_and_lists(monkeypatch):
    monkeypatch.delenv("ZS_T", raising=False)
    assert env_int("ZS_T", 5) == 5
    assert env_minutes("ZS_T", 30) == timedelta(minutes=30)
    monkeypatch.setenv("ZS_T", "a.example, b.example")
    assert env_list("ZS_T") == ["a.example", "b.example"]


def _check(env):
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _check({"ZHAOSHANG_ENV": "production", "ALLOWED_HOSTS": "x.example"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _check(
        {"ZHAOSHANG_ENV": "production", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "x", "DEBUG": "1"}
    )
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_typo_in_a_setting_stops_the_process():
    result = _check({"SESSION_IDLE_MINUTES": "thirty"})
    assert result.returncode != 0 and "SESSION_IDLE_MINUTES" in result.stderr


def test_production_turns_on_transport_security():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    env = {
        **os.environ,
        "ZHAOSHANG_ENV": "production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "x.example",
        "DJANGO_SETTINGS_MODULE": "zhaoshang.settings",
    }
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "False"], result.stderr


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_every_setting_is_documented():
    import re

    names = set(
        re.findall(r'env_\w+\(\s*"([A-Z_]+)"', (ROOT / "zhaoshang" / "settings.py").read_text())
    )
    assert len(names) > 20
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    for name in names:
        assert f"`{name}`" in readme or f"{name}`" in readme, name
        assert f"\n{name}=" in example, name
