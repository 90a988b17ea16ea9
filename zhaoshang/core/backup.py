"""Backup and restore of the whole system: the database and the uploaded files, in one archive.

The archive (``.tar.gz``) holds the database — an online copy made with SQLite's backup API,
consistent while the system runs, or a ``pg_dump`` custom-format dump — the media directory, and
``manifest.json``: when and from what it was taken, the row count of every table, the audit
chain's length and newest hash, and the SHA-256 of every member. A restore checks the archive
against its manifest before it touches anything, replaces the database and the files, then
counts the rows and verifies the audit chain again; a mismatch is an error, never a warning.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """The archive is unusable or the restored system does not match it."""


def _database():
    return settings.DATABASES["default"]


def is_postgres():
    return _database()["ENGINE"] == "django.db.backends.postgresql"


def _pg_env():
    db = _database()
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args():
    db = _database()
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def _run(command):
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def table_counts():
    """Rows per table of every installed model that Django manages."""
    counts = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.managed and not meta.proxy:
            counts[meta.db_table] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


def audit_state():
    from zhaoshang.core import audit
    from zhaoshang.core.models import AuditEvent

    checked, problem = audit.verify()
    newest = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
    return {"rows": checked, "newest_hash": newest or "", "problem": problem}


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_database(workdir):
    if is_postgres():
        target = workdir / PG_MEMBER
        _run(["pg_dump", "-Fc", "--no-owner", *_pg_args(), "-f", str(target), _database()["NAME"]])
        return target
    target = workdir / SQLITE_MEMBER
    source = sqlite3.connect(_database()["NAME"])
    try:
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    return target


def backup(output_dir, *, now=None):
    """Write an archive into ``output_dir`` and return its path."""
    now = timezone.localtime(now or timezone.now())
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    name = f"zhaoshang-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    final = output_dir / name
    with tempfile.TemporaryDirectory(dir=output_dir) as tmp:
        workdir = Path(tmp)
        # Counted before the dump, so a write between the two shows up as a difference on
        # restore instead of passing unnoticed; take backups when nobody is writing.
        counts, audit = table_counts(), audit_state()
        database = _dump_database(workdir)
        members = {database.name: _sha256(database)}
        media_root = Path(settings.MEDIA_ROOT)
        media_files = sorted(p for p in media_root.rglob("*") if p.is_file())
        for path in media_files:
            members[MEDIA_PREFIX + path.relative_to(media_root).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "taken_at": now.isoformat(),
            "engine": "postgresql" if is_postgres() else "sqlite",
            "tables": counts,
            "audit": audit,
            "members": members,
        }
        partial = workdir / (name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for path in media_files:
                archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        # Renamed into place only when complete: a crash leaves no archive that looks whole.
        os.replace(partial, final)
    return final


def _safe_members(archive):
    for member in archive.getmembers():
        name = member.name
        if member.issym() or member.islnk() or name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"unsafe member in archive: {name}")
        yield member


def read_manifest(path):
    with tarfile.open(path, "r:gz") as archive:
        try:
            return json.load(archive.extractfile(MANIFEST))
        except KeyError:
            raise BackupError("the archive has no manifest") from None


def _extract(path, workdir):
    with tarfile.open(path, "r:gz") as archive:
        archive.extractall(workdir, members=list(_safe_members(archive)), filter="data")
    manifest = json.loads((workdir / MANIFEST).read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    for member, expected in manifest["members"].items():
        found = workdir / member
        if not found.is_file() or _sha256(found) != expected:
            raise BackupError(f"{member} is missing or damaged")
    return manifest


def _restore_database(workdir, manifest):
    engine = "postgresql" if is_postgres() else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"the archive holds a {manifest['engine']} database, not {engine}")
    connections.close_all()
    if is_postgres():
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *_pg_args(),
                "-d",
                _database()["NAME"],
                str(workdir / PG_MEMBER),
            ]
        )
        return
    source = sqlite3.connect(workdir / SQLITE_MEMBER)
    try:
        live = sqlite3.connect(_database()["NAME"])
        with live:
            source.backup(live)
        live.close()
    finally:
        source.close()


def _restore_media(workdir):
    media_root = Path(settings.MEDIA_ROOT)
    restored = workdir / MEDIA_PREFIX.rstrip("/")
    staging = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    if restored.exists():
        shutil.copytree(restored, staging)
    else:
        staging.mkdir(parents=True)
    old = media_root.with_name(media_root.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        media_root.rename(old)
    staging.rename(media_root)
    shutil.rmtree(old, ignore_errors=True)


def restore(path):
    """Replace the database and the uploaded files with the archive's, then check them.
    Returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no such archive: {path}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        manifest = _extract(path, workdir)
        _restore_database(workdir, manifest)
        _restore_media(workdir)
    check(manifest)
    return manifest


def check(manifest):
    """The restored system against the manifest: the same rows in every table it lists and the
    same intact audit chain."""
    counts = table_counts()
    wrong = [
        f"{table}: {expected} expected, {counts.get(table)} found"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    if wrong:
        raise BackupError("row counts differ after restore: " + "; ".join(wrong[:20]))
    audit = audit_state()
    if audit["problem"]:
        raise BackupError(f"the audit chain is broken after restore: {audit['problem']}")
    if (audit["rows"], audit["newest_hash"]) != (
        manifest["audit"]["rows"],
        manifest["audit"]["newest_hash"],
    ):
        raise BackupError("the audit chain differs from the one backed up")
