"""Backup and restore drill: back up a running system, wipe it, restore, and find the same rows
in every table, the same uploaded files and an intact audit chain — on SQLite and PostgreSQL.

Each drill runs ``manage.py`` in subprocesses against its own data directory (and its own
PostgreSQL database), as an operator would, never against the test database.
"""

import io
import os
import secrets
import shutil
import subprocess
import sys
import tarfile

import pytest

from tests.browser.conftest import REPO_ROOT, _admin_connection, _with_database

PG_URL = os.environ.get("ZHAOSHANG_DRILL_PG", "postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_available():
    try:
        with _admin_connection(PG_URL):
            return True
    except Exception:  # noqa: BLE001 - any failure means the server is not there
        return False


class System:
    """One installation: a data directory and, for PostgreSQL, its own database."""

    def __init__(self, tmp_path, engine):
        self.data = tmp_path / "data"
        self.data.mkdir()
        self.env = dict(os.environ)
        self.env.update(
            {"ZHAOSHANG_ENV": "development", "DATA_DIR": str(self.data), "PYTHONUNBUFFERED": "1"}
        )
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env.pop("MEDIA_ROOT", None)
        self.database = None
        if engine == "postgresql":
            self.database = f"zs_drill_{secrets.token_hex(6)}"
            self._admin(f'CREATE DATABASE "{self.database}"')
            self.env["DATABASE_URL"] = _with_database(PG_URL, self.database)
        else:
            self.env.pop("DATABASE_URL", None)

    def _admin(self, sql):
        with _admin_connection(PG_URL) as conn:
            conn.execute(sql)

    def manage(self, *args, ok=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if ok:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def sql_count(self, table):
        code = (
            "import django; django.setup(); from django.db import connection; "
            "c = connection.cursor(); "
            f"c.execute('SELECT COUNT(*) FROM {table}'); print(c.fetchone()[0])"
        )
        env = {**self.env, "DJANGO_SETTINGS_MODULE": "zhaoshang.settings"}
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip())

    def wipe(self):
        """Lose everything: the database and the uploaded files."""
        if self.database:
            self._admin(f'DROP DATABASE "{self.database}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.database}"')
        else:
            for path in self.data.glob("zhaoshang.sqlite3*"):
                path.unlink()
        shutil.rmtree(self.data / "media", ignore_errors=True)

    def close(self):
        if self.database:
            self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def system(request, tmp_path):
    if request.param == "postgresql" and not _postgres_available():
        pytest.skip("PostgreSQL is not reachable at " + PG_URL)
    installed = System(tmp_path, request.param)
    installed.manage("migrate", "--noinput")
    installed.manage("seed_demo", "--quiet-logins", "--without-projects")
    evidence = installed.data / "media" / "evidence" / "2026" / "合同.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 signed contract\n")
    yield installed
    installed.close()


def _archive(system):
    archives = sorted((system.data / "backups").glob("zhaoshang-backup-*.tar.gz"))
    assert len(archives) == 1, archives
    return archives[0]


def test_backup_wipe_restore_gives_back_every_row_file_and_the_audit_chain(system):
    users = system.sql_count("orgs_user")
    audit_rows = system.sql_count("core_auditevent")
    assert users > 5 and audit_rows > 5

    out = system.manage("backup").stdout
    assert "Backup written" in out
    archive = _archive(system)
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "manifest.json" in names and "media/evidence/2026/合同.pdf" in names

    system.wipe()
    assert not (system.data / "media").exists()
    refused = system.manage("restore", str(archive), ok=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr

    out = system.manage("restore", str(archive), "--yes").stdout
    assert "row counts match" in out and "audit chain is intact" in out
    assert system.sql_count("orgs_user") == users
    assert system.sql_count("core_auditevent") == audit_rows
    restored = system.data / "media" / "evidence" / "2026" / "合同.pdf"
    assert restored.read_bytes() == b"%PDF-1.4 signed contract\n"
    assert "intact" in system.manage("audit_verify").stdout


def test_a_damaged_archive_is_refused_and_changes_nothing(system, tmp_path):
    system.manage("backup")
    archive = _archive(system)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"signed", b"forged")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    users = system.sql_count("orgs_user")
    result = system.manage("restore", str(damaged), "--yes", ok=False)
    assert result.returncode != 0 and "damaged" in result.stderr
    assert system.sql_count("orgs_user") == users
    kept = system.data / "media" / "evidence" / "2026" / "合同.pdf"
    assert kept.read_bytes() == b"%PDF-1.4 signed contract\n"
