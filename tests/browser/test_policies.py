"""Policies in Chromium: a staff member searches "标准厂房 租金", finds the rent-free rule,
compiles a handbook of three categories and opens the DOCX; a project's page lists its
incentives with the amounts; and the lookup works on a 390 px phone."""

import re
from io import BytesIO

from docx import Document

from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def test_search_finds_the_rule_and_a_handbook_is_compiled_and_opened(new_page, live_app):
    page = new_page(viewport=DESK, accept_downloads=True)
    log_in(page, live_app, "bureau_admin")
    page.goto(live_app + "/policies/")
    page.fill("#id_q", "标准厂房 租金")
    page.click("#search-button")
    first = page.locator("#results .zs-policy").first
    assert first.locator("a.fw-semibold").inner_text() == "沧澜县标准厂房建设和使用管理办法"
    assert first.locator(".zs-hit mark", has_text="租金").count() >= 1
    screenshot(page, "policies-search.png")
    first.locator("a.fw-semibold").click()
    page.wait_for_selector("#policy-rules")
    assert "标准厂房前三年免租" in page.inner_text("#policy-rules")
    assert "前三年免收租金" in page.locator("#articles p", has_text="第六条").inner_text()

    page.goto(live_app + "/policies/handbooks/")
    editions = page.locator("#editions .zs-edition").count()
    page.fill("#id_title", "标准厂房与用地税收政策汇编")
    for name in ("招商引资", "用地", "税收"):
        page.locator("#handbook-categories label", has_text=name).click()
    page.click("#compile-button")
    page.wait_for_selector(".alert-success")
    assert page.locator("#editions .zs-edition").count() == editions + 1
    newest = page.locator("#editions .zs-edition").first
    assert "标准厂房与用地税收政策汇编" in newest.inner_text()
    screenshot(page, "policies-handbooks.png")
    with page.expect_download() as download_info:
        newest.locator(".zs-download").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        document = Document(BytesIO(handle.read()))
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert sections == ["一、招商引资", "二、用地", "三、税收"]
    titles = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert any("标准厂房建设和使用管理办法" in t for t in titles)


def test_a_projects_page_lists_its_incentives_with_amounts(new_page, live_app):
    page = new_page(viewport=DESK)
    log_in(page, live_app, "bureau_admin")
    page.goto(live_app + "/policies/?q=土地+优惠")
    page.locator("#results .zs-policy a.fw-semibold").first.click()
    page.wait_for_selector("#policy-projects")
    page.locator("#policy-projects a").first.click()
    page.wait_for_url(re.compile(r"/projects/[^/]+/$"))
    panel = page.locator("#project-incentives")
    panel.scroll_into_view_if_needed()
    names = panel.locator(".zs-match .fw-semibold").all_inner_texts()
    assert "工业项目土地出让补助" in names
    amounts = panel.locator(".zs-amount").all_inner_texts()
    assert amounts and all(re.search(r"\d+\.\d\d$", a) for a in amounts)
    assert re.fullmatch(r"[\d,]+\.\d\d", panel.locator("#incentive-total").inner_text())
    assert "沧澜县招商引资优惠政策若干规定" in panel.inner_text()
    screenshot(page, "policies-project.png")


def test_the_lookup_on_a_phone(new_page, live_app):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_app, "zone1_staff")
    page.goto(live_app + "/policies/lookup/")
    page.select_option("#id_platform", "zone1")
    page.select_option("#id_project_type", "new")
    page.fill("#id_total_investment", "8000")
    page.fill("#id_land_area_mu", "60")
    page.fill("#id_floor_area", "2000")
    page.click("#lookup-button")
    page.wait_for_selector("#lookup-results")
    rent = page.locator(".zs-match", has_text="标准厂房前三年免租")
    # 3 years × 2,000 m² × 8 yuan × 12 months ÷ 10,000
    assert rent.locator(".zs-amount").inner_text() == "57.60"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "policies-lookup-phone.png")
