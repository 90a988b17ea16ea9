"""Live installations for the fault drills: each drill gets its own data directory (and, on
PostgreSQL, its own database), runs the app as a real gunicorn process and talks to it over
HTTP, so that a process can be killed or a database stopped without touching the test database.

Migrating and seeding take about a minute on a loaded machine, so it is done once per session
into a template (a SQLite file to copy, a PostgreSQL database to clone) and each drill starts
from a copy of it.
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import REPO_ROOT, _admin_connection, _with_database

PG_URL = os.environ.get("ZHAOSHANG_DRILL_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "Demo@2026zs"
GUNICORN = Path(sys.executable).parent / "gunicorn"
DEADLINE = 60  # seconds any wait on a loaded two-core machine may take before it is a failure
SQLITE_NAME = "zhaoshang.sqlite3"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_available():
    try:
        with _admin_connection(PG_URL):
            return True
    except Exception:  # noqa: BLE001 - any failure means the server is not there
        return False


def pg_admin(sql, url=PG_URL):
    with _admin_connection(url) as conn:
        conn.execute(sql)


def wait_for(predicate, what, timeout=DEADLINE, pause=0.2):
    """Poll ``predicate`` until it returns something truthy; fail naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(pause)
    pytest.fail(f"gave up after {timeout}s waiting for {what}")


def base_env(data):
    env = dict(os.environ)
    env.update(
        {
            "ZHAOSHANG_ENV": "development",
            # Error pages as production shows them: a leaked traceback must be visible as one.
            "DEBUG": "false",
            "DATA_DIR": str(data),
            "PYTHONUNBUFFERED": "1",
        }
    )
    for name in ("DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "STATIC_ROOT", "DATABASE_URL"):
        env.pop(name, None)
    return env


def run_manage(env, *args, ok=True, timeout=600):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


class FormParser(HTMLParser):
    """The fields of every form on a page, as a browser would submit them untouched."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append([name, attrs.get("value") or ("on" if kind == "checkbox" else "")])
        elif tag == "select" and name:
            multiple = "multiple" in attrs
            self._select = {"name": name, "first": None, "chosen": [], "multiple": multiple}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"]:
                chosen = [self._select["first"] or ""]
            for value in chosen:
                self.forms[-1]["fields"].append([self._select["name"], value])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The parser keeps the newline that follows <textarea>, which a browser drops.
            name, text = self._textarea
            self.forms[-1]["fields"].append([name, text[1:] if text.startswith("\n") else text])
            self._textarea = None


def form_fields(html, containing):
    """The fields of the first form that has a field named ``containing``."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if any(name == containing for name, _value in form["fields"]):
            return form["fields"]
    raise AssertionError(f"no form with a field {containing!r} on the page")


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class App:
    """One installation: a data directory, a database, and the app as a gunicorn process."""

    def __init__(self, root, database_url=None):
        self.data = root / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.env = base_env(self.data)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.engine = "postgresql" if database_url else "sqlite"
        self.server = None
        self.log_path = root / "server.log"
        self.base_url = None

    # --- management ----------------------------------------------------------------------

    def manage(self, *args, ok=True):
        return run_manage(self.env, *args, ok=ok)

    def python(self, code):
        """Run ``code`` in a fresh Django process against this installation; its stdout."""
        script = "import django\ndjango.setup()\n" + code
        env = {**self.env, "DJANGO_SETTINGS_MODULE": "zhaoshang.settings"}
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    def count(self, model):
        """Rows of ``app_label.Model`` as a fresh process sees them."""
        return int(
            self.python(
                f"from django.apps import apps\nprint(apps.get_model({model!r}).objects.count())"
            )
        )

    def audit_intact(self):
        result = self.manage("audit_verify", ok=False)
        assert result.returncode == 0 and "intact" in result.stdout, result.stdout + result.stderr
        return True

    # --- the server ----------------------------------------------------------------------

    def start(self, workers=1):
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 - lives with server
        try:
            # Its own session, so that a kill reaches the master and every worker at once.
            self.server = subprocess.Popen(
                [
                    str(GUNICORN),
                    "zhaoshang.wsgi",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    # A long import must not be cut short by gunicorn's own worker timeout.
                    "--timeout",
                    "600",
                ],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        wait_for(self._healthy, "the app to answer /healthz")
        return self.base_url

    def _healthy(self):
        if self.server.poll() is not None:
            pytest.fail(f"gunicorn exited with {self.server.returncode}:\n{self.server_log()}")
        try:
            return requests.get(self.base_url + "/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def server_log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self):
        """SIGKILL the master and its workers, as the OOM killer or a power cut would."""
        if self.server is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.server.pid, signal.SIGKILL)
        self.server.wait(timeout=DEADLINE)
        self.server = None

    def stop(self):
        if self.server is None:
            return
        try:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()
        self.server = None

    def url(self, path):
        return self.base_url + path

    def login(self, username):
        """A requests session logged in through the real login form."""
        session = requests.Session()
        page = session.get(self.url("/accounts/login/"), timeout=DEADLINE)
        assert page.status_code == 200, page.text[:500]
        answer = session.post(
            self.url("/accounts/login/"),
            data={
                "csrfmiddlewaretoken": csrf_token(page.text),
                "username": username,
                "password": DEMO_PASSWORD,
            },
            allow_redirects=False,
            timeout=DEADLINE,
        )
        assert answer.status_code == 302, answer.text[:2000]
        return session


@pytest.fixture(scope="session")
def seeded_sqlite():
    """A migrated, seeded SQLite file to copy into each installation."""
    root = Path(tempfile.mkdtemp(prefix="zs-faults-tpl-"))
    try:
        env = base_env(root)
        run_manage(env, "migrate", "--noinput")
        run_manage(env, "seed_demo", "--quiet-logins", "--without-projects")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def seeded_postgres():
    """The name of a migrated, seeded PostgreSQL database to clone for each installation."""
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at " + PG_URL)
    name = f"zs_faults_tpl_{secrets.token_hex(6)}"
    root = Path(tempfile.mkdtemp(prefix="zs-faults-pgtpl-"))
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        env = {**base_env(root), "DATABASE_URL": _with_database(PG_URL, name)}
        run_manage(env, "migrate", "--noinput")
        run_manage(env, "seed_demo", "--quiet-logins", "--without-projects")
        yield name
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def new_app(request, tmp_path):
    """``new_app(engine)``: a seeded installation of its own; servers and databases are
    removed after the test whatever happened."""
    made = []

    def make(engine):
        root = tmp_path / f"app{len(made)}"
        if engine == "postgresql":
            template = request.getfixturevalue("seeded_postgres")
            name = f"zs_faults_{secrets.token_hex(6)}"
            pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            app = App(root, _with_database(PG_URL, name))
            app.database = name
        else:
            template = request.getfixturevalue("seeded_sqlite")
            app = App(root)
            app.database = None
            for path in template.glob(SQLITE_NAME + "*"):
                shutil.copy2(path, app.data / path.name)
        made.append(app)
        return app

    yield make
    for app in made:
        app.kill()
        if app.database:
            pg_admin(f'DROP DATABASE IF EXISTS "{app.database}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, new_app):
    return new_app(request.param)
