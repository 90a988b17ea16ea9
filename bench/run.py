"""The benchmark: p50 / p95 of the pages and jobs DESIGN section 5 names, each beside the raw SQL
(or plain openpyxl read) that yields the same figures, on PostgreSQL under gunicorn.

    .venv/bin/python bench/run.py --scale city

The first run at a scale generates its database (kept for later runs; ``--fresh`` makes it
again). Pages are timed over HTTP as a logged-in user; the ranking and the import are timed in
this process through the services, since they are jobs rather than pages.
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402

# DESIGN section 5: p95 targets in milliseconds (at province scale).
TARGETS = {"project list": 150, "dashboard": 300, "ranking": 2000}
MEASURES = ("list", "detail", "dashboard", "report", "bulletin", "ranking", "import")
WANTED = set(MEASURES)


def want(measure):
    return measure in WANTED


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Figures:
    def __init__(self, name, app_times, sql_times, note=""):
        self.name, self.note = name, note
        self.app_p50 = percentile(app_times, 0.5) * 1000
        self.app_p95 = percentile(app_times, 0.95) * 1000
        self.sql_p50 = percentile(sql_times, 0.5) * 1000 if sql_times else None
        self.sql_p95 = percentile(sql_times, 0.95) * 1000 if sql_times else None

    @property
    def ratio(self):
        return self.app_p95 / self.sql_p95 if self.sql_p95 else None


def timed(call, repeat, warmup=2):
    for _n in range(warmup):
        call()
    times = []
    for _n in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def http(session, url, expect=200):
    def call():
        response = session.get(url, timeout=600)
        if response.status_code != expect:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return call


def sql(cursor, statements):
    """Run each (statement, params) and fetch every row, as the page would need them."""

    def call():
        for statement, params in statements:
            cursor.execute(statement, params)
            cursor.fetchall()

    return call


def pick(cursor):
    """Things to point the pages at: the busiest unit, a long-lived project, the landed stage."""
    one = lambda q, p=(): (cursor.execute(q, p), cursor.fetchone())[1]  # noqa: E731
    unit_pk, unit_code = one(
        """SELECT u.id, u.code FROM orgs_unit u JOIN projects_project p ON p.unit_id = u.id
           WHERE u.depth = 1 GROUP BY u.id, u.code ORDER BY COUNT(*) DESC, u.id LIMIT 1"""
    )
    project_pk, code = one(
        """SELECT p.id, p.code FROM projects_project p JOIN projects_stage s ON s.id = p.stage_id
           WHERE s.code = 'producing' ORDER BY p.id LIMIT 1"""
    )
    landed = one("SELECT id FROM projects_stage WHERE code = 'landed'")[0]
    year_pk = one("SELECT id FROM assessment_assessmentyear WHERE year = 2026")[0]
    year_2025 = one("SELECT id FROM assessment_assessmentyear WHERE year = 2025")[0]
    total = one("SELECT COUNT(*) FROM projects_project WHERE stage_id = %s", (landed,))[0]
    return {
        "unit": unit_pk,
        "unit_code": unit_code,
        "project": project_pk,
        "code": code,
        "landed": landed,
        "year": year_pk,
        "year_2025": year_2025,
        "landed_count": total,
    }


LIST_SQL = """
    SELECT p.code, p.name, p.investor_name, u.name, s.name, p.total_investment,
           p.funds_in_place, p.stage_entered_at, p.next_action_date
    FROM projects_project p
    JOIN orgs_unit u ON u.id = p.unit_id
    JOIN projects_stage s ON s.id = p.stage_id
    WHERE p.stage_id = %s
    ORDER BY p.total_investment DESC, p.id DESC
    LIMIT 25 OFFSET %s
