"""Log-in, navigation, log-out and lock-out, driven through the real pages in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, log_in, screenshot

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
GENERIC_ERROR = "用户名或密码错误"


def login_url(base_url):
    return re.compile(re.escape(base_url) + r"/accounts/login/")


def home_url(base_url):
    return re.compile(re.escape(base_url) + r"/$")


def test_zone1_staff_logs_in_sees_chinese_navigation_and_logs_out(new_page, live_app):
    page = new_page(viewport=DESKTOP)
    page.goto(live_app + "/")
    expect(page).to_have_url(login_url(live_app))
    expect(page.locator("#login-form")).to_be_visible()

    page.fill("#id_username", "zone1_staff")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
    expect(page).to_have_url(home_url(live_app))

    nav = page.locator("ul#main-nav")
    expect(nav).to_be_visible()
    expect(nav).to_contain_text("首页")
    expect(nav).to_contain_text("项目")
    expect(nav).to_contain_text("系统管理")
    expect(page.locator("body")).to_contain_text("郑丽娜")
    expect(page.locator("#user-menu")).to_contain_text("郑丽娜")
    screenshot(page, "login-desktop-home.png")

    page.click("#user-menu")
    logout = page.locator("#logout-button")
    expect(logout).to_be_visible()
    expect(logout).to_contain_text("退出登录")
    with page.expect_navigation():
        logout.click()
    expect(page).to_have_url(login_url(live_app))
    expect(page.locator("#login-form")).to_be_visible()

    # The session is gone: the home page sends us back to the log-in page.
    page.goto(live_app + "/")
    expect(page).to_have_url(login_url(live_app))
    expect(page.locator("#login-form")).to_be_visible()


def test_phone_width_navigation(new_page, live_app):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_app, "zone1_staff")
    expect(page).to_have_url(home_url(live_app))
    screenshot(page, "home-phone.png")

    nav = page.locator("#zs-nav")
    toggler = page.locator("button.navbar-toggler")
    expect(toggler).to_be_visible()
    expect(nav).to_be_hidden()
    toggler.click()
    expect(nav).to_be_visible()
    expect(nav).to_have_class(re.compile(r"\bshow\b"))
    # Wait for the slide-in transition to finish before looking and taking the picture.
    page.wait_for_function(
        "() => { const el = document.querySelector('#zs-nav');"
        " return el.classList.contains('show') && !el.classList.contains('showing')"
        " && el.getBoundingClientRect().left >= 0; }"
    )
    expect(page.locator("ul#main-nav a.nav-link", has_text="首页")).to_be_visible()
    screenshot(page, "nav-phone.png")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"] + 1, f"horizontal overflow: scrollWidth={scroll_width}"


def test_lockout_after_five_bad_passwords(new_page, live_app):
    page = new_page(viewport=DESKTOP)
    page.goto(live_app + "/accounts/login/")
    for attempt in range(1, 6):
        page.fill("#id_username", "cadre1")
        page.fill("#id_password", f"Wrong@pass{attempt}")
        with page.expect_navigation():
            page.click("#login-form button[type=submit]")
        expect(page).to_have_url(login_url(live_app))
        expect(page.locator("#login-error"), f"attempt {attempt}").to_contain_text(GENERIC_ERROR)

    # Locked: even the right password is refused, with the very same message.
    generic_message = page.locator("#login-error").inner_text()
    page.fill("#id_username", "cadre1")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
    expect(page).to_have_url(login_url(live_app))
    expect(page.locator("#login-error")).to_have_text(generic_message)
    expect(page.locator("#login-error")).to_contain_text(GENERIC_ERROR)
    expect(page.locator("ul#main-nav")).to_have_count(0)
    screenshot(page, "lockout.png")

    # Still locked on a fresh visit to the home page.
    page.goto(live_app + "/")
    expect(page).to_have_url(login_url(live_app))


def test_login_page_renders_in_chinese_on_phone(new_page, live_app):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_app + "/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#login-form button[type=submit]")).to_have_text("登录")
    expect(page.locator("label[for=id_username]")).to_have_text("用户名")
    expect(page.locator("label[for=id_password]")).to_have_text("密码")
    screenshot(page, "login-phone.png")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"] + 1, f"horizontal overflow: scrollWidth={scroll_width}"


def test_no_console_errors_and_nothing_loaded_from_other_hosts(new_page, live_app):
    page = new_page(viewport=DESKTOP)
    console_errors = []
    foreign_requests = []
    failed_requests = []
    page_errors = []
    page.on(
        "console",
        lambda msg: (
            console_errors.append(f"{msg.text} @ {msg.location.get('url')}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            foreign_requests.append(req.url)
            if not (req.url.startswith(live_app + "/") or req.url.startswith("data:"))
            else None
        ),
    )
    page.on("requestfailed", lambda req: failed_requests.append(f"{req.url}: {req.failure}"))
    bad_responses = []
    page.on(
        "response",
        lambda resp: (
            bad_responses.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None
        ),
    )

    log_in(page, live_app, "sysadmin")
    expect(page).to_have_url(home_url(live_app))
    expect(page.locator("ul#main-nav")).to_be_visible()
    # Bootstrap's JavaScript ran (the dropdown opens) and the icon font loaded.
    page.click("#user-menu")
    expect(page.locator("#logout-button")).to_be_visible()
    page.wait_for_load_state("networkidle")
    icon_font_loaded = page.evaluate(
        "async () => { await document.fonts.ready;"
        " return [...document.fonts].some(f => f.family.includes('bootstrap-icons')"
        " && f.status === 'loaded'); }"
    )

    assert foreign_requests == [], f"requests to other hosts: {foreign_requests}"
    assert console_errors == [], f"console errors (CSP violations show here): {console_errors}"
    assert page_errors == [], f"uncaught page errors: {page_errors}"
    assert failed_requests == [], f"failed requests: {failed_requests}"
    assert bad_responses == [], f"error responses: {bad_responses}"
    assert icon_font_loaded, "the bootstrap-icons font did not load"
