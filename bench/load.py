#!/usr/bin/env python3
"""A bounded load run: many people using the application at once, on loopback, from a fresh copy
of a generated county.

Usage (from the repository root):
    .venv/bin/python bench/load.py [--scale city] [--users 50] [--minutes 5]

The generated database is made once per scale and kept (``common.prepared``); every run works on
a copy made with ``CREATE DATABASE … TEMPLATE …``, because the run's writes (stage changes, filed
reports) use up what the next run needs, and the copy is dropped afterwards. The application runs
under gunicorn and locust drives ``bench/locustfile.py`` headless. Prints one row per request
name (requests, failures, p50, p95, requests per second), the aggregated p95 and the writes the
database really holds afterwards; exits non-zero on any failed request, any error inside a user's
task, or when the database does not hold the writes locust counted.
"""

import argparse
import csv
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

# History ends the day before; most units have not filed October yet (due on 5 November).
AS_OF = "2026-11-03"
YEAR, MONTH = 2026, 10
# Nobody waits longer than this for a page: a slower answer counts as a failure.
REQUEST_TIMEOUT = 60
STOP_TIMEOUT = REQUEST_TIMEOUT * 4 + 30

# Request names, shared with the locustfile so that the checks below and the test name the same
# things. Writes first: the run is worth nothing unless they happened.
PAUSE = "project: pause"
RESUME = "project: reopen"
REPORT_OPEN = "report: start"
REPORT_SAVE = "report: save draft"
REPORT_SUBMIT = "report: submit"
WRITES = (PAUSE, RESUME, REPORT_OPEN, REPORT_SAVE, REPORT_SUBMIT)
LOGIN = "log in"
LIST = "project list"
LIST_STAGE = "project list ?stage"
LIST_SEARCH = "project list ?q"
LIST_PAGE = "project list ?page"
LIST_UNIT = "project list ?unit&stage"
PROJECT = "project page"
REPORT = "report page"
DASHBOARD = "dashboard"
DISPATCH = "dispatch grid"
BULLETIN = "bulletin"
BULLETIN_MONTH = "bulletin ?month"
RANKINGS = "assessment index"
RANKING = "ranking"
READS = (
    LOGIN,
    LIST,
    LIST_STAGE,
    LIST_SEARCH,
    LIST_PAGE,
    LIST_UNIT,
    PROJECT,
    REPORT,
    DASHBOARD,
    DISPATCH,
    BULLETIN,
    BULLETIN_MONTH,
    RANKINGS,
    RANKING,
)
NAMES = WRITES + READS


@dataclass
class Row:
    method: str
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    rps: float


@dataclass
class Result:
    rows: list
    total: Row
    exceptions: list
    failures: list
    transitions: int = 0
    submitted: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    def requests(self, name):
        """(requests, failures) under ``name``, whatever the method."""
        rows = [r for r in self.rows if r.name == name]
        return sum(r.requests for r in rows), sum(r.failures for r in rows)


def _connect(name):
    return psycopg.connect(common.database_url(name), autocommit=True)


def writers(name, limit):
    """Unit codes whose staff can write without getting in each other's way: assessed this year,
    October not yet filed, and at least one open project of their own to pause and reopen. Each
    with up to five such projects."""
    with _connect(name) as conn:
        rows = conn.execute(
            """
            SELECT u.code, array_agg(p.code ORDER BY p.code)
            FROM orgs_unit u
            JOIN assessment_groupmember g ON g.unit_id = u.id
            JOIN assessment_assessmentyear y ON y.id = g.year_id AND y.year = %(year)s
            JOIN orgs_user a ON a.username = u.code || '_staff' AND a.is_active
            JOIN projects_project p ON p.unit_id = u.id
            JOIN projects_stage s ON s.id = p.stage_id AND s.kind = 'pipeline' AND NOT s.is_final
            WHERE NOT EXISTS (
                SELECT 1 FROM assessment_monthlyreport r
                WHERE r.unit_id = u.id AND r.year_id = y.id AND r.month = %(month)s
            )
            GROUP BY u.code
            ORDER BY u.code
            LIMIT %(limit)s
            """,
            {"year": YEAR, "month": MONTH, "limit": limit},
        ).fetchall()
    return [f"{code}:{'|'.join(codes[:5])}" for code, codes in rows]


