"""PostgreSQL restarted under load: the app (gunicorn, two workers) runs on a private,
throw-away PostgreSQL cluster while a thread keeps requesting the login page, /healthz and a
logged-in project list. While the cluster is down every answer is a clean error page (no
traceback or driver message leaked) and /healthz says 503 ``{"status": "error"}``; once it is
back, /healthz and the pages answer 200 again without restarting the app.

The shared server is never restarted: the cluster lives in a temporary directory and is
filled with a dump of the seeded template database.
"""

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import _with_database
from tests.resilience.conftest import DEADLINE, PG_URL, App, free_port, wait_for

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# What a leaked exception looks like; /healthz may name the exception's class, nothing more.
DRIVER_LEAKS = ("Traceback", "psycopg", "Connection refused", "shutting down", 'File "/')
LEAKS = (*DRIVER_LEAKS, "OperationalError")
PAGES = ("/accounts/login/", "/healthz", "/projects/")


class Cluster:
    """A PostgreSQL cluster of its own, on a free port; as root it runs as user postgres,
    since PostgreSQL refuses to run as root."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="zs-faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def _run(self, program, *args):
        command = [str(PG_BIN / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=DEADLINE * 2)
        assert result.returncode == 0, result.stdout + result.stderr + self._log()

    def _log(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def start(self):
        options = f"-p {self.port} -k {self.root}"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def copy_in(self, source_url, database):
        """Create ``database`` here and fill it with a dump of ``source_url``."""
        target = self.url(database).replace("postgres://", "postgresql://")
        admin = self.url("postgres").replace("postgres://", "postgresql://")
        subprocess.run(
            [str(PG_BIN / "psql"), admin, "-q", "-c", f'CREATE DATABASE "{database}"'],
            check=True,
            capture_output=True,
        )
        dump = subprocess.Popen(
            [
                str(PG_BIN / "pg_dump"),
                "--no-owner",
                source_url.replace("postgres://", "postgresql://"),
            ],
            stdout=subprocess.PIPE,
        )
        restored = subprocess.run(
            [str(PG_BIN / "psql"), target, "-q", "-v", "ON_ERROR_STOP=1"],
            stdin=dump.stdout,
            capture_output=True,
            text=True,
        )
        dump.stdout.close()
        assert dump.wait(timeout=DEADLINE * 2) == 0
        assert restored.returncode == 0, restored.stderr

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def cluster():
    made = Cluster()
    try:
        made.start()
        yield made
    finally:
        made.destroy()


class Load(threading.Thread):
    """Requests the pages in a loop and records every answer until stopped."""

    def __init__(self, app, session):
        super().__init__(daemon=True)
        self.app = app
        self.session = session
        self.answers = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            for path in PAGES:
                client = self.session if path == "/projects/" else requests
                try:
                    answer = client.get(self.app.url(path), timeout=DEADLINE, allow_redirects=False)
                    self.answers.append((path, answer.status_code, answer.text))
                except requests.RequestException as exc:
                    self.answers.append((path, None, repr(exc)))
            time.sleep(0.1)


def _clean_failure(status, body, path="/projects/"):
    if path == "/healthz":
        return (
            status == 503
            and json.loads(body)["status"] == "error"
            and not any(leak in body for leak in DRIVER_LEAKS)
        )
    return status in (500, 503) and not any(leak in body for leak in LEAKS)


def test_a_postgresql_restart_gives_clean_errors_then_the_app_recovers_by_itself(
    cluster, seeded_postgres, tmp_path
):
    cluster.copy_in(_with_database(PG_URL, seeded_postgres), "zs")
    app = App(tmp_path, cluster.url("zs"))
    load = None
    try:
        app.start(workers=2)
        session = app.login("zone1_staff")
        assert session.get(app.url("/projects/"), timeout=DEADLINE).status_code == 200
        load = Load(app, session)
        load.start()
        wait_for(lambda: len(load.answers) >= 6, "the load to get going")

        cluster.stop()

        def healthz_down():
            answer = requests.get(app.url("/healthz"), timeout=DEADLINE)
            # A 503 response is falsy itself, hence the list around it.
            return [answer] if answer.status_code == 503 else None

        [down] = wait_for(healthz_down, "/healthz to report the database gone")
        assert _clean_failure(down.status_code, down.text, "/healthz"), down.text
        for _ in range(4):
            page = session.get(app.url("/projects/"), timeout=DEADLINE)
            assert _clean_failure(page.status_code, page.text), (page.status_code, page.text)
        login = requests.get(app.url("/accounts/login/"), timeout=DEADLINE)
        assert login.status_code == 200 or _clean_failure(login.status_code, login.text)

        cluster.start()
        wait_for(
            lambda: requests.get(app.url("/healthz"), timeout=DEADLINE).status_code == 200,
            "/healthz to report the database back",
        )
        # Enough requests for both workers to have to find their connection again.
        for _ in range(6):
            for path in PAGES:
                client = session if path == "/projects/" else requests
                answer = client.get(app.url(path), timeout=DEADLINE)
                assert answer.status_code == 200, (path, answer.status_code, answer.text[:500])
        assert app.server.poll() is None, "the app was restarted"
    finally:
        if load is not None:
            load.halt.set()
            load.join(timeout=DEADLINE)
        app.kill()

    statuses = {status for _path, status, _body in load.answers}
    assert None not in statuses, [a for a in load.answers if a[1] is None][:3]
    assert statuses <= {200, 500, 503}, statuses
    assert 200 in statuses
    leaked = [
        (p, s, body[:300])
        for p, s, body in load.answers
        if s != 200 and not _clean_failure(s, body, p)
    ]
    assert not leaked, leaked
