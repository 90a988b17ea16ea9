"""The dashboard in Chromium: charts drawn for each role, a click on a bar opens the project list
that holds exactly the bar's projects, and a unit's staff read their own dashboard on a phone."""

import json
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}
CHARTS = ["funnel", "ageing", "sector", "strategic", "region_group", "targets", "trend"]


def _data(page):
    return json.loads(page.inner_text("#dashboard-data"))


def _wait_for_charts(page, names):
    for name in names:
        page.wait_for_selector(f"#chart-{name} svg")


def _click_bar(page, name, index, value):
    """Click the middle of bar ``index`` of a horizontal bar chart, where ECharts drew it."""
    x, y = page.evaluate(
        """([name, index, value]) => {
            const el = document.getElementById(`chart-${name}`);
            const chart = echarts.getInstanceByDom(el);
            const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [value / 2, index]);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""",
        [name, index, value],
    )
    page.mouse.click(x, y)


def _listed(page):
    return page.locator("table tbody tr:not(:has(td[colspan]))").count()


@pytest.mark.parametrize("chart", ["funnel", "strategic", "region_group", "industry"])
def test_a_bar_opens_the_list_of_exactly_its_projects(new_page, live_app, chart):
    page = new_page(viewport={"width": 1366, "height": 900})
    log_in(page, live_app, "bureau_admin")
    page.goto(live_app + "/reports/dashboard/")
    _wait_for_charts(page, [chart])
    bars = _data(page)[chart]
    # The smallest non-empty bar; the list shows 25 projects a page.
    shown = [(i, b) for i, b in enumerate(bars) if b["count"]]
    index, bar = min(shown, key=lambda e: e[1]["count"])
    page.locator(f"#chart-{chart}").scroll_into_view_if_needed()
    _click_bar(page, chart, index, bar["count"])
    page.wait_for_url(re.compile(r"/projects/\?"))
    assert page.url.endswith(bar["url"])
    assert _listed(page) == min(bar["count"], 25)


def _click_item(page, name, series, index):
    """Click where ECharts laid out item ``index`` of ``series`` (a bar's middle or a point)."""
    x, y = page.evaluate(
        """([name, series, index]) => {
            const el = document.getElementById(`chart-${name}`);
            el.scrollIntoView({ block: "center" });  // clear of the sticky menu bar
            const chart = echarts.getInstanceByDom(el);
            const data = chart.getModel().getSeriesByIndex(series).getData();
            const layout = data.getItemLayout(index);
            // Bars keep a rectangle per item; a line keeps all its points in one flat array.
            const points = data.getLayout("points");
            const [x, y] = layout
                ? [layout.x + layout.width / 2, layout.y + layout.height / 2]
                : [points[2 * index], points[2 * index + 1]];
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""",
        [name, series, index],
    )
    page.mouse.click(x, y)


def _click_until_it_opens(page, name, series, index):
    """Click item ``index`` until the project list opens: on a busy machine ECharts may still be
    animating the chart into place when the first click arrives."""
    for _attempt in range(10):
        _click_item(page, name, series, index)
        try:
            page.wait_for_url(re.compile(r"/projects/\?"), timeout=3_000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"item {index} of the {name} chart opened nothing")


def test_a_target_bar_and_a_trend_point_open_exactly_their_landed_projects(new_page, live_app):
    page = new_page(viewport={"width": 1366, "height": 900})
    log_in(page, live_app, "bureau_admin")
    page.goto(live_app + "/reports/dashboard/")
    _wait_for_charts(page, ["targets", "trend"])
    units = _data(page)["targets"]["units"]
    shown = [(i, u) for i, u in enumerate(units) if 0 < u["count"] <= 25]
    index, unit = min(shown, key=lambda e: e[1]["count"])
    _click_until_it_opens(page, "targets", 0, index)
    assert page.url.endswith(unit["url"]) and "landed_from=" in page.url
    assert _listed(page) == unit["count"]
    screenshot(page, "dashboard-target-bar-list.png")

    page.goto(live_app + "/reports/dashboard/")
    _wait_for_charts(page, ["trend"])
    points = _data(page)["trend"]["current"]["points"]
    month, point = next((i, p) for i, p in enumerate(points) if p and 0 < p["count"] <= 25)
    _click_until_it_opens(page, "trend", 0, month)
    assert page.url.endswith(point["url"])
    assert _listed(page) == point["count"]


@pytest.mark.parametrize("username", ["county_leader", "bureau_admin", "assessor1"])
def test_each_county_wide_role_sees_every_chart(new_page, live_app, username):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_app, username)
    page.goto(live_app + "/reports/dashboard/")
    _wait_for_charts(page, CHARTS)
    data = _data(page)
    assert sum(bar["count"] for bar in data["funnel"]) > 0
    assert len(data["targets"]["units"]) > 1
    assert page.locator("#period-units tbody tr[data-unit]").count() > 1
    if username == "county_leader":
        page.set_viewport_size({"width": 1280, "height": 3200})
        screenshot(page, "dashboard-leader.png")


def test_unit_staff_read_their_own_dashboard_on_a_phone(new_page, live_app):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_app, "zone1_staff")
    page.goto(live_app + "/reports/dashboard/")
    _wait_for_charts(page, ["funnel", "targets", "trend"])
    rows = page.locator("#period-units tbody tr[data-unit]")
    assert rows.count() == 1 and rows.first.get_attribute("data-unit") == "zone1"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.set_viewport_size({"width": 390, "height": 4200})
    screenshot(page, "dashboard-phone.png")
