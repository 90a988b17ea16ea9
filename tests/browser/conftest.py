"""Fixtures that drive the real application in Chromium.

The app runs in its own ``manage.py runserver`` subprocess against a fresh database (a temporary
SQLite file, or a throw-away PostgreSQL database when ``DATABASE_URL`` points at PostgreSQL), so
these tests never touch pytest-django's test database nor the Django ORM.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "Demo@2026zs"
STARTUP_TIMEOUT = 60


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _is_postgres(url):
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql", "postgis"}


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _admin_connection(url):
    import psycopg

    parts = urlsplit(_with_database(url, "postgres"))
    conninfo = urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))
    return psycopg.connect(conninfo, autocommit=True)


def _manage(env, *args, log):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=1800,  # the demo seed takes minutes on a busy 2-core machine
    )
    log.write(f"$ manage.py {' '.join(args)}\n{result.stdout}\n")
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}")


def _wait_until_healthy(server, base_url, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"runserver exited with {server.returncode} before answering /healthz:\n"
                + log_path.read_text(errors="replace")
            )
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last_error = exc
        time.sleep(0.25)
    pytest.fail(
        f"runserver did not answer /healthz within {STARTUP_TIMEOUT}s ({last_error}):\n"
        + log_path.read_text(errors="replace")
    )


@pytest.fixture(scope="session")
def live_app():
    """Base URL (``http://127.0.0.1:PORT``) of the real app, migrated and seeded with the demo."""
    tmp = Path(tempfile.mkdtemp(prefix="zs-browser-"))
    env = dict(os.environ)
    env.update(
        {
            "ZHAOSHANG_ENV": "development",
            "DEBUG": "true",
            "DATA_DIR": str(tmp),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    source_url = os.environ.get("DATABASE_URL", "")
    pg_database = None
    if _is_postgres(source_url):
        pg_database = f"zs_browser_{secrets.token_hex(6)}"
        with _admin_connection(source_url) as conn:
            conn.execute(f'CREATE DATABASE "{pg_database}"')
        env["DATABASE_URL"] = _with_database(source_url, pg_database)
    else:
        env.pop("DATABASE_URL", None)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp / "server.log"
    server = None
    try:
        with open(log_path, "a", encoding="utf-8") as log:
            _manage(env, "migrate", "--noinput", log=log)
            _manage(env, "seed_demo", "--quiet-logins", log=log)
        server_log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - lives with server
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=REPO_ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_healthy(server, base_url, log_path)
        yield base_url
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
            server_log.close()
        if pg_database is not None:
            with _admin_connection(source_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_database}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}; install it with "
            "`apt-get install -y chromium fonts-noto-cjk` to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser):
    """``new_page(**context_options)`` opens a page in a fresh context (closed after the test)."""
    contexts = []

    def make(**options):
        options = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def screenshot(page, name):
    """Save a full-page PNG as ``test-artifacts/<name>`` and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, base_url, username, password=DEMO_PASSWORD):
    """Log in through the real form and wait for the home page."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
