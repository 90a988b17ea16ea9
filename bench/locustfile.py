"""The people of a county at work, for ``bench/load.py`` (which sets the environment below).

Unit staff (most users) browse their project register, open projects, move a project through
the pipeline (pause it with a reason and a resume date, later reopen it where it left off — a
move that is always allowed, so the run can go on for as long as it likes), file the unit's
monthly report (start it, save the narrative and a reason for every stalled project, submit)
and look at the dashboard. County leaders and the bureau read: dashboard, the register with
filters, the bulletin, the dispatch grid and the rankings.

Each unit staff user logs in as the staff of a unit of their own (``LOAD_UNITS``: ``code:P…|P…``
with the unit's open projects), so no two users write to the same project or report. A response
counts as failed when its status is 400 or more, when it lands on the log-in or password page, or
when the page it leads to shows that a write was refused.

Environment: LOAD_UNITS, LOAD_OPEN_STAGES (stage ids for the filters), LOAD_YEAR, LOAD_MONTH
(the report to file), LOAD_WAIT ("min,max" seconds between tasks), SCALE_PASSWORD.
"""

# ruff: noqa: S311 - the mix of tasks and filters needs variety, not secrecy.
import csv
import itertools
import os
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

from locust import HttpUser, between, events, task
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load as n  # noqa: E402  (the request names only)

PASSWORD = os.environ.get("SCALE_PASSWORD") or "Scale@2026zs"
UNITS = [entry for entry in os.environ.get("LOAD_UNITS", "").split(",") if entry]
OPEN_STAGES = [pk for pk in os.environ.get("LOAD_OPEN_STAGES", "").split(",") if pk]
YEAR = int(os.environ.get("LOAD_YEAR", "2026"))
MONTH = int(os.environ.get("LOAD_MONTH", "10"))
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "1,4").split(","))
TIMEOUT = float(os.environ.get("LOAD_TIMEOUT", "60"))
READERS = ["scale_bureau"] + [f"scale_leader{i}" for i in range(1, 6)]
SEARCH_WORDS = ["产业", "科技", "新材料", "食品", "电子", "物流", "农业", "智能"]

# One locust process runs every user, so a plain iterator hands each unit out once.
_units = iter(UNITS)
_readers = itertools.cycle(READERS)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
TO_STAGE = re.compile(r'name="to_stage" value="([\w-]+)"')
REASON = re.compile(r'name="reason-([\w-]+)"')
PROJECT_LINK = re.compile(r'href="/projects/(P\d{4}-\d+)/"')
RANKING_LINK = re.compile(r'href="(/assessment/rankings/[0-9a-f-]{36}/)"')
YEAR_OPTION = re.compile(r'<select name="year"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')
UNIT_OPTION = re.compile(r'<select name="unit"[^>]*>(.*?)</select>', re.S)


class Page:
    """What a task needs of a response: its text and whether it counted as a success."""

    def __init__(self, text, ok, url):
        self.text, self.ok, self.url = text, ok, url


def _refused(text):
    """The messages and form errors by which a page says that a write did not happen."""
    return "alert-danger" in text or "invalid-feedback" in text or 'id="report-errors"' in text


