"""A unit's investment staff registers a project and moves it 洽谈 → 签约 in Chromium: refused
until the team and the contract are there, then accepted, with the timeline showing it."""

import re

from tests.browser.conftest import log_in, screenshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _select_by_text(page, selector, text):
    value = page.eval_on_selector(
        selector,
        "(el, text) => [...el.options].find(o => o.textContent.includes(text))?.value",
        text,
    )
    assert value, f"no option containing {text!r} in {selector}"
    page.select_option(selector, value)


def test_staff_registers_and_signs_a_project(new_page, live_app, tmp_path):
    page = new_page(viewport={"width": 1366, "height": 900})
    log_in(page, live_app, "zone1_staff")
    page.goto(live_app + "/projects/new/")
    page.fill("#id_name", "年产20万吨高端装备铸件项目")
    page.fill("#id_investor_name", "天津滨海重工装备有限公司")
    _select_by_text(page, "#id_unit", "沧澜经济开发区")
    _select_by_text(page, "#id_origin_region", "天津")
    _select_by_text(page, "#id_industry", "通用设备制造业")
    page.fill("#id_total_investment", "45000")
    page.fill("#id_next_action", "赴天津洽谈合同条款")
    page.click("#project-form button[type=submit]")
    page.wait_for_url(re.compile(r"/projects/P\d{4}-\d{5}/$"))
    assert "洽谈" in page.inner_text("#project-stage")
    detail_url = page.url

    # 洽谈 → 签约 is refused and says what is missing.
    page.click("#advance-button")
    page.wait_for_load_state()
    alert = page.inner_text(".alert-danger")
    assert "签约日期" in alert and "签约合同文件" in alert and "项目班子" in alert
    assert "洽谈" in page.inner_text("#project-stage")
    screenshot(page, "project-refused.png")

    # Supply the team and the signing data, then the contract.
    page.click("#edit-project")
    page.fill("#id_signing_date", "2026-11-20")
    page.fill("#id_signed_amount", "45000")
    _select_by_text(page, "#id_team_leader", "李志强")
    _select_by_text(page, "#id_team_unit", "沧澜经济开发区")
    _select_by_text(page, "#id_team_manager", "吴海涛")
    _select_by_text(page, "#id_team_assistant", "郑丽娜")
    page.click("#project-form button[type=submit]")
    page.wait_for_url(detail_url)
    contract = tmp_path / "投资合同.pdf"
    contract.write_bytes(PDF)
    page.select_option("#evidence select[name=kind]", "contract")
    page.set_input_files("#evidence input[type=file]", str(contract))
    page.click("#evidence button[type=submit]")
    page.wait_for_url(detail_url)
    assert "投资合同.pdf" in page.inner_text("#evidence")

    page.fill("#advance-note", "双方正式签约")
    page.click("#advance-button")
    page.wait_for_load_state()
    assert "签约" in page.inner_text("#project-stage")
    timeline = page.inner_text("#timeline")
    assert "洽谈 → 签约" in timeline and "双方正式签约" in timeline
    screenshot(page, "project-signed.png")


def test_board_refuses_a_skip_and_leaves_the_card(new_page, live_app):
    page = new_page(viewport={"width": 1366, "height": 900})
    log_in(page, live_app, "zone1_staff")
    page.goto(live_app + "/projects/new/")
    page.fill("#id_name", "智慧冷链物流园项目")
    page.fill("#id_investor_name", "上海东方冷链物流有限公司")
    _select_by_text(page, "#id_unit", "沧澜经济开发区")
    _select_by_text(page, "#id_origin_region", "上海")
    _select_by_text(page, "#id_industry", "装卸搬运和仓储业")
    page.fill("#id_total_investment", "12000")
    page.click("#project-form button[type=submit]")
    page.wait_for_url(re.compile(r"/projects/P\d{4}-\d{5}/$"))
    code = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(live_app + "/projects/board/")
    card = page.locator(f'.zs-card[data-code="{code}"]')
    card.drag_to(page.locator('.zs-kanban-col[data-stage="landed"] .zs-kanban-drop'))
    page.wait_for_selector("#kanban-message.alert-danger")
    assert "不能跳过阶段" in page.inner_text("#kanban-message")
    still = f'.zs-kanban-col[data-stage="negotiating"] .zs-card[data-code="{code}"]'
    assert page.locator(still).count() == 1
    screenshot(page, "board-refused.png")
