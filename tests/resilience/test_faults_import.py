"""Kill drill for the ledger import: the app process is SIGKILLed while it commits a large
ledger, on SQLite and on PostgreSQL. Afterwards a fresh process finds either none of the
ledger's projects or all of them (never some), an intact audit chain, and the same pending
import can be committed again and then lands whole.
"""

import io
import re
import sqlite3
import threading
import time

import psycopg
import requests
from openpyxl import Workbook

from tests.resilience.conftest import DEADLINE, SQLITE_NAME, wait_for

# Enough rows for the commit to take seconds (the services write each one with its audit
# event), few enough for the drill to finish in about a minute on a loaded machine.
ROWS = 400
HEADERS = ["项目名称", "投资方", "来源地", "行业", "总投资（万元）", "申报单位", "当前阶段"]


def _ledger(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for i in range(rows):
        sheet.append(
            [
                f"第{i}号演练产业项目",
                f"演练投资方{i}号有限公司",
                "北京",
                "31",
                20000 + i,
                "",
                "洽谈",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _previewed(app, session, data):
    """Upload and preview the ledger; the token the commit form carries."""
    page = session.get(app.url("/projects/import/"), timeout=DEADLINE)
    uploaded = session.post(
        app.url("/projects/import/"),
        data={"csrfmiddlewaretoken": _csrf(page.text)},
        files={"file": ("台账.xlsx", data)},
        allow_redirects=False,
        timeout=DEADLINE * 3,
    )
    assert uploaded.status_code == 302, uploaded.text[:2000]
    preview = session.get(app.url("/projects/import/preview/"), timeout=DEADLINE * 3)
    assert preview.status_code == 200
    sha256 = re.search(r'name="sha256" value="([0-9a-f]{64})"', preview.text)
    assert sha256, preview.text[:3000]
    return {"csrfmiddlewaretoken": _csrf(preview.text), "sha256": sha256.group(1)}


def _csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _writer_busy(app):
    """Whether a transaction of the app is writing projects right now (it cannot be seen
    committing: its rows stay invisible until then)."""
    if app.engine == "postgresql":
        with psycopg.connect(
            app.env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'projects_project' AND l.mode = 'RowExclusiveLock' "
                "AND l.pid <> pg_backend_pid()"
            ).fetchone()
        return row[0] > 0
    # SQLite: the import's transaction holds the write lock from BEGIN IMMEDIATE on.
    conn = sqlite3.connect(app.data / SQLITE_NAME, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        conn.close()


def test_killing_the_app_mid_import_leaves_all_or_nothing_and_the_import_can_be_rerun(app):
    app.start()
    projects_before = app.count("projects.Project")
    session = app.login("zone1_staff")
    form = _previewed(app, session, _ledger(ROWS))

    answers = []

    def commit():
        try:
            answers.append(
                session.post(app.url("/projects/import/commit/"), data=form, timeout=DEADLINE * 10)
            )
        except requests.RequestException as exc:
            answers.append(exc)

    sender = threading.Thread(target=commit)
    sender.start()
    try:
        wait_for(lambda: _writer_busy(app), "the import to start writing", timeout=DEADLINE * 2)
        # A moment more, so that rows are being written; should the import finish within it,
        # the kill finds everything committed, which is the other acceptable outcome.
        time.sleep(0.5)
        app.kill()
    finally:
        sender.join(timeout=DEADLINE)
    assert not sender.is_alive() and len(answers) == 1

    after_kill = app.count("projects.Project")
    assert after_kill in (projects_before, projects_before + ROWS), (
        f"half an import survived the kill: {after_kill - projects_before} of {ROWS} rows"
    )
    assert app.audit_intact()

    # The pending upload survived too: the same session commits it again, now without a kill.
    app.start()
    done = session.post(
        app.url("/projects/import/commit/"),
        data=form,
        allow_redirects=False,
        timeout=DEADLINE * 10,
    )
    assert done.status_code == 302 and done.headers["Location"] == "/projects/", done.text[:2000]
    assert app.count("projects.Project") == projects_before + ROWS
    assert app.audit_intact()