def open_stages(name):
    with _connect(name) as conn:
        rows = conn.execute(
            "SELECT id FROM projects_stage WHERE kind = 'pipeline' AND NOT is_final "
            "ORDER BY position"
        ).fetchall()
    return [str(pk) for (pk,) in rows]


def writes_since(name, started):
    """(stage changes, submitted reports) the database holds from ``started`` on."""
    with _connect(name) as conn:
        transitions = conn.execute(
            "SELECT count(*) FROM projects_transition WHERE at >= %s", (started,)
        ).fetchone()[0]
        submitted = conn.execute(
            "SELECT count(*) FROM assessment_monthlyreport WHERE submitted_at >= %s", (started,)
        ).fetchone()[0]
    return transitions, submitted


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def read_stats(prefix):
    rows, total = [], None
    with open(f"{prefix}_final_stats.csv", newline="") as stats:
        for line in csv.DictReader(stats):
            row = Row(
                method=line["Type"],
                name=line["Name"],
                requests=int(line["Request Count"]),
                failures=int(line["Failure Count"]),
                p50=_number(line["50%"]),
                p95=_number(line["95%"]),
                rps=_number(line["Requests/s"]),
            )
            if line["Name"] == "Aggregated":
                total = row
            else:
                rows.append(row)
    return rows, total


def _read_rows(path):
    if not Path(path).exists():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def _line(name, r):
    return f"{name:<30} {r.requests:>8} {r.failures:>8} {r.p50:>7.0f} {r.p95:>7.0f} {r.rps:>6.2f}"


def table(result):
    lines = [f"{'name':<30} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'rps':>6}"]
    rows = sorted(result.rows, key=lambda r: (r.name, r.method))
    lines += [_line(f"{r.method.upper():<5}{r.name}", r) for r in rows]
    lines.append(_line("Aggregated", result.total))
    return "\n".join(lines)


def _check(result):
    problems = []
    if result.total is None or result.total.requests == 0:
        problems.append("no requests were made")
    elif result.total.failures:
        problems.append(f"{result.total.failures} requests failed")
    for failure in result.failures:
        problems.append(f"failure: {failure['Method']} {failure['Name']}: {failure['Error']}")
    for exception in result.exceptions:
        where = " / ".join(exception["Traceback"].strip().splitlines()[-2:])
        count, message = exception["Count"], exception["Message"]
        problems.append(f"error in a task ({count}×): {message} at {where}")
    ok = {}
    for r in result.rows:
        ok[r.name] = ok.get(r.name, 0) + r.requests - r.failures
    moves = ok.get(PAUSE, 0) + ok.get(RESUME, 0)
    if result.transitions != moves:
        problems.append(
            f"locust moved {moves} projects but the database holds {result.transitions} moves"
        )
    if result.submitted != ok.get(REPORT_SUBMIT, 0):
        problems.append(
            f"locust submitted {ok.get(REPORT_SUBMIT, 0)} reports but the database holds "
            f"{result.submitted}"
        )
    return problems


