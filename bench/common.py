"""What the benchmark and the load run share: a generated PostgreSQL database per scale and
seed, the application under gunicorn, and a logged-in HTTP session.

The application runs with DEBUG off (no query logging, cached templates) but without the
production TLS settings, since the client talks plain HTTP on loopback.
"""

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_ADMIN = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = os.environ.get("SCALE_PASSWORD") or "Scale@2026zs"
AS_OF = "2026-11-20"
# The shared cache of a production deployment (decision 0038); emptied when the app starts, so
# every run begins with nothing computed. Without Redis the app keeps one cache per process.
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")


def database_url(name):
    parts = urlsplit(PG_ADMIN)
    return urlunsplit(parts._replace(path=f"/{name}"))


def app_env(name, data_dir):
    env = dict(os.environ)
    env.update(
        {
            "ZHAOSHANG_ENV": "development",
            "DEBUG": "false",
            "DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url(name),
            "PYTHONUNBUFFERED": "1",
            # Generated accounts changed their passwords on the first day of the history, so on
            # any real date past the 90-day default every page would ask for a new password.
            "PASSWORD_MAX_AGE_DAYS": "0",
        }
    )
    if _redis_ready():
        env["REDIS_URL"] = REDIS
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _redis_ready():
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def manage(env, *args, log=None):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if log is not None:
        log.write(result.stdout + result.stderr)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def _admin(sql):
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if sql.lstrip().upper().startswith("SELECT") else None


def source_digest():
    """A digest of the generator's code and of every migration."""
    hasher = hashlib.sha256()
    package = REPO / "zhaoshang"
    paths = sorted(package.glob("scale/*.py")) + sorted(package.glob("*/migrations/*.py"))
    for path in paths:
        hasher.update(str(path.relative_to(REPO)).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def prepared(scale, seed=1, *, fresh=False, as_of=AS_OF, log=sys.stdout):
    """``(env, data_dir)`` of a database holding ``scale`` generated with ``seed``; generated
    once and reused by later runs (the name says what is in it)."""
    name = f"zs_bench_{scale}_{seed}_{as_of.replace('-', '')}"
    data_dir = Path(os.environ.get("BENCH_DATA", "/tmp/zhaoshang-bench")) / name
    exists = _admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    marker = data_dir / "generated.txt"
    stamp = data_dir / "source.txt"
    # Data made by another version of the generator or schema is made again, not reused.
    stale = not stamp.exists() or stamp.read_text() != source_digest()
    if fresh or not exists or not marker.exists() or stale:
        if exists:
            _admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        _admin(f'CREATE DATABASE "{name}"')
        env = app_env(name, data_dir)
        log.write(f"Generating {scale} scale into {name} …\n")
        log.flush()
        manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        output = manage(
            env, "generate_scale", "--scale", scale, "--seed", str(seed), "--as-of", as_of
        )
        marker.write_text(output + f"\nseconds: {time.monotonic() - started:.0f}\n")
        stamp.write_text(source_digest())
        log.write(output)
    return app_env(name, data_dir), data_dir


def drop(scale, seed=1, as_of=AS_OF):
    name = f"zs_bench_{scale}_{seed}_{as_of.replace('-', '')}"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(
        Path(os.environ.get("BENCH_DATA", "/tmp/zhaoshang-bench")) / name, ignore_errors=True
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, data_dir, workers=2, threads=1, keepalive=None):
    """The application on a free loopback port; yields its base URL. ``keepalive``: seconds an
    idle connection stays open (gunicorn's default otherwise)."""
    port = free_port()
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    log_path = Path(data_dir) / f"gunicorn-{port}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "zhaoshang.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "300",
                *(["--keep-alive", str(keepalive)] if keepalive else []),
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text()}")
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(base, username, password=PASSWORD, session=None):
    """A requests session logged in as ``username``."""
    session = session or requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=60)
    token = CSRF.search(page.text).group(1)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
    )
    if "/accounts/login/" in answer.url:
        raise RuntimeError(f"log-in as {username} failed")
    if "/accounts/password/" in answer.url:
        raise RuntimeError(f"{username} must change the password before using any page")
    return session
