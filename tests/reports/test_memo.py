"""Slow figures are kept until the data change, and served a little late only when slow."""

import datetime as dt
import threading
import time

import pytest
from django.core.cache import cache

from tests.assessment import conftest as assessment_fixtures
from tests.assessment.conftest import move
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.reports import figures as figures_module
from zhaoshang.reports import memo
from zhaoshang.reports.memo import data_version, memoised, scoped

year2025 = assessment_fixtures.year2025
county = assessment_fixtures.county

URL = "/reports/dashboard/"


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def write(actor):
    """Any write through the services: it leaves an audit event."""
    audit.record(actor=actor, action=AuditAction.EXPORT, category=AuditCategory.SECURITY)


def test_a_result_is_reused_while_the_data_are_unchanged(cast):
    compute = Counter()
    first = memoised("k", compute)
    again = memoised("k", compute)
    assert (first.value, again.value, compute.calls) == (1, 1, 1)
    assert again.current and again.read_at == first.read_at


def test_a_fast_result_is_computed_again_as_soon_as_the_data_change(cast):
    compute = Counter()
    memoised("k", compute)
    write(cast["bureau_admin"])
    after = memoised("k", compute)
    assert (after.value, after.current) == (2, True)


def test_a_slow_result_is_served_as_read_for_a_while_then_computed_again(cast, settings):
    settings.FIGURES_SLOW_SECONDS = 0
    settings.FIGURES_MAX_STALE_SECONDS = 300
    compute = Counter()
    first = memoised("k", compute)
    write(cast["bureau_admin"])
    late = memoised("k", compute)
    assert (late.value, late.current, late.read_at) == (1, False, first.read_at)
    settings.FIGURES_MAX_STALE_SECONDS = 0
    fresh = memoised("k", compute)
    assert (fresh.value, fresh.current, compute.calls) == (2, True, 2)


def test_while_one_process_computes_the_others_serve_the_previous_result(cast, settings):
    settings.FIGURES_SLOW_SECONDS = 0
    settings.FIGURES_MAX_STALE_SECONDS = 0
    compute = Counter()
    memoised("k", compute)
    write(cast["bureau_admin"])
    cache.add(scoped("k") + ":busy", 1)
    served = memoised("k", compute)
    assert (served.value, served.current, compute.calls) == (1, False, 1)


def _elsewhere(after, action):
    """Run ``action`` in another thread after ``after`` seconds (another process, as far as the
    shared cache is concerned)."""
    worker = threading.Timer(after, action)
    worker.start()
    return worker


def test_a_result_being_computed_elsewhere_is_awaited_not_computed_again(cast):
    compute = Counter()
    busy = scoped("k") + ":busy"
    cache.add(busy, 1)
    version = data_version()

    def theirs():
        memo._compute(scoped("k"), version, lambda: "theirs")
        cache.delete(busy)

    worker = _elsewhere(0.2, theirs)
    served = memoised("k", compute)
    worker.join()
    assert (served.value, served.current, compute.calls) == ("theirs", True, 0)


def test_a_lock_released_without_a_result_is_not_waited_on(cast):
    compute = Counter()
    busy = scoped("k") + ":busy"
    cache.add(busy, 1)
    worker = _elsewhere(0.2, lambda: cache.delete(busy))
    started = time.monotonic()
    served = memoised("k", compute)
    worker.join()
    assert (served.value, compute.calls) == (1, 1)
    assert time.monotonic() - started < memo.WAIT_SECONDS


def test_a_lock_held_too_long_is_waited_on_no_longer_than_the_limit(cast, monkeypatch):
    monkeypatch.setattr(memo, "WAIT_SECONDS", 0.3)
    compute = Counter()
    cache.add(scoped("k") + ":busy", 1)
    assert memoised("k", compute).value == 1


def test_people_who_see_the_same_units_share_one_computation(cast, county, year2025, monkeypatch):
    period = {"year": year2025, "first_month": 1, "last_month": 6}
    # The first reading freezes the ended months in snapshots, which is new data.
    figures_module.period_figures(user=cast["leader"], **period)
    cache.clear()
    computed = []
    original = figures_module._period_figures
    monkeypatch.setattr(
        figures_module,
        "_period_figures",
        lambda user, *args: computed.append(user.username) or original(user, *args),
    )
    leader = figures_module.period_figures(user=cast["leader"], **period)
    bureau = figures_module.period_figures(user=cast["bureau_admin"], **period)
    unit = figures_module.period_figures(user=cast["unit_a_staff"], **period)
    assert computed == ["county_leader", "zone1_staff"]
    assert len(bureau.units) == len(leader.units) > len(unit.units) == 1


def test_comparison_periods_compute_only_what_moved(cast, county, year2025, monkeypatch):
    ranked = []
    original = figures_module._fill_ranks
    monkeypatch.setattr(
        figures_module,
        "_fill_ranks",
        lambda rows, year, month: ranked.append((year.year, month)) or original(rows, year, month),
    )
    figures = figures_module.period_figures(
        user=cast["leader"], year=year2025, first_month=4, last_month=6
    )
    assert ranked == [(2025, 6)]
    assert figures.previous.label and not figures.previous.units
    assert figures.previous.totals.landed.codes == []


def test_fresh_never_serves_a_result_older_than_the_data(cast, settings):
    settings.FIGURES_SLOW_SECONDS = 0
    compute = Counter()
    memoised("k", compute)
    write(cast["bureau_admin"])
    assert memoised("k", compute, fresh=True).value == 2


def test_a_stage_change_is_new_data(cast, county, make_project, units):
    compute = Counter()
    memoised("k", compute)
    move(
        make_project(actor=cast["bureau_admin"], unit=units["zone2"]),
        dt.date(2025, 5, 5),
    )
    assert memoised("k", compute).value == 2


@pytest.mark.parametrize("slow", [False, True])
def test_the_dashboard_says_when_its_figures_were_read(
    slow, cast, county, year2025, client_for, settings
):
    """A slow dashboard shows figures as read at a given time; a fast one is always exact."""
    settings.FIGURES_SLOW_SECONDS = 0 if slow else 3600
    client = client_for(cast["leader"])
    query = {"year": year2025.pk, "first_month": 1, "last_month": 6}
    first = client.get(URL, query).content.decode()
    write(cast["bureau_admin"])
    second = client.get(URL, query).content.decode()
    assert 'id="figures-read-at"' not in first
    assert ('id="figures-read-at"' in second) is slow


def test_the_bulletin_downloads_always_carry_the_latest_figures(
    cast, county, year2025, client_for, settings
):
    settings.FIGURES_SLOW_SECONDS = 0
    client = client_for(cast["bureau_admin"])
    query = {"year": year2025.pk, "period": "ytd", "month": 6}
    page = client.get("/reports/bulletin/", query)
    assert 'id="figures-read-at"' not in page.content.decode()
    write(cast["bureau_admin"])
    page = client.get("/reports/bulletin/", query)
    assert 'id="figures-read-at"' in page.content.decode()
    client.get("/reports/bulletin/docx/", query)
    # The download computed the figures again, so the page is exact once more.
    page = client.get("/reports/bulletin/", query)
    assert 'id="figures-read-at"' not in page.content.decode()
