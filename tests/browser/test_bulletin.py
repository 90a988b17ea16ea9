"""The bulletin in Chromium: the bureau chooses 1–2月 of the demo's published year, reads the
preview, downloads the DOCX and XLSX and sees the print view; a unit's staff read their own
line on a phone."""

import re
import shutil

from tests.browser.conftest import REPO_ROOT, log_in, screenshot

PHONE = {"width": 390, "height": 844}
YEAR = "2025"
GUIDE = REPO_ROOT / "docs" / "guide" / "img"


def _choose(page, live_app, *, month="2", period="ytd"):
    page.goto(live_app + "/reports/bulletin/")
    value = page.eval_on_selector(
        "#id_year", "(el, y) => [...el.options].find(o => o.textContent.includes(y))?.value", YEAR
    )
    page.select_option("#id_year", value)
    page.select_option("#id_period", period)
    page.select_option("#id_month", month)
    with page.expect_navigation():
        page.click("#bulletin-show")


def _guide(path, name):
    shutil.copy(path, GUIDE / name)


def test_bureau_generates_the_january_february_bulletin(new_page, live_app, tmp_path):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_app, "bureau_admin")
    _choose(page, live_app)
    # Chinese once the translations are compiled, the English source until then.
    assert re.search(r"2025年1-2月|2025, months 1 to 2", page.inner_text("#bulletin h2"))
    assert page.locator("#table-progress tbody tr").count() > 3
    assert page.locator("#narrative p").count() >= 2
    _guide(screenshot(page, "bulletin-page.png"), "bulletin-page.png")

    with page.expect_download() as docx:
        page.click("#download-docx")
    assert docx.value.suggested_filename.endswith(".docx")
    saved = tmp_path / "bulletin.docx"
    docx.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    with page.expect_download() as xlsx:
        page.click("#download-xlsx")
    assert xlsx.value.suggested_filename.endswith(".xlsx")

    page.emulate_media(media="print")
    assert not page.locator("#bulletin-form").is_visible()
    _guide(screenshot(page, "bulletin-print.png"), "bulletin-print.png")
    page.emulate_media(media="screen")


def test_unit_staff_read_their_own_line_on_a_phone(new_page, live_app):
    page = new_page(viewport=PHONE)
    log_in(page, live_app, "zone1_staff")
    _choose(page, live_app, month="3", period="quarter")
    rows = page.locator("#table-progress tbody tr")
    assert rows.count() == 2  # the unit's own line and the total
    assert "经济开发区" in rows.first.inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow
    _guide(screenshot(page, "bulletin-phone.png"), "bulletin-phone.png")
