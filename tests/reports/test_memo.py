"""Slow figures are kept until the data change, and served a little late only when slow."""

import datetime as dt

import pytest
from django.core.cache import cache

from tests.assessment import conftest as assessment_fixtures
from tests.assessment.conftest import move
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.reports.memo import memoised, scoped

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
