"""Kill drill for publishing a year's ranking, on SQLite and PostgreSQL: a process publishing
the ranking is SIGKILLed after the service has written the ranking and its audit event but
before its transaction commits. Neither survives, the audit chain is intact, and publishing
again gives one ranking with its audit event and a digest that checks out.

The hold is a wrapper around the audit call, installed by the drill's own script; the app code
is not changed for the drill.
"""

import json
import queue
import signal
import subprocess
import sys
import threading

from tests.resilience.conftest import DEADLINE, REPO_ROOT

SETUP = """
from zhaoshang.assessment import services_scores
from zhaoshang.assessment.demo import METHOD_FILE
from zhaoshang.assessment.demo_years import load_demo_year
from zhaoshang.orgs.models import User

bureau = User.objects.get(username="bureau_admin")
year = load_demo_year(year=2025, actor=bureau)
document = services_scores.schema.parse(METHOD_FILE.read_text(encoding="utf-8"))
services_scores.method_save(actor=bureau, year=year, document=document, note="drill")
"""

PUBLISH = """
import datetime as dt
import json
import time
import types

from django.db import connection

from zhaoshang.assessment import services_scores
from zhaoshang.assessment.models import AssessmentYear, Ranking
from zhaoshang.core import audit
from zhaoshang.core.models import AuditEvent
from zhaoshang.orgs.models import User

HOLD = {hold}


def record_then_hold(**kwargs):
    event = audit.record(**kwargs)
    if HOLD:
        # Both rows are written and the transaction is still open: say so, then wait to die.
        state = {{
            "in_transaction": connection.in_atomic_block,
            "rankings": Ranking.objects.count(),
            "ranking_events": AuditEvent.objects.filter(object_type="assessment.ranking").count(),
        }}
        print("HOLDING " + json.dumps(state), flush=True)
        time.sleep(600)
    return event


services_scores.audit = types.SimpleNamespace(record=record_then_hold, snapshot=audit.snapshot)
ranking = services_scores.ranking_publish(
    actor=User.objects.get(username="bureau_admin"),
    year=AssessmentYear.objects.get(year=2025),
    through_month=12,
    as_of=dt.date(2026, 1, 20),
)
print("PUBLISHED", ranking.public_id, flush=True)
"""

STATE = """
import json
from zhaoshang.assessment.models import Ranking
from zhaoshang.assessment.services_scores import ranking_intact
from zhaoshang.core.models import AuditEvent

print(json.dumps({
    "rankings": Ranking.objects.count(),
    "ranking_events": AuditEvent.objects.filter(object_type="assessment.ranking").count(),
    "intact": all(ranking_intact(r) for r in Ranking.objects.all()),
}))
"""


def _state(app):
    return json.loads(app.python(STATE))


def _lines(process):
    """The process's stdout lines, readable with a deadline."""
    lines = queue.Queue()

    def pump():
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def test_a_publication_killed_inside_its_transaction_leaves_neither_ranking_nor_event(app):
    app.python(SETUP)
    assert _state(app) == {"rankings": 0, "ranking_events": 0, "intact": True}

    env = {**app.env, "DJANGO_SETTINGS_MODULE": "zhaoshang.settings"}
    script = "import django\ndjango.setup()\n" + PUBLISH.format(hold=True)
    publisher = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = _lines(publisher)
        line = lines.get(timeout=DEADLINE * 3)
        while line is not None and not line.startswith("HOLDING "):
            line = lines.get(timeout=DEADLINE)
        assert line is not None, "the publishing script ended without reaching the hold"
        inside = json.loads(line.removeprefix("HOLDING "))
        # The kill lands inside the service's transaction, with both rows already written…
        assert inside == {"in_transaction": True, "rankings": 1, "ranking_events": 1}
        # …which no other process can see yet.
        assert _state(app)["rankings"] == 0
        publisher.send_signal(signal.SIGKILL)
        publisher.wait(timeout=DEADLINE)
    finally:
        if publisher.poll() is None:
            publisher.kill()
            publisher.wait(timeout=DEADLINE)
        publisher.stdout.close()
    assert publisher.returncode == -signal.SIGKILL

    assert _state(app) == {"rankings": 0, "ranking_events": 0, "intact": True}
    assert app.audit_intact()

    assert "PUBLISHED" in app.python(PUBLISH.format(hold=False))
    assert _state(app) == {"rankings": 1, "ranking_events": 1, "intact": True}
    assert app.audit_intact()