def run(
    scale="city",
    users=50,
    seconds=300,
    *,
    spawn_rate=None,
    seed=1,
    as_of=AS_OF,
    workers=2,
    threads=4,
    wait=(1.0, 4.0),
    log=sys.stdout,
):
    """One run on a fresh copy of the generated ``scale``; returns a :class:`Result`."""
    generated_env, generated_dir = common.prepared(scale, seed, as_of=as_of, log=log)
    template = generated_env["DATABASE_URL"].rsplit("/", 1)[1]
    work = f"zs_load_{scale}_{secrets.token_hex(4)}"
    work_dir = Path(generated_dir).parent / work
    common._admin(f'CREATE DATABASE "{work}" TEMPLATE "{template}"')
    try:
        work_dir.mkdir(parents=True)
        if (Path(generated_dir) / "media").exists():
            # Generated evidence is only read, so the copy may share the files.
            (work_dir / "media").symlink_to(Path(generated_dir) / "media")
        env = common.app_env(work, work_dir)
        # Three in four users are unit staff, each writing to a unit of their own.
        units = writers(work, max(1, round(users * 0.75)))
        load_env = {
            **os.environ,
            "LOAD_UNITS": ",".join(units),
            "LOAD_OPEN_STAGES": ",".join(open_stages(work)),
            "LOAD_YEAR": str(YEAR),
            "LOAD_MONTH": str(MONTH),
            "LOAD_WAIT": f"{wait[0]},{wait[1]}",
            "LOAD_TIMEOUT": str(REQUEST_TIMEOUT),
            "SCALE_PASSWORD": common.PASSWORD,
        }
        prefix = work_dir / "locust"
        # Logging in hashes a password (deliberately slow), so users arrive gradually.
        rate = spawn_rate or max(1, users / 20)
        # Idle connections are kept longer than a user's pause between tasks: requests, unlike a
        # browser, does not retry a request whose kept-alive connection the server just closed.
        with common.gunicorn(
            env, work_dir, workers=workers, threads=threads, keepalive=int(wait[1]) + 30
        ) as base:
            started = datetime.now().astimezone()
            log.write(
                f"Load: {users} users ({len(units)} unit staff) for {seconds} s on {base}, "
                f"{workers} workers × {threads} threads, database {work}\n"
            )
            log.flush()
            with open(work_dir / "locust.log", "w") as locust_log:
                subprocess.run(  # noqa: S603 - a fixed command line
                    [
                        str(Path(common.PYTHON).parent / "locust"),
                        "-f",
                        str(common.REPO / "bench" / "locustfile.py"),
                        "--headless",
                        "-u",
                        str(users),
                        "-r",
                        str(rate),
                        "-t",
                        f"{seconds}s",
                        "--host",
                        base,
                        "--csv",
                        str(prefix),
                        "--only-summary",
                        # Users finish the task in hand, so a report is not left half filed and
                        # every request sent is measured, however long it takes.
                        "--stop-timeout",
                        str(STOP_TIMEOUT),
                    ],
                    cwd=common.REPO,
                    env=load_env,
                    stdout=locust_log,
                    stderr=subprocess.STDOUT,
                    check=False,
                )
        rows, total = read_stats(prefix)
        transitions, submitted = writes_since(work, started)
        result = Result(
            rows=rows,
            total=total,
            exceptions=_read_rows(f"{prefix}_final_exceptions.csv"),
            failures=_read_rows(f"{prefix}_final_failures.csv"),
            transitions=transitions,
            submitted=submitted,
        )
        result.problems = _check(result)
        if not result.ok:
            log.write((work_dir / "locust.log").read_text()[-4000:] + "\n")
            log.write(f"Logs and statistics are kept in {work_dir}\n")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
        return result
    finally:
        common._admin(f'DROP DATABASE IF EXISTS "{work}" WITH (FORCE)')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="city", choices=["small", "county", "city", "province"])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    began = time.monotonic()
    result = run(
        args.scale,
        args.users,
        round(args.minutes * 60),
        spawn_rate=args.spawn_rate,
        seed=args.seed,
        workers=args.workers,
        threads=args.threads,
    )
    print(table(result))
    print(f"\nAggregated p95: {result.total.p95:.0f} ms" if result.total else "")
    print(
        f"Writes in the database: {result.transitions} stage changes, "
        f"{result.submitted} reports submitted"
    )
    print(f"Wall time: {time.monotonic() - began:.0f} s")
    for problem in result.problems:
        print(f"FAIL: {problem}")
    print("OK: no failures" if result.ok else f"FAILED: {len(result.problems)} problems")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
