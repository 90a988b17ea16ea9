"""Monthly dispatch in Chromium: the head of 经开区 files the month that has just ended (refused
until every stalled project has a reason, then locked), and the bureau sees the grid and
reminds 城关镇, which has not filed, whose staff then find it under the bell. Also on a phone.

The demo files every month before the latest ended one; in that one 经开区 and 城关镇 (and some
other units) have not filed yet.
"""

import datetime
from zoneinfo import ZoneInfo

from tests.browser.conftest import ARTIFACTS, log_in, screenshot

PHONE = {"width": 390, "height": 844}
PC = {"width": 1280, "height": 900}


def _month_just_ended():
    today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.year, last.month


def _top(page, name, height):
    """The top of a long page, for the user guide."""
    page.evaluate("window.scrollTo(0, 0)")
    width = page.viewport_size["width"]
    page.screenshot(
        path=str(ARTIFACTS / name), clip={"x": 0, "y": 0, "width": width, "height": height}
    )


def test_unit_head_files_the_month_and_the_bureau_reminds(new_page, live_app):
    year, month = _month_just_ended()
    grid = f"{live_app}/assessment/{year}/dispatch/"
    report_url = f"{grid}zone1/{month}/"

    page = new_page(viewport=PC)
    log_in(page, live_app, "zone1_head")
    page.goto(grid)
    assert page.locator('tr[data-unit="zone1"]').count() == 1
    assert page.locator("tr[data-unit]").count() == 1
    screenshot(page, "dispatch-unit-grid.png")
    page.click(f'#to-file a[href$="/zone1/{month}/"]')
    page.wait_for_url(report_url)
    page.click("#open-report")
    page.wait_for_url(report_url)
    assert page.locator("#figures").is_visible()
    assert page.locator("#snapshot-info").is_visible()
    page.fill("#id_work_done", "接待京津客商来访考察4批次；赴天津开展小分队招商，走访企业6家。")
    page.fill("#id_problems", "部分项目用地指标紧张，组卷报批周期较长。")
    page.fill("#id_next_plan", "紧盯在谈项目签约；做好集中开工准备。")
    reasons = page.locator("#reasons input")
    assert reasons.count() > 0
    screenshot(page, "dispatch-report-form.png")
    _top(page, "dispatch-report-top.png", 1100)

    # Without the reasons the submission is refused and names the projects.
    page.click("#submit-report")
    page.wait_for_load_state()
    errors = page.inner_text("#report-errors")
    first_label = page.inner_text("#reasons label >> nth=0")
    assert first_label.split()[0] in errors
    assert "接待京津客商" in page.input_value("#id_work_done")
    screenshot(page, "dispatch-report-refused.png")
    box = page.locator("#report-form").bounding_box()
    page.screenshot(
        path=str(ARTIFACTS / "dispatch-report-refused-top.png"),
        clip={"x": 0, "y": box["y"] - 10, "width": PC["width"], "height": 760},
        full_page=True,
    )

    for i in range(reasons.count()):
        page.locator("#reasons input").nth(i).fill("投资方内部决策流程较长，正在持续跟进")
    page.click("#submit-report")
    page.wait_for_url(report_url)
    assert page.locator("#report-form").count() == 0
    assert page.locator(".alert-success").count() == 1
    assert page.locator("#report-status .bi-lock").count() == 1
    assert "投资方内部决策流程较长" in page.inner_text("#reasons")
    screenshot(page, "dispatch-report-submitted.png")
    _top(page, "dispatch-report-locked.png", 1000)

    phone = new_page(viewport=PHONE)
    log_in(phone, live_app, "zone1_head")
    phone.goto(report_url)
    assert phone.locator("#figures").is_visible()
    screenshot(phone, "dispatch-report-phone.png")
    _top(phone, "dispatch-report-phone-top.png", 844)

    # The bureau sees the grid and reminds a unit that has not filed the month.
    bureau = new_page(viewport=PC)
    log_in(bureau, live_app, "bureau_admin")
    bureau.goto(grid)
    assert bureau.locator(f'tr[data-unit="zone1"] td[data-month="{month}"]').get_attribute(
        "data-status"
    ) in ("on_time", "late")
    town1 = bureau.locator(f'tr[data-unit="town1"] td[data-month="{month}"]')
    assert town1.get_attribute("data-status") in ("missing", "not_due")
    screenshot(bureau, "dispatch-grid.png")
    _top(bureau, "dispatch-grid-top.png", 900)
    town1.locator(".remind-one").click()
    bureau.wait_for_load_state()
    assert bureau.locator(".alert-success").count() == 1
    assert town1.locator(".bi-bell").count() >= 1
    screenshot(bureau, "dispatch-reminded.png")
    _top(bureau, "dispatch-reminded-top.png", 900)

    # 2025 (the demo's past year): one township's report is missing, with the reminder sent.
    bureau.goto(f"{live_app}/assessment/2025/dispatch/")
    assert bureau.locator('td[data-status="missing"]').count() == 1
    screenshot(bureau, "dispatch-last-year.png")
    bureau.click('td[data-status="missing"] a')
    assert bureau.locator("#reminders").is_visible()
    screenshot(bureau, "dispatch-missing-report.png")

    bureau_phone = new_page(viewport=PHONE)
    log_in(bureau_phone, live_app, "bureau_admin")
    bureau_phone.goto(grid)
    screenshot(bureau_phone, "dispatch-grid-phone.png")
    _top(bureau_phone, "dispatch-grid-phone-top.png", 844)

    staff = new_page(viewport=PHONE)
    log_in(staff, live_app, "town1_staff")
    assert staff.inner_text("#bell-count") == "1"
    staff.click("#bell")
    staff.wait_for_url(f"{live_app}/notifications/")
    screenshot(staff, "dispatch-notifications-phone.png")
    staff.click("#notifications button >> nth=0")
    staff.wait_for_url(f"{grid}town1/{month}/")
    assert staff.locator("#reminders").is_visible()
    assert staff.locator("#open-report").is_visible()
    screenshot(staff, "dispatch-reminded-report-phone.png")
