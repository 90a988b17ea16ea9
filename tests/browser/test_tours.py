"""Observation tours in Chromium: the assessor scores an entry of the open tour on a 390 px
phone (a mark over the maximum is refused first), and the bureau closes the tour and reads the
results with their working. Runs in this order: closing ends the demo's open scoring."""

import re

from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}
MARKS = ("92", "88", "90.5")
# 92 / 100 × 40 + 88 / 100 × 30 + 90.5 / 100 × 30 with the demo's criteria
TOTAL = "90.35"


def test_assessor_scores_an_entry_on_a_phone(new_page, live_app):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_app, "assessor1")
    page.goto(live_app + "/assessment/tours/")
    page.click("#to-score a.list-group-item")
    page.wait_for_url(re.compile(r"/assessment/tours/[0-9a-f-]+/score/$"))
    count = page.inner_text("#progress-count")
    done, total = (int(n) for n in count.split("/"))
    first = page.locator("#score-entries a", has=page.locator(".text-bg-secondary")).first
    title = first.locator(".fw-semibold").inner_text()
    first.click()
    page.wait_for_selector("#mark-form")
    assert page.inner_text("#entry-title") == title
    inputs = page.locator("#mark-form input[data-max]")
    assert inputs.count() == 3

    # Over the maximum: refused with a message naming the range, nothing saved.
    inputs.nth(0).fill("120")
    inputs.nth(1).fill(MARKS[1])
    inputs.nth(2).fill(MARKS[2])
    assert page.inner_text("#mark-total") == "—"
    page.click("#save-marks")
    page.wait_for_selector(".invalid-feedback")
    assert "0 到 100" in page.inner_text(".invalid-feedback")

    inputs = page.locator("#mark-form input[data-max]")
    for n, value in enumerate(MARKS):
        inputs.nth(n).fill(value)
    assert page.inner_text("#mark-total") == TOTAL
    screenshot(page, "tour-score-phone.png")
    page.click("#save-marks")
    page.wait_for_url(re.compile(r"/score/$"))
    assert title in page.inner_text(".alert-success")
    assert page.inner_text("#progress-count") == f"{done + 1}/{total}"
    marked = page.locator("#score-entries a", has_text=title)
    assert TOTAL in marked.locator(".zs-marked").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "tour-scored-phone.png")


def test_bureau_closes_the_tour_and_reads_the_results(new_page, live_app):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_app, "bureau_admin")
    page.goto(live_app + "/assessment/tours/")
    page.locator("#tour-table tr", has=page.locator(".text-bg-warning")).locator("a").first.click()
    page.wait_for_selector("#close-button")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#close-button")
    page.wait_for_selector(".alert-success")
    assert page.inner_text("#tour-status") == "已结束"
    assert page.locator("#close-button").count() == 0
    page.click("#results-link")
    page.wait_for_url(re.compile(r"/results/$"))
    units = page.locator("#unit-results tbody tr")
    assert units.count() > 3
    entry = page.locator(".zs-entry-result").first
    working = entry.locator(".card-body .zs-formula").inner_text()
    assert re.fullmatch(r"\(.+\) / \(.+\) = \d+\.\d\d", working), working
    judge_line = entry.locator(".list-group-item .zs-formula").first.inner_text()
    assert judge_line.count("/ 100 ×") == 3
    # The assessor's marks from the phone count.
    assert page.locator(".zs-entry-result .list-group-item", has_text="褚国栋").count() >= 1
    screenshot(page, "tour-results.png")
