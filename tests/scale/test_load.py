"""The load run at small scale: ten people working at once on a fresh copy of a generated county
for 45 seconds, through gunicorn on PostgreSQL, get no failed request and no refused write; every
kind of request the mix has is made, and the writes locust counted (projects paused and reopened,
October reports started, saved and submitted) are really in the database afterwards.

It runs ``bench/load.py`` as the city-scale run does, on its own generated PostgreSQL database
(kept between runs) and a throw-away copy of it, whatever database the test session uses.
"""

import sys

import pytest

from bench import load

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def result():
    outcome = load.run("small", users=10, seconds=45, spawn_rate=5, wait=(0.2, 1.5), log=sys.stderr)
    print(load.table(outcome), file=sys.stderr)
    return outcome


def test_ten_users_get_no_failure_and_no_task_error(result):
    assert result.total.requests > 30
    assert result.total.failures == 0, result.failures
    assert result.exceptions == [], result.exceptions
    assert result.problems == []


def test_every_kind_of_request_in_the_mix_was_made(result):
    missing = [name for name in load.NAMES if result.requests(name)[0] == 0]
    assert missing == []


def test_the_writes_locust_counted_are_in_the_database(result):
    submitted, failed = result.requests(load.REPORT_SUBMIT)
    assert submitted > 0 and failed == 0
    assert result.submitted == submitted
    paused, _ = result.requests(load.PAUSE)
    reopened, _ = result.requests(load.RESUME)
    assert paused > 0 and reopened > 0
    assert result.transitions == paused + reopened
