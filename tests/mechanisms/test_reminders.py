"""The daily overdue job: who is told about what, once; the group robot's webhook; the job
runner (huey task and ``manage.py run_jobs``)."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command

from zhaoshang.core import jobs
from zhaoshang.core.models import Notification
from zhaoshang.mechanisms import (
    robot,
    services_meetings,
    services_problems,
    services_procedures,
    services_review,
)
from zhaoshang.mechanisms.choices import Decision, ProcedureStep, Topic
from zhaoshang.mechanisms.models import ProjectProcedure
from zhaoshang.mechanisms.reminders import remind_overdue
from zhaoshang.mechanisms.tasks import daily_jobs
from zhaoshang.projects.models import CountySettings

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 20)


class _Robot(BaseHTTPRequestHandler):
    received = []
    answer = {"errcode": 0, "errmsg": "ok"}

    def do_POST(self):  # noqa: N802 - the name http.server calls
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        body = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot_server():
    _Robot.received = []
    _Robot.answer = {"errcode": 0, "errmsg": "ok"}
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=test", _Robot
    server.shutdown()


@pytest.fixture
def overdue(make_project, cast, units, group, catalogue, pass_review, officers):
    """An opinion, a procedure, a task and a problem, all past their time by 20 March 2026."""
    threshold = CountySettings.current().major_project_threshold
    project = make_project(team_leader=cast["leader"], total_investment=threshold * 2)
    project.team_manager = cast["unit_a_head"]
    project.save(update_fields=["team_manager"])
    pass_review(project, on=D(2026, 2, 2))
    hp = ProjectProcedure.objects.get(project=project, type__code="hp")
    services_procedures.procedure_record(
        actor=officers["sthj"], procedure=hp, step=ProcedureStep.ACCEPT, on=D(2026, 2, 3)
    )
    services_review.review_submit(
        actor=cast["bureau_admin"], project=make_project(), summary="材料", on=D(2026, 3, 2)
    )
    meeting = services_meetings.meeting_save(
        actor=cast["bureau_admin"], title="会议", held_on=D(2026, 3, 1), chair=cast["leader"]
    )
    item = services_meetings.item_save(
        actor=cast["bureau_admin"],
        meeting=meeting,
        project=project,
        topic=Topic.LAND_PRICE,
        proposal="x",
        decision=Decision.APPROVED,
    )
    services_meetings.task_add(
        actor=cast["bureau_admin"],
        item=item,
        description="完成组卷报批",
        owner_unit=units["zrzy"],
        owner=officers["zrzy"],
        deadline=D(2026, 3, 15),
    )
    services_problems.problem_save(
        actor=cast["unit_a_staff"],
        project=project,
        category="power",
        description="临时用电不足",
        owner_unit=units["zjj"],
        deadline=D(2026, 3, 10),
    )
    Notification.objects.all().delete()
    return project


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_each_overdue_item_reaches_the_people_responsible_once(overdue, cast, officers):
    summary = remind_overdue(TODAY)
    # The fgw, sthj and zrzy opinions on the second review, the 环评 procedure, the task and the
    # problem.
    assert summary == "新增超期：审定意见3项、审批事项1项、督办事项1项、问题1个"
    assert any("环境影响评价审批" in t for t in _titles(officers["sthj"]))
    assert any("沧澜县生态环境分局" in t for t in _titles(cast["unit_a_head"]))
    assert any("完成组卷报批" in t for t in _titles(officers["zrzy"]))
    assert any("临时用电不足" in t for t in _titles(cast["leader"]))
    assert any("临时用电不足" in t for t in _titles(officers["zjj"]))
    count = Notification.objects.count()
    remind_overdue(TODAY)
    assert Notification.objects.count() == count


def test_nothing_is_overdue_before_its_time(overdue):
    remind_overdue(D(2026, 3, 3))
    assert not Notification.objects.filter(title__contains="超期").exists()


def test_the_group_robot_gets_one_message(
    overdue, robot_server, settings, django_capture_on_commit_callbacks
):
    url, handler = robot_server
    settings.ROBOT_WEBHOOK_URL = url
    settings.ROBOT_WEBHOOK_KIND = "dingtalk"
    with django_capture_on_commit_callbacks(execute=True):
        remind_overdue(TODAY)
    assert len(handler.received) == 1
    message = handler.received[0]
    assert message["msgtype"] == "markdown"
    assert "临时用电不足" in message["markdown"]["text"] and message["markdown"]["title"]


def test_a_refusing_or_missing_robot_is_logged_not_raised(robot_server, settings, caplog):
    url, handler = robot_server
    handler.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
    assert robot._post(url, "wecom", "提醒", "内容", 2) is False
    assert "refused" in caplog.text
    assert robot._post("http://127.0.0.1:9/none", "wecom", "提醒", "内容", 1) is False
    assert "failed" in caplog.text


def test_wecom_gets_its_own_format():
    payload = robot.payload("wecom", "提醒", "- 一项")
    assert payload == {"msgtype": "markdown", "markdown": {"content": "**提醒**\n- 一项"}}


def test_the_overdue_job_is_registered_and_run_by_the_runners(overdue, monkeypatch):
    assert "mechanisms.overdue" in [job.name for job in jobs.registered()]
    monkeypatch.setattr("zhaoshang.mechanisms.tasks.timezone.localdate", lambda: TODAY)
    results = dict((name, error) for name, _summary, error in daily_jobs.call_local())
    assert results["mechanisms.overdue"] is None
    assert Notification.objects.filter(title__contains="超期").exists()


def test_run_jobs_runs_as_of_a_date(overdue, capsys):
    call_command("run_jobs", "--date", "2026-03-20")
    assert "mechanisms.overdue" in capsys.readouterr().out
    assert Notification.objects.filter(title__contains="超期").exists()
