"""Scoring in Chromium: the bureau computes the current year to date, opens a unit's breakdown
down to one project, publishes the ranking, and a unit's staff read their own breakdown on a
phone."""

import re
from datetime import date

from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}


def test_bureau_computes_inspects_a_project_and_publishes(page, live_app):
    year = date.today().year
    month = max(date.today().month - 1, 1)
    log_in(page, live_app, "bureau_admin")
    page.goto(live_app + "/assessment/")
    page.click(f"#year-{year} a[href$='/scores/']")
    page.wait_for_url(re.compile(rf"/assessment/{year}/scores/$"))
    page.select_option("#period_month", str(month))
    page.click("#period-form button[type=submit]")
    page.wait_for_url(re.compile(rf"\?month={month}$"))
    assert page.locator("#group-zones tbody tr").count() == 3
    screenshot(page, "scores-computed.png")

    # 经开区's breakdown: every indicator with its working, every project with its verdict.
    page.click("#group-zones a:has-text('经开区')")
    page.wait_for_selector("#indicators")
    assert "÷" in page.inner_text("#indicators")
    lines = page.locator("#projects li[data-project]")
    assert lines.count() > 0
    refused = page.locator("#projects li[data-project]:has(.text-danger)").first
    reason = refused.locator("div.text-danger").inner_text()
    assert reason.startswith("不予认定：")
    code = refused.get_attribute("data-project")
    screenshot(page, "scores-breakdown.png")
    refused.locator("a").click()
    page.wait_for_url(re.compile(rf"/projects/{code}/$"))
    assert code in page.inner_text("main")

    # Publish January to that month: the ranking is frozen and its hash matches.
    page.goto(live_app + f"/assessment/{year}/scores/?month={month}")
    page.select_option("#publish select[name=month]", str(month))
    page.fill("#publish input[name=title]", f"{year}年1—{month}月招商引资考核排名（测试）")
    page.click("#publish-button")
    page.wait_for_url(re.compile(r"/assessment/rankings/[0-9a-f-]+/$"))
    assert "哈希校验一致" in page.inner_text("#intact")
    assert page.locator("#group-zones tbody tr").count() == 3
    screenshot(page, "scores-published.png")


def test_unit_staff_read_their_own_breakdown_on_a_phone(new_page, live_app):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_app, "zone1_staff")
    page.goto(live_app + "/assessment/2025/scores/zone1/")
    assert page.inner_text("#total")
    assert page.locator("#projects li[data-project]").count() > 0
    # Another unit's breakdown does not exist for them.
    response = page.goto(live_app + "/assessment/2025/scores/zone2/")
    assert response.status == 404
    screenshot(page, "scores-phone-other-unit.png")