class Person(HttpUser):
    abstract = True
    wait_time = between(*WAIT)

    def on_start(self):
        self.username = self.account()
        self.known_codes = []
        # Every task runs once first, so that a short run still does everything; each user
        # starts the round at another task, so that together they soon have done them all.
        plan = list(self.plan)
        start = next(self.arrivals) % len(plan)
        self.first_round = plan[start:] + plan[:start]
        with self.client.get(
            "/accounts/login/", name=n.LOGIN, catch_response=True, timeout=TIMEOUT
        ) as page:
            token = CSRF.search(page.text or "")
            if token is None:
                page.failure("no log-in form")
                return
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            name=n.LOGIN,
            catch_response=True,
            timeout=TIMEOUT,
        ) as answer:
            # Landing on the log-in page again, or on the password change, is a refusal.
            if not answer.status_code:
                answer.failure(f"log-in as {self.username}: no answer: {answer.error}")
            elif "/accounts/" in (answer.url or ""):
                answer.failure(f"log-in as {self.username} refused")

    @task
    def act(self):
        if self.first_round:
            method = self.first_round.pop(0)
        else:
            methods, weights = zip(*self.plan.items(), strict=True)
            method = random.choices(methods, weights)[0]
        method(self)

    # Requests -----------------------------------------------------------------------------

    def get(self, path, name, expect=None, **kwargs):
        return self._request("get", path, name, expect=expect, **kwargs)

    def post(self, path, name, data, expect=None):
        """A form POST; the page it redirects to must not show a refusal, and must contain
        ``expect`` when given."""
        return self._request("post", path, name, expect=expect, data=data, refusal=True)

    def _request(self, method, path, name, expect=None, refusal=False, **kwargs):
        """Judged inside the ``with``: locust records the outcome when the block ends."""
        with self.client.request(
            method, path, name=name, catch_response=True, timeout=TIMEOUT, **kwargs
        ) as response:
            # A request that got no answer at all has status 0 and neither URL nor text.
            url, text, error = response.url or "", response.text or "", None
            if not response.status_code or response.status_code >= 400:
                error = f"HTTP {response.status_code}: {response.error or response.reason}"
            elif "/accounts/login/" in url or "/accounts/password/" in url:
                error = f"sent to {url}"
            elif refusal and _refused(text):
                error = f"refused: {_message(text)}"
            elif expect is not None and expect not in text:
                error = f"the page does not show {expect!r}"
            if error:
                response.failure(error)
            return Page(text if error is None else "", error is None, url)

    def remember(self, text):
        codes = PROJECT_LINK.findall(text)
        if codes:
            self.known_codes = list(dict.fromkeys(self.known_codes + codes))[-200:]

    # Reads shared by everybody -------------------------------------------------------------

    def project_list(self):
        self.remember(self.get("/projects/", n.LIST).text)

    def project_list_filtered(self):
        choice = random.choice(["stage", "search", "page"])
        if choice == "stage" and OPEN_STAGES:
            page = self.get(f"/projects/?stage={random.choice(OPEN_STAGES)}", n.LIST_STAGE)
        elif choice == "search":
            page = self.get("/projects/", n.LIST_SEARCH, params={"q": random.choice(SEARCH_WORDS)})
        else:
            page = self.get(f"/projects/?page={random.randint(2, 4)}", n.LIST_PAGE)
        self.remember(page.text)

    def project_page(self):
        if not self.known_codes:
            self.project_list()
        if self.known_codes:
            self.get(f"/projects/{random.choice(self.known_codes)}/", n.PROJECT)

    def dashboard(self):
        self.get("/reports/dashboard/", n.DASHBOARD)


class UnitStaff(Person):
    """The staff of one unit: the busiest people in the system."""

    fixed_count = len(UNITS)
    arrivals = itertools.count()

    def account(self):
        unit, codes = next(_units).split(":")
        self.unit = unit
        self.own_codes = codes.split("|")
        self.paused = None
        self.report_filed = False
        return f"{unit}_staff"

    def report_path(self):
        return f"/assessment/{YEAR}/dispatch/{self.unit}/{MONTH}/"

    def move_project(self):
        """Pause one of the unit's projects, or reopen the one paused last time."""
        if self.paused is None:
            code = self.own_codes[0]
            self.own_codes.append(self.own_codes.pop(0))
            page = self.get(f"/projects/{code}/", n.PROJECT, expect='value="paused"')
            version = VERSION.search(page.text)
            if not page.ok or version is None:
                return
            answer = self.post(
                f"/projects/{code}/transition/",
                n.PAUSE,
                {
                    "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                    "to_stage": "paused",
                    "version": version.group(1),
                    "reason": "投资方内部决策流程调整，暂缓推进",
                    "resume_date": (date.today() + timedelta(days=30)).isoformat(),
                },
                expect="alert-success",
            )
            if answer.ok and "paused" not in TO_STAGE.findall(answer.text):
                self.paused = code
            return
        code = self.paused
        page = self.get(f"/projects/{code}/", n.PROJECT, expect='name="to_stage"')
        resume = [s for s in TO_STAGE.findall(page.text) if s not in ("paused", "dropped")]
        version = VERSION.search(page.text)
        if not page.ok or version is None:
            return
        if not resume:
            raise RuntimeError(f"paused project {code} offers no reopening")
        answer = self.post(
            f"/projects/{code}/transition/",
            n.RESUME,
            {
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "to_stage": resume[0],
                "version": version.group(1),
                "note": "投资方确认继续推进",
            },
            expect="alert-success",
        )
        if answer.ok:
            self.paused = None

    def file_report(self):
        """Start, save and submit the month's report once; afterwards just read it."""
        page = self.get(self.report_path(), n.REPORT)
        if self.report_filed or not page.ok:
            return
        if 'id="open-report"' in page.text:
            page = self.post(
                self.report_path(),
                n.REPORT_OPEN,
                {"csrfmiddlewaretoken": CSRF.search(page.text).group(1), "action": "open"},
                expect='id="report-form"',
            )
            if not page.ok:
                return
        if 'id="report-form"' not in page.text:
            raise RuntimeError(f"{self.report_path()} offers no report form")
        data = {
            "work_done": "本月接待客商考察3批次，赴长三角开展驻点招商1次，签约项目跟踪服务。",
            "problems": "部分项目用地指标未落实。",
            "next_plan": "加快在谈项目签约，协调解决用地和审批问题。",
            **{
                f"reason-{code}": "投资方融资未到位，正在协调银行授信"
                for code in REASON.findall(page.text)
            },
        }
        saved = self.post(
            self.report_path(),
            n.REPORT_SAVE,
            {
                **data,
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "version": VERSION.search(page.text).group(1),
                "action": "save",
            },
            expect="alert-success",
        )
        if not saved.ok:
            return
        submitted = self.post(
            self.report_path(),
            n.REPORT_SUBMIT,
            {
                **data,
                "csrfmiddlewaretoken": CSRF.search(saved.text).group(1),
                "version": VERSION.search(saved.text).group(1),
                "action": "submit",
            },
            expect='id="submitted-info"',
        )
        self.report_filed = submitted.ok

    plan = {
        Person.project_list: 2,
        Person.project_list_filtered: 4,
        Person.project_page: 4,
        move_project: 2,
        file_report: 1,
        Person.dashboard: 2,
    }


