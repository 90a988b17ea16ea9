"""Two users save the same project, or the same monthly report, at the same moment through the
live app (gunicorn with two workers, two logged-in sessions, each having opened the form
first), on SQLite and PostgreSQL. Exactly one save wins; the other is refused with the Chinese
conflict message and nothing of it is stored: the row holds the winner's input, not a merge.
"""

import json
import threading
from decimal import Decimal

from tests.resilience.conftest import DEADLINE, form_fields

SETUP = """
from decimal import Decimal
from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects import services
from zhaoshang.reference.models import IndustryDivision, Region

project = services.project_create(
    actor=User.objects.get(username="zone1_staff"),
    unit=Unit.objects.get(code="zone1"),
    name="双人同时编辑演练项目",
    investor_name="演练同时编辑投资有限公司",
    origin_region=Region.objects.get(code="11"),
    industry=IndustryDivision.objects.get(code="31"),
    total_investment=Decimal("20000"),
)
print(project.code)
"""

STORED = """
import json
from zhaoshang.projects.models import Project

project = Project.objects.get(code={code!r})
print(json.dumps({{
    "next_action": project.next_action,
    "total_investment": str(project.total_investment),
    "description": project.description,
    "version": project.version,
}}))
"""

CONFLICT = "其他人刚刚保存了该项目"
# Each user changes the shared field and one of their own, so a merge would show.
EDITS = {
    "zone1_staff": {"next_action": "下周回访客户", "total_investment": "30000"},
    "zone1_head": {"next_action": "月底前签约", "description": "负责人补充的项目说明"},
}


def _stored(app, code):
    stored = json.loads(app.python(STORED.format(code=code)))
    stored["total_investment"] = Decimal(stored["total_investment"])
    return stored


def _race(app, url, sessions, forms):
    """Both sessions POST their form at the same moment; their answers by username."""
    start = threading.Barrier(len(forms))
    answers = {}

    def save(username):
        start.wait(timeout=DEADLINE)
        answers[username] = sessions[username].post(
            url, data=forms[username], allow_redirects=False, timeout=DEADLINE * 2
        )

    threads = [threading.Thread(target=save, args=(username,)) for username in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE * 3)
    assert sorted(answers) == sorted(forms), app.server_log()[-3000:]
    return answers


def _one_winner(answers):
    winners = [u for u, a in answers.items() if a.status_code == 302]
    losers = [u for u, a in answers.items() if a.status_code != 302]
    assert len(winners) == 1 and len(losers) == 1, {u: a.status_code for u, a in answers.items()}
    return winners[0], answers[losers[0]]


def test_of_two_simultaneous_project_saves_one_wins_whole_and_the_other_is_refused(app):
    code = app.python(SETUP).splitlines()[-1]
    before = _stored(app, code)
    app.start(workers=2)
    edit_url = app.url(f"/projects/{code}/edit/")
    sessions, forms = {}, {}
    for username, changes in EDITS.items():
        sessions[username] = app.login(username)
        page = sessions[username].get(edit_url, timeout=DEADLINE)
        assert page.status_code == 200, page.text[:500]
        fields = [[n, v] for n, v in form_fields(page.text, "version") if n not in changes]
        forms[username] = fields + list(changes.items())
        assert dict(fields)["version"] == str(before["version"])

    answers = _race(app, edit_url, sessions, forms)
    winner, refused = _one_winner(answers)
    assert answers[winner].headers["Location"] == f"/projects/{code}/"
    assert refused.status_code == 200 and CONFLICT in refused.text, refused.text[:3000]

    stored = _stored(app, code)
    expected = {**before, "version": before["version"] + 1}
    expected.update(EDITS[winner])
    if "total_investment" in EDITS[winner]:
        expected["total_investment"] = Decimal(EDITS[winner]["total_investment"])
    assert stored == expected


REPORT_SETUP = """
import datetime as dt
from zoneinfo import ZoneInfo
from zhaoshang.assessment import services_dispatch
from zhaoshang.assessment.demo_years import load_demo_year
from zhaoshang.orgs.models import Unit, User

year = load_demo_year(year=2025, actor=User.objects.get(username="bureau_admin"))
services_dispatch.report_open(
    actor=User.objects.get(username="zone1_head"),
    year=year,
    unit=Unit.objects.get(code="zone1"),
    month=2,
    at=dt.datetime(2025, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
)
"""

REPORT_STORED = """
import json
from zhaoshang.assessment.models import MonthlyReport

report = MonthlyReport.objects.get(year__year=2025, unit__code="zone1", month=2)
print(json.dumps({
    "work_done": report.work_done,
    "problems": report.problems,
    "next_plan": report.next_plan,
    "version": report.version,
}))
"""

REPORT_CONFLICT = "在此期间已有其他人保存了该月报"
REPORT_EDITS = {
    "zone1_staff": {"problems": "用地指标尚未落实", "work_done": "走访企业三家"},
    "zone1_head": {"problems": "环评批复延迟", "next_plan": "下月召开推进会"},
}


def test_of_two_simultaneous_report_saves_one_wins_whole_and_the_other_is_refused(app):
    app.python(REPORT_SETUP)
    before = json.loads(app.python(REPORT_STORED))
    app.start(workers=2)
    url = app.url("/assessment/2025/dispatch/zone1/2/")
    sessions, forms = {}, {}
    for username, changes in REPORT_EDITS.items():
        sessions[username] = app.login(username)
        page = sessions[username].get(url, timeout=DEADLINE)
        assert page.status_code == 200, page.text[:500]
        fields = [[n, v] for n, v in form_fields(page.text, "problems") if n not in changes]
        assert dict(fields)["version"] == str(before["version"])
        # The save button's own name and value, which a browser sends with the form.
        forms[username] = [*fields, *changes.items(), ("action", "save")]

    answers = _race(app, url, sessions, forms)

    winner, refused = _one_winner(answers)
    assert refused.status_code == 200 and REPORT_CONFLICT in refused.text, refused.text[:3000]
    expected = {**before, **REPORT_EDITS[winner], "version": before["version"] + 1}
    assert json.loads(app.python(REPORT_STORED)) == expected
