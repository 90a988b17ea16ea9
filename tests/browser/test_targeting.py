"""Targeting in Chromium: a resident group's staff member records a trip to Beijing with three
visits on a phone, turns one visit into a lead and the lead into a project whose page keeps the
lead, the visit and the investor's timeline; the chain map shows weak links and opens them."""

import re

from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}
LEAD_NAME = "京华装备扩产项目"


def _choose(page, selector, index):
    """Pick the ``index``-th real option (after "please choose") of a select."""
    value = page.eval_on_selector(
        selector, f"el => Array.from(el.options).filter(o => o.value)[{index}].value"
    )
    page.select_option(selector, value)
    return page.eval_on_selector(selector, "el => el.options[el.selectedIndex].text")


def test_resident_group_records_a_trip_whose_visit_becomes_a_lead_then_a_project(
    new_page, live_app
):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_app, "bj_group_staff")
    page.goto(live_app + "/targeting/trips/new/")
    _choose(page, "#id_unit", 0)
    page.fill("#id_title", "赴北京装备制造企业专题招商")
    page.select_option("#id_region", label="北京市")
    page.fill("#id_city", "北京")
    today = page.evaluate("new Date().toLocaleDateString('sv-SE')")
    page.fill("#id_start_date", today)
    page.fill("#id_end_date", today)
    page.fill("#id_budget", "2.5")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/targeting/trips/[0-9a-f-]+/$"))
    trip_url = page.url
    assert page.inner_text("#trip-title") == "赴北京装备制造企业专题招商"

    visited = []
    for n in range(3):
        visited.append(_choose(page, "#id_investor", n))
        page.fill("#id_date", today)
        page.fill("#id_summary", f"第{n + 1}家：介绍投资环境和项目册，对方有扩产意向。")
        page.fill("#id_outcome", "有投资意向")
        page.click("#save-visit")
        page.wait_for_url(trip_url)
        assert page.inner_text("#visit-count") == str(n + 1)
    assert all(name in page.inner_text("#trip-visits") for name in visited)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "targeting-trip-phone.png")

    page.click(f"#trip-visits a:has-text('{visited[0]}')")
    page.wait_for_selector("#make-lead")
    visit_url = page.url
    page.click("#make-lead")
    page.fill("#id_name", LEAD_NAME)
    page.fill("#id_total_investment", "30000")
    _choose(page, "#id_link", 0)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/targeting/leads/[0-9a-f-]+/$"))
    assert page.inner_text("#lead-name") == LEAD_NAME
    assert "待跟进" in page.inner_text("#lead-status")

    page.click("#convert-lead")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/projects/P\d{4}-\d{5}/$"))
    panel = page.locator("#targeting-panel")
    assert LEAD_NAME in panel.inner_text()
    assert panel.locator(f"a[href='{visit_url.removeprefix(live_app)}']").count() == 1
    screenshot(page, "targeting-project-panel-phone.png")

    panel.locator("#panel-investor a").click()
    page.wait_for_url(re.compile(r"/targeting/investors/[0-9a-f-]+/$"))
    timeline = page.inner_text("#timeline")
    assert LEAD_NAME in timeline and "第1家" in timeline and "洽谈" in timeline


def test_chain_map_shows_weak_links_and_opens_them(new_page, live_app):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_app, "zone1_staff")
    page.goto(live_app + "/targeting/chains/")
    page.click("#chain-cards a:has-text('钢铁产业链')")
    page.wait_for_selector("#chain-map svg")
    weak = page.inner_text("#weak-links")
    assert "球团烧结" in weak and "冶炼轧钢" not in weak
    # Weak links are drawn in red in the map.
    assert page.locator("#chain-map svg text", has_text="球团烧结").count() == 1
    screenshot(page, "targeting-chain-map.png")
    page.locator("#chain-map svg text", has_text="球团烧结").click()
    page.wait_for_url(re.compile(r"/targeting/links/pellet/$"))
    assert page.locator("#weak-badge").is_visible()
    assert "没有本地企业" in page.inner_text("#link-locals")

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(phone, live_app, "zone1_staff")
    phone.goto(live_app + "/targeting/chains/steel/")
    phone.wait_for_selector("#chain-map svg")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "targeting-chain-map-phone.png")