"""
COUNT_SQL = "SELECT COUNT(*) FROM projects_project WHERE stage_id = %s"
DETAIL_SQL = [
    """SELECT p.*, u.name, s.name, i.name, r.name, e.name, e.credit_code
       FROM projects_project p JOIN orgs_unit u ON u.id = p.unit_id
       JOIN projects_stage s ON s.id = p.stage_id
       JOIN reference_industrydivision i ON i.id = p.industry_id
       JOIN reference_region r ON r.id = p.origin_region_id
       LEFT JOIN projects_enterprise e ON e.id = p.enterprise_id WHERE p.id = %s""",
    """SELECT t.at, f.name, s.name, t.note, t.reason, t.days_in_previous
       FROM projects_transition t LEFT JOIN projects_stage f ON f.id = t.from_stage_id
       JOIN projects_stage s ON s.id = t.to_stage_id WHERE t.project_id = %s
       ORDER BY t.at DESC, t.id DESC""",
    """SELECT c.percent, u.name FROM projects_creditshare c JOIN orgs_unit u ON u.id = c.unit_id
       WHERE c.project_id = %s""",
    """SELECT kind, original_name, uploaded_at FROM projects_evidence WHERE project_id = %s""",
]
# The dashboard's figures: projects by stage with their amounts, landed this year by month, and
# the units' month-end totals the year-to-date bars read.
DASHBOARD_SQL = [
    """SELECT s.code, COUNT(*), SUM(p.total_investment), SUM(p.funds_in_place)
       FROM projects_project p JOIN projects_stage s ON s.id = p.stage_id GROUP BY s.code""",
    """SELECT date_trunc('month', t.at), COUNT(DISTINCT t.project_id)
       FROM projects_transition t JOIN projects_stage s ON s.id = t.to_stage_id
       WHERE s.landed AND t.at >= '2026-01-01' GROUP BY 1""",
    """SELECT DISTINCT ON (unit_id, month) unit_id, month, figures -> 'totals'
       FROM assessment_monthlysnapshot WHERE year_id = %s
       ORDER BY unit_id, month, revision DESC""",
]
REPORT_SQL = [
    """SELECT figures FROM assessment_monthlysnapshot
       WHERE year_id = %s AND unit_id = %s AND month = 10 ORDER BY revision DESC LIMIT 1""",
    """SELECT r.id, r.status, r.work_done, sr.reason, p.code, p.name
       FROM assessment_monthlyreport r
       LEFT JOIN assessment_stalledreason sr ON sr.report_id = r.id
       LEFT JOIN projects_project p ON p.id = sr.project_id
       WHERE r.year_id = %s AND r.unit_id = %s AND r.month = 10""",
]
# What the ranking adds up: verified projects landed in the year, per unit by credit share, and
# the tours' weighted marks per unit.
RANKING_SQL = [
    """SELECT c.unit_id, COUNT(*), SUM(p.total_investment * c.percent / 100),
              SUM(p.funds_in_place * c.percent / 100)
       FROM projects_project p
       JOIN projects_creditshare c ON c.project_id = p.id
       JOIN (SELECT t.project_id, MIN(t.at) AS landed_at FROM projects_transition t
             JOIN projects_stage s ON s.id = t.to_stage_id WHERE s.landed
             GROUP BY t.project_id) l ON l.project_id = p.id
       WHERE p.verified_at IS NOT NULL
         AND l.landed_at >= '2025-01-01' AND l.landed_at < '2026-01-01'
       GROUP BY c.unit_id""",
    """SELECT e.unit_id, SUM(m.score * c.weight * j.weight) / SUM(c.weight * j.weight)
       FROM assessment_tourmark m JOIN assessment_tourentry e ON e.id = m.entry_id
       JOIN assessment_tourcriterion c ON c.id = m.criterion_id
       JOIN assessment_tourjudge j ON j.id = m.judge_id
       JOIN assessment_tour t ON t.id = e.tour_id WHERE t.year_id = %s GROUP BY e.unit_id""",
]
BULLETIN_SQL = [
    """SELECT DISTINCT ON (unit_id, month) unit_id, month, figures
       FROM assessment_monthlysnapshot WHERE year_id = %s AND month <= 10
       ORDER BY unit_id, month, revision DESC""",
    """SELECT unit_id, month, status, is_late FROM assessment_monthlyreport
       WHERE year_id = %s AND month <= 10""",
]


def pages(base, cursor, things, repeat):
    bureau = common.login(base, "scale_bureau")
    leader = common.login(base, "scale_leader1")
    staff = common.login(base, f"{things['unit_code']}_staff")
    landed, deep = things["landed"], max(0, things["landed_count"] // 25 - 1)
    deep_page = min(deep + 1, 200)
    rows = []
    list_url = f"{base}/projects/?stage={landed}&o=-total_investment"
    if want("list"):
        rows.append(
            Figures(
                "project list",
                timed(http(bureau, list_url), repeat),
                timed(sql(cursor, [(LIST_SQL, (landed, 0)), (COUNT_SQL, (landed,))]), repeat),
                "stage 落地, by investment, page 1",
            )
        )
    if want("list"):
        rows.append(
            Figures(
                "project list, deep page",
                timed(http(bureau, f"{list_url}&page={deep_page}"), repeat),
                timed(
                    sql(
                        cursor, [(LIST_SQL, (landed, (deep_page - 1) * 25)), (COUNT_SQL, (landed,))]
                    ),
                    repeat,
                ),
                f"page {deep_page}",
            )
        )
    if want("list"):
        rows.append(
            Figures(
                "project list, search",
                timed(http(bureau, f"{base}/projects/?q=%E6%96%B0%E6%9D%90%E6%96%99"), repeat),
                timed(
                    sql(
                        cursor,
                        [
                            (
                                """SELECT code, name FROM projects_project
                                   WHERE name LIKE %s OR investor_name LIKE %s
                                   ORDER BY created_at DESC, id DESC LIMIT 25""",
                                ("%新材料%", "%新材料%"),
                            ),
                            (
                                """SELECT COUNT(*) FROM projects_project
                                   WHERE name LIKE %s OR investor_name LIKE %s""",
                                ("%新材料%", "%新材料%"),
                            ),
                        ],
                    ),
                    repeat,
                ),
                "新材料 in names",
            )
        )
    project = things["project"]
    if want("detail"):
        rows.append(
            Figures(
                "project detail",
                timed(http(bureau, f"{base}/projects/{things['code']}/"), repeat),
                timed(sql(cursor, [(q, (project,)) for q in DETAIL_SQL]), repeat),
            )
        )
    year = things["year"]
    if want("dashboard"):
        rows.append(
            Figures(
                "dashboard",
                timed(http(leader, f"{base}/reports/dashboard/"), repeat),
                timed(
                    sql(
                        cursor,
                        [
                            (DASHBOARD_SQL[0], ()),
                            (DASHBOARD_SQL[1], ()),
                            (DASHBOARD_SQL[2], (year,)),
                        ],
                    ),
                    repeat,
                ),
                "county leader",
            )
        )
    unit = things["unit"]
    if want("report"):
        rows.append(
            Figures(
                "monthly report form",
                timed(
                    http(staff, f"{base}/assessment/2026/dispatch/{things['unit_code']}/10/"),
                    repeat,
                ),
                timed(sql(cursor, [(q, (year, unit)) for q in REPORT_SQL]), repeat),
                "the busiest unit, October",
            )
        )
    bulletin = f"{base}/reports/bulletin/docx/?year={year}&period=ytd&month=10"
    if want("bulletin"):
        rows.append(
            Figures(
                "bulletin 1–10 months (DOCX)",
                timed(http(bureau, bulletin), max(3, repeat // 4), warmup=1),
                timed(sql(cursor, [(q, (year,)) for q in BULLETIN_SQL]), max(3, repeat // 4)),
            )
        )
    return rows


def jobs(cursor, things, repeat, with_import=True):
    """The ranking computation and the ledger import, in this process."""
    import django

    django.setup()
    from zhaoshang.assessment import services_scores
    from zhaoshang.assessment.models import AssessmentYear

    year = AssessmentYear.objects.get(year=2025)
    method = services_scores.current_method(year)
    rows = []
    if not want("ranking"):
        return [import_rows(size) for size in (10_000, 100_000) if with_import and want("import")]
    rows += [
        Figures(
            "ranking, whole year",
            timed(
                lambda: services_scores.run(
                    year=year, method=method, through_month=12, as_of=date(2026, 1, 31)
                ),
                max(3, repeat // 4),
                warmup=1,
            ),
            timed(
                sql(cursor, [(RANKING_SQL[0], ()), (RANKING_SQL[1], (things["year_2025"],))]),
                max(3, repeat // 4),
            ),
            "2025, all units",
        )
    ]
    for size in (10_000, 100_000) if with_import and want("import") else ():
        rows.append(import_rows(size))
    return rows


def ledger_bytes(size):
    from openpyxl import Workbook

    from zhaoshang.orgs.models import Unit
    from zhaoshang.projects.ledger import COLUMNS, template_header
    from zhaoshang.reference.models import IndustryDivision, Region

    regions = list(Region.objects.values_list("name", flat=True)[:30])
    divisions = [f"{c} {n}" for c, n in IndustryDivision.objects.values_list("code", "name")[:40]]
    units = list(Unit.objects.filter(depth=1).values_list("name", flat=True)[:50])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目台账")
    sheet.append([template_header(c) for c in COLUMNS])
    keys = [c.key for c in COLUMNS]
    for n in range(size):
        values = {
            "name": f"基准导入第{n + 1}号智能装备生产基地项目",
            "investor_name": f"基准导入第{n + 1}号投资有限公司",
            "origin_region": regions[n % len(regions)],
            "industry": divisions[n % len(divisions)],
            "total_investment": 1000 + n % 50_000,
            "unit": units[n % len(units)],
            "stage": "洽谈",
        }
        sheet.append([values.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_rows(size):
    """Validate ``size`` ledger rows as the preview does. A file holds at most
    ``importer.MAX_ROWS`` rows (a larger one is refused with a message), so 100 k rows are
    timed as files of 10 k, the way a clerk would split them."""
    from openpyxl import load_workbook

    from zhaoshang.orgs.models import User
    from zhaoshang.projects import importer

    per_file = min(size, importer.MAX_ROWS // 2)
    files = [ledger_bytes(per_file) for _n in range(size // per_file)]
    bureau = User.objects.get(username="scale_bureau")
    outcome = {"rows": 0, "bad": 0}

    def validate():
        outcome.update(rows=0, bad=0)
        for data in files:
            ledger = importer.preview(data, bureau)
            outcome["rows"] += len(ledger.rows)
            outcome["bad"] += len(ledger.bad_rows)

    def read():
        for data in files:
            workbook = load_workbook(io.BytesIO(data), read_only=True)
            for _row in workbook.active.iter_rows(values_only=True):
                pass

    repeat = 3 if size <= 10_000 else 1
    app = timed(validate, repeat, warmup=0)
    plain = timed(read, repeat, warmup=0)
    if outcome["bad"] or outcome["rows"] != size:
        raise RuntimeError(f"import of {size} rows: {outcome}")
    rate = size / statistics.median(app)
    note = f"{rate:,.0f} validated rows/s" + (f"; {len(files)} files" if len(files) > 1 else "")
    return Figures(f"xlsx import, {size // 1000}k rows", app, plain, note)


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    pg = subprocess.run(
        ["psql", common.PG_ADMIN, "-Atc", "SHOW server_version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    cpu = platform.processor() or platform.machine()
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, "
        f"Python {platform.python_version()}, PostgreSQL {pg}"
    )


def table(rows):
    lines = [
        "| Measure | App p50 (ms) | App p95 (ms) | SQL p50 (ms) | SQL p95 (ms) | p95 ratio "
        "| Target p95 | Note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        target = next((f"{ms} ms" for key, ms in TARGETS.items() if row.name.startswith(key)), "")
        sql_p50 = f"{row.sql_p50:.1f}" if row.sql_p50 is not None else "—"
        sql_p95 = f"{row.sql_p95:.1f}" if row.sql_p95 is not None else "—"
        ratio = f"{row.ratio:.1f}×" if row.ratio else "—"
        lines.append(
            f"| {row.name} | {row.app_p50:.1f} | {row.app_p95:.1f} | {sql_p50} | {sql_p95} "
            f"| {ratio} | {target} | {row.note} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["small", "county", "city", "province"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--fresh", action="store_true", help="Generate the database again.")
    parser.add_argument("--skip-import", action="store_true", help="Leave out the xlsx import.")
    parser.add_argument(
        "--only",
        default=",".join(MEASURES),
        help=f"Comma-separated measures to take (default all: {','.join(MEASURES)}).",
    )
    args = parser.parse_args()
    WANTED.clear()
    WANTED.update(args.only.split(","))
    started = time.monotonic()
    env, data_dir = common.prepared(args.scale, args.seed, fresh=args.fresh)
    os.environ.update({k: env[k] for k in ("ZHAOSHANG_ENV", "DEBUG", "DATA_DIR", "DATABASE_URL")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn, conn.cursor() as cursor:
        things = pick(cursor)
        with common.gunicorn(env, data_dir) as base:
            rows = pages(base, cursor, things, args.repeat)
        rows += jobs(cursor, things, args.repeat, with_import=not args.skip_import)
    print()
    print(f"Scale: {args.scale} (seed {args.seed}) · {machine()}")
    print((data_dir / "generated.txt").read_text().strip())
    print()
    print(table(rows))
    print(f"\nBenchmark took {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
