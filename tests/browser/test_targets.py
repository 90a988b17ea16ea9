"""Targets in Chromium: the bureau edits a unit's targets (a bad milestone is refused, then
saved), imports an xlsx with one bad row (nothing changes), fixes it and applies it; a unit's
staff sees its progress on a PC and on a 390 px phone. Uses the demo's current assessment year."""

import datetime
import re

from openpyxl import Workbook

from tests.browser.conftest import log_in, screenshot

YEAR = datetime.date.today().year


def _xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["单位编码", "单位名称", "指标", "月份", "目标值"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def _grid_value(page, unit, column):
    """The text of the grid cell of ``unit`` under the header ``column``."""
    headers = page.locator("#targets-grid thead th").all_inner_texts()
    index = next(i for i, text in enumerate(headers) if text.strip() == column)
    return page.locator(f"#unit-{unit} td").nth(index).inner_text().strip()


def test_bureau_edits_and_imports_targets(new_page, live_app, tmp_path):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_app, "bureau_admin")
    page.goto(f"{live_app}/assessment/years/")
    screenshot(page, "targets-years.png")
    page.goto(f"{live_app}/assessment/years/{YEAR}/")
    assert page.locator("#groups .card").count() == 4
    screenshot(page, "targets-groups.png")

    # The form: a quarterly milestone above the year target is refused with the reason.
    page.goto(f"{live_app}/assessment/years/{YEAR}/targets/?group=zones")
    screenshot(page, "targets-grid.png")
    page.click(f"a[href='/assessment/years/{YEAR}/targets/units/zone2/']")
    page.wait_for_url(re.compile(r"/targets/units/zone2/$"))
    page.fill("#id_signed_year", "12")
    page.select_option("#id_signed_schedule", "quarterly")
    assert page.is_hidden("#id_signed_m5") and page.is_visible("#id_signed_m6")
    page.fill("#id_signed_m3", "3")
    page.fill("#id_signed_m6", "13")
    page.fill("#id_signed_m9", "9")
    page.click("#save-targets")
    page.wait_for_load_state()
    assert page.is_visible("#targets-errors")
    assert "(13)" in page.inner_text("#targets-errors") or "（13）" in page.inner_text(
        "#targets-errors"
    )
    screenshot(page, "targets-edit-refused.png")
    page.fill("#id_signed_m6", "6")
    page.click("#save-targets")
    page.wait_for_url(re.compile(r"/targets/\?group=zones$"))
    signed = page.locator("#targets-grid thead th").nth(2).inner_text().strip()
    assert _grid_value(page, "zone2", signed) == "12"

    # An import with one bad row changes nothing and says which row and why.
    landed = page.locator("#targets-grid thead th").nth(3).inner_text().strip()
    page.goto(f"{live_app}/assessment/years/{YEAR}/targets/?group=towns")
    before = _grid_value(page, "town1", landed)
    good = [
        ["town1", "城关镇", "落地项目数", 12, 6],
        ["town1", "城关镇", "落地项目数", 3, 1],
        ["town1", "城关镇", "落地项目数", 6, 3],
    ]
    bad = [*good, ["town1", "城关镇", "落地项目数", 9, 7]]
    page.goto(f"{live_app}/assessment/years/{YEAR}/targets/import/")
    screenshot(page, "targets-import.png")
    page.set_input_files("#id_file", _xlsx(tmp_path / "目标任务.xlsx", bad))
    page.click("#upload-button")
    page.wait_for_url(re.compile(r"/targets/import/preview/$"))
    errors = page.inner_text("#row-errors")
    assert "5" in errors and "7" in errors
    assert page.locator("#commit-button").count() == 0
    screenshot(page, "targets-import-errors.png")
    page.goto(f"{live_app}/assessment/years/{YEAR}/targets/?group=towns")
    assert _grid_value(page, "town1", landed) == before

    # Fixed, previewed and applied.
    page.goto(f"{live_app}/assessment/years/{YEAR}/targets/import/")
    fixed = [*good, ["town1", "城关镇", "落地项目数", 9, 5]]
    page.set_input_files("#id_file", _xlsx(tmp_path / "目标任务（改）.xlsx", fixed))
    page.click("#upload-button")
    page.wait_for_url(re.compile(r"/targets/import/preview/$"))
    assert page.locator("#row-errors").count() == 0
    screenshot(page, "targets-import-preview.png")
    page.click("#commit-button")
    page.wait_for_url(re.compile(rf"/assessment/years/{YEAR}/targets/$"))
    assert page.is_visible(".alert-success")
    page.goto(f"{live_app}/assessment/years/{YEAR}/targets/?group=towns")
    cell = _grid_value(page, "town1", landed)
    assert cell.startswith("6")

    page.goto(f"{live_app}/assessment/years/{YEAR}/progress/")
    assert page.is_visible("#progress-table")
    screenshot(page, "targets-progress-bureau.png")


def test_unit_staff_see_their_progress_on_a_pc_and_a_phone(new_page, live_app):
    for width, name in ((1280, "targets-progress-staff.png"), (390, "targets-progress-phone.png")):
        page = new_page(viewport={"width": width, "height": 900})
        log_in(page, live_app, "zone1_staff")
        page.goto(f"{live_app}/assessment/years/{YEAR}/progress/")
        assert "沧澜经济开发区" in page.inner_text("#progress-unit")
        assert page.locator("#progress-cards .card").count() >= 8
        assert page.locator("#progress-table").count() == 0
        # Nothing spills sideways on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        screenshot(page, name)