class CountyReader(Person):
    """County leaders and the bureau: they read across the whole county."""

    weight = 1
    arrivals = itertools.count()

    def account(self):
        self.ranking = None
        self.year_ids = []
        self.unit_ids = []
        return next(_readers)

    def project_list_by_unit(self):
        if not self.unit_ids:
            page = self.get("/projects/", n.LIST)
            found = UNIT_OPTION.search(page.text)
            self.unit_ids = OPTION.findall(found.group(1)) if found else []
            self.remember(page.text)
        if self.unit_ids:
            stage = random.choice(OPEN_STAGES) if OPEN_STAGES else ""
            unit = random.choice(self.unit_ids)
            self.remember(self.get(f"/projects/?unit={unit}&stage={stage}", n.LIST_UNIT).text)

    def bulletin(self):
        page = self.get("/reports/bulletin/", n.BULLETIN)
        found = YEAR_OPTION.search(page.text)
        self.year_ids = OPTION.findall(found.group(1)) if found else self.year_ids
        if self.year_ids:
            self.get(
                "/reports/bulletin/",
                n.BULLETIN_MONTH,
                params={
                    "year": self.year_ids[0],
                    "period": "month",
                    "month": random.randint(1, MONTH),
                    "group": "",
                },
            )

    def dispatch(self):
        self.get(f"/assessment/{YEAR}/dispatch/", n.DISPATCH)

    def ranking_page(self):
        if self.ranking is None:
            page = self.get("/assessment/", n.RANKINGS, expect="/assessment/rankings/")
            found = RANKING_LINK.search(page.text)
            if found is None:
                return
            self.ranking = found.group(1)
        self.get(self.ranking, n.RANKING)

    plan = {
        Person.dashboard: 4,
        Person.project_list_filtered: 3,
        project_list_by_unit: 2,
        Person.project_page: 2,
        bulletin: 2,
        dispatch: 1,
        ranking_page: 1,
    }


def _message(text):
    found = re.search(r'class="alert alert-danger[^"]*"[^>]*>\s*(.*?)\s*<', text, re.S)
    if found:
        return found.group(1)[:200]
    found = re.search(r'class="invalid-feedback[^"]*">(.*?)<', text, re.S)
    return found.group(1)[:200] if found else "an error is shown"


@events.test_stop.add_listener
def _final_csv(environment, **_kwargs):
    """Locust rewrites its CSV files once a second and does not write them again at the end, so
    requests finished while the users stopped would be missing there; these files, written when
    every user has stopped, hold them all (``bench/load.py`` reads them)."""
    prefix = getattr(environment.parsed_options, "csv_prefix", None)
    if not prefix:
        return
    final = StatsCSV(environment, PERCENTILES_TO_REPORT)
    for kind, write in (
        ("stats", final.requests_csv),
        ("failures", final.failures_csv),
        ("exceptions", final.exceptions_csv),
    ):
        with open(f"{prefix}_final_{kind}.csv", "w", newline="") as handle:
            write(csv.writer(handle))
