"""Mechanisms in Chromium on the seeded demo: an approval officer sees only their department's
procedures and closes one; the leader downloads a meeting's minutes as a Word document; moving
a project on to 落地 is refused naming the procedures still open."""

import re

from docx import Document

from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_approval_officer_sees_only_their_department_and_closes_a_procedure(new_page, live_app):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_app, "approval_zrzy")
    page.goto(live_app + "/mechanisms/procedures/?status=accepted")
    rows = page.locator("tr.procedure-row")
    assert rows.count() > 0
    departments = set(rows.evaluate_all("rows => rows.map(r => r.dataset.department)"))
    assert departments == {"zrzy"}
    screenshot(page, "mechanisms-procedures.png")
    rows.first.locator("td a").first.click()
    page.wait_for_selector("#step-form")
    page.select_option("#id_step", "done")
    page.fill("#id_document_number", "沧自规审〔2026〕88号")
    page.click("#record-step")
    page.wait_for_selector(".alert-success")
    assert page.inner_text("#procedure-status") == "办结"
    assert page.inner_text("#document-number") == "沧自规审〔2026〕88号"
    assert "办结" in page.inner_text("#history")
    screenshot(page, "mechanisms-procedure-done.png")


def test_procedures_fit_a_phone(new_page, live_app):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_app, "approval_sthj")
    page.goto(live_app + "/mechanisms/")
    page.wait_for_selector("#to-handle")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "mechanisms-hub-phone.png")


def test_leader_opens_the_minutes_of_a_meeting(new_page, live_app, tmp_path):
    page = new_page(viewport=DESKTOP, accept_downloads=True)
    log_in(page, live_app, "county_leader")
    page.goto(live_app + "/mechanisms/meetings/")
    page.locator("#meeting-list a", has_text="第一次").click()
    page.wait_for_selector("#minutes-link")
    screenshot(page, "mechanisms-meeting.png")
    with page.expect_download() as info:
        page.click("#minutes-link")
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / "minutes.docx"
    download.save_as(target)
    text = "\n".join(p.text for p in Document(target).paragraphs)
    assert "重大项目一事一议会议纪要" in text and "会议决定：" in text and "{" not in text


def test_landing_is_refused_naming_the_open_procedures(new_page, live_app):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_app, "bureau_admin")
    # Accepted procedures belong to projects signed or in 审批, none of them landed yet.
    page.goto(live_app + "/mechanisms/procedures/?status=accepted")
    page.locator("tr.procedure-row td a").first.click()
    page.wait_for_url(re.compile(r"/mechanisms/procedures/[0-9a-f-]+/$"))
    procedure = page.inner_text("h1").split(" · ")[0]
    page.locator("dd a[href^='/projects/']").click()
    page.wait_for_selector("#mechanisms-panel")
    if "审批" in page.inner_text("#advance-button"):
        # A signed project first moves on to 审批, which asks for nothing more.
        page.click("#advance-button")
        page.wait_for_selector(".alert-success")
    assert "落地" in page.inner_text("#advance-button")
    page.click("#advance-button")
    page.wait_for_selector(".alert-danger")
    message = page.inner_text(".alert-danger")
    assert "必办审批事项全部办结（尚未办结：" in message and procedure in message
    screenshot(page, "mechanisms-gate-refused.png")
