#!/usr/bin/env python3
"""Take the user guide's screenshots from a running demo (``make run``) with Debian Chromium.

Usage: .venv/bin/python scripts/guide_screenshots.py [BASE_URL] [OUTPUT_DIR] [NAME …]
Defaults: http://127.0.0.1:8000 and docs/guide/img; with names, only those shots are taken.

Each shot is (file, user, path, width) or (file, user, path, width, options). Options:

- ``open``: a CSS selector; after loading ``path`` the first matching link is followed. Project
  codes depend on the day the demo was seeded, so pages of one project are reached from a list
  filtered by the project's name, which does not.
- ``then``: the name of a function below, run on the page before the picture is taken (open a
  menu, submit a form that the server refuses, drag a card…).
- ``full_page``: False for a picture of the first screen only (long lists); default True.
- ``height``: the viewport height for this shot.
- ``clip``: a height in pixels; only the top of the page is taken.
- ``scroll``: a CSS selector; the page is scrolled to it and the screen is taken from there.

Only two shots write to the demo: ``spot-check.png`` draws one spot check with a fixed seed the
first time (it is reused afterwards), and the import preview stores an uploaded file that is
never imported. Every other action is one the server refuses or a page that is only read.

Not taken here: ``login-error.png`` (a failed log-in) and ``password-forced.png`` (an account that
must change its password), which need a state the demo does not have.
"""

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = os.environ.get("DEMO_PASSWORD", "Demo@2026zs")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Date fields and the file button in Chinese where Chromium's Chinese locale is installed.
    "--lang=zh-CN",
]

# Demo projects reached by name (the names are the same whatever day the demo was seeded).
STARTED = "/projects/?q=预应力钢绞线智能化生产线项目"
# Stages by the numbers the default pipeline gives them: 1 洽谈, 7 暂缓.
NEGOTIATING = "/projects/?stage=1&o=code"
PAUSED = "/projects/?stage=7&o=code"
SPLIT = "/projects/?q=兽用疫苗生产基地项目"
FIRST_ROW = "table tbody tr td a"
SPOT_TITLE = "2026年一季度落地项目现场抽查"
SPOT_SEED = 20260301

SHOTS = [
    ("login.png", None, "/accounts/login/", 1280),
    ("login-phone.png", None, "/accounts/login/", 390),
    ("home-staff.png", "zone1_staff", "/", 1280),
    ("home-staff-phone.png", "zone1_staff", "/", 390),
    ("phone-menu.png", "zone1_staff", "/", 390, {"then": "open_phone_menu", "full_page": False}),
    ("home-head.png", "zone1_head", "/", 1280),
    ("home-leader.png", "county_leader", "/", 1280),
    ("home-sysadmin.png", "sysadmin", "/", 1280),
    ("home-secadmin.png", "secadmin", "/", 1280),
    ("home-auditor.png", "auditor", "/", 1280),
    ("admin-menu.png", "bureau_admin", "/", 1280, {"then": "open_admin_menu", "clip": 400}),
    ("units.png", "sysadmin", "/org/units/", 1280),
    ("units-phone.png", "sysadmin", "/org/units/", 390),
    ("unit-detail.png", "zone1_head", "/org/units/zone1/", 1280),
    ("unit-new.png", "sysadmin", "/org/units/new/", 1280),
    ("users.png", "sysadmin", "/org/users/", 1280, {"full_page": False}),
    ("user-new.png", "sysadmin", "/org/users/new/", 1280),
    ("user-detail.png", "sysadmin", "/org/users/?q=zone1_staff", 1280, {"open": FIRST_ROW}),
    (
        "user-menu.png",
        "sysadmin",
        "/org/users/?q=zone1_staff",
        1280,
        {"open": FIRST_ROW, "then": "open_user_menu", "clip": 260},
    ),
    (
        "user-edit.png",
        "sysadmin",
        "/org/users/?q=zone1_staff",
        1280,
        {"open": FIRST_ROW, "then": "click_edit"},
    ),
    (
        "user-reset.png",
        "sysadmin",
        "/org/users/?q=cadre1",
        1280,
        {"open": FIRST_ROW, "then": "click_reset"},
    ),
    ("roles.png", "secadmin", "/org/roles/", 1280, {"full_page": False}),
    ("role-new.png", "zone1_head", "/org/roles/new/", 1280),
    ("audit.png", "auditor", "/audit/", 1366, {"full_page": False}),
    (
        "audit-changes.png",
        "auditor",
        "/audit/?action=update",
        1366,
        {"then": "expand_first_change", "full_page": False},
    ),
    ("audit-phone.png", "auditor", "/audit/", 390, {"full_page": False}),
    ("password.png", "zone1_staff", "/accounts/password/", 1280),
    # Projects
    ("projects.png", "zone1_staff", "/projects/", 1280, {"full_page": False, "height": 1300}),
    ("projects-bureau.png", "bureau_admin", "/projects/", 1280, {"full_page": False}),
    ("projects-phone.png", "zone1_staff", "/projects/", 390, {"full_page": False}),
    (
        "projects-phone-table.png",
        "zone1_staff",
        "/projects/",
        390,
        {"full_page": False, "scroll": "main table"},
    ),
    ("project-detail.png", "zone1_staff", STARTED, 1280, {"open": FIRST_ROW}),
    (
        "project-refused.png",
        "zone1_staff",
        NEGOTIATING,
        1280,
        {"open": FIRST_ROW, "then": "advance", "full_page": False},
    ),
    (
        "project-pause.png",
        "zone1_staff",
        NEGOTIATING,
        1280,
        {"open": FIRST_ROW, "then": "open_pause", "clip": 330},
    ),
    (
        "project-drop.png",
        "zone1_staff",
        NEGOTIATING,
        1280,
        {"open": FIRST_ROW, "then": "open_drop", "clip": 330},
    ),
    ("project-paused.png", "zone1_staff", PAUSED, 1280, {"open": FIRST_ROW, "clip": 330}),
    ("project-new.png", "zone1_staff", "/projects/new/", 1280),
    (
        "project-conflict.png",
        "zone1_staff",
        STARTED,
        1280,
        {"open": FIRST_ROW, "then": "save_stale_edit", "full_page": False},
    ),
    ("credit.png", "bureau_admin", SPLIT, 1280, {"open": FIRST_ROW, "then": "open_credit"}),
    ("enterprises.png", "zone1_staff", "/projects/enterprises/", 1280, {"full_page": False}),
    (
        "enterprise-new.png",
        "zone1_staff",
        "/projects/enterprises/new/",
        1280,
        {"then": "bad_credit_code"},
    ),
    ("board.png", "zone1_staff", "/projects/board/", 1280, {"full_page": False}),
    (
        "board-refused.png",
        "zone1_staff",
        "/projects/board/",
        1280,
        {"then": "drag_card", "clip": 520},
    ),
    ("board-phone.png", "zone1_staff", "/projects/board/", 390, {"full_page": False}),
    ("lead.png", "cadre1", "/projects/lead/", 1280),
    ("import.png", "zone1_staff", "/projects/import/", 1280),
    ("import-preview.png", "zone1_staff", "/projects/import/", 1280, {"then": "upload_ledger"}),
    # The bureau
    ("integrity.png", "bureau_admin", "/projects/integrity/", 1280),
    ("flags.png", "bureau_admin", "/projects/integrity/flags/", 1280),
    (
        "flag.png",
        "bureau_admin",
        "/projects/integrity/flags/?q=锂电池正极材料",
        1280,
        {"open": FIRST_ROW},
    ),
    (
        "spot-check.png",
        "bureau_admin",
        "/projects/integrity/spot-checks/",
        1280,
        {"then": "spot_check"},
    ),
    ("spot-checks.png", "bureau_admin", "/projects/integrity/spot-checks/", 1280),
    (
        "verify-queue.png",
        "bureau_admin",
        "/projects/integrity/verification/",
        1280,
        {"full_page": False},
    ),
    (
        "project-verify.png",
        "bureau_admin",
        "/projects/integrity/verification/",
        1280,
        {"open": FIRST_ROW, "full_page": False},
    ),
    ("settings.png", "bureau_admin", "/projects/settings/", 1280),
    ("settings-stage.png", "bureau_admin", "/projects/settings/stages/signed/", 1280),
    ("settings-county.png", "bureau_admin", "/projects/settings/county/", 1280),
    ("reference.png", "bureau_admin", "/reference/", 1280),
    # Assessment: method, scores, breakdown, adjustments, published ranking
    ("assessment-hub.png", "bureau_admin", "/assessment/", 1280),
    ("assessment-method.png", "bureau_admin", "/assessment/2025/method/", 1280),
    (
        "assessment-method-edit.png",
        "bureau_admin",
        "/assessment/2025/method/edit/",
        1280,
        {"full_page": False},
    ),
    (
        "assessment-method-errors.png",
        "bureau_admin",
        "/assessment/2025/method/edit/",
        1280,
        {"then": "break_method", "full_page": False},
    ),
    (
        "assessment-scores.png",
        "bureau_admin",
        "/assessment/2025/scores/",
        1366,
        {"full_page": False},
    ),
    ("assessment-breakdown.png", "bureau_admin", "/assessment/2025/scores/zone1/", 1280),
    (
        "assessment-breakdown-phone.png",
        "zone1_staff",
        "/assessment/2025/scores/zone1/",
        390,
        {"full_page": False},
    ),
    ("assessment-items.png", "bureau_admin", "/assessment/2025/items/", 1280),
    ("assessment-adjustments.png", "county_leader", "/assessment/2025/adjustments/", 1280),
    (
        "assessment-ranking.png",
        "county_leader",
        "/assessment/",
        1366,
        {"open": "#year-2025 a[href*='/rankings/']", "full_page": False},
    ),
    (
        "assessment-promotion.png",
        "county_leader",
        "/assessment/",
        1280,
        {"open": "#year-2025 a[href*='/rankings/']", "then": "open_promotion"},
    ),
    # Targeting: investors, trips, leads, chains, platforms, catalogue and the matrix.
    ("targeting-hub.png", "bj_group_staff", "/targeting/", 1280),
    (
        "targeting-investors.png",
        "bj_group_staff",
        "/targeting/investors/",
        1280,
        {"full_page": False},
    ),
    (
        "targeting-investor.png",
        "bj_group_staff",
        "/targeting/investors/?q=京华智能装备",
        1280,
        {"open": "#investor-table tbody a"},
    ),
    ("targeting-duplicates.png", "bureau_admin", "/targeting/investors/duplicates/", 1280),
    ("targeting-trips.png", "bj_group_staff", "/targeting/trips/", 1280),
    (
        "targeting-trip.png",
        "bj_group_staff",
        "/targeting/trips/",
        1280,
        {"open": "#trip-table tbody a"},
    ),
    (
        "targeting-trip-phone.png",
        "bj_group_staff",
        "/targeting/trips/",
        390,
        {"open": "#trip-table tbody a"},
    ),
    ("targeting-leads.png", "zone1_staff", "/targeting/leads/", 1280),
    ("targeting-chains.png", "zone1_staff", "/targeting/chains/", 1280),
    ("targeting-chain-map.png", "zone1_staff", "/targeting/chains/steel/", 1280),
    ("targeting-chain-map-phone.png", "zone1_staff", "/targeting/chains/steel/", 390),
    ("targeting-link.png", "zone1_staff", "/targeting/links/pellet/", 1280),
    ("targeting-platforms.png", "zone1_staff", "/targeting/platforms/", 1280),
    ("targeting-catalogue.png", "bureau_admin", "/targeting/catalogue/", 1280),
    ("targeting-matrix.png", "county_leader", "/targeting/matrix/", 1280, {"full_page": False}),
    # Mechanisms: review, procedures and the ranking, meetings, problems, the calendar. Stage 3 is
    # 审批: moving such a project on to 落地 is refused while its procedures are open.
    ("mechanisms-hub-phone.png", "approval_sthj", "/mechanisms/", 390),
    ("mechanisms-reviews.png", "bureau_admin", "/mechanisms/reviews/", 1280, {"full_page": False}),
    (
        "mechanisms-review.png",
        "approval_zrzy",
        "/mechanisms/reviews/?status=open",
        1280,
        {"open": "#review-table tbody a"},
    ),
    ("mechanisms-catalogue.png", "bureau_admin", "/mechanisms/procedures/catalogue/", 1280),
    (
        "mechanisms-procedures.png",
        "approval_zrzy",
        "/mechanisms/procedures/",
        1280,
        {"full_page": False},
    ),
    (
        "mechanisms-procedure.png",
        "approval_zrzy",
        "/mechanisms/procedures/?status=accepted",
        1280,
        {"open": "#procedure-table tbody td a"},
    ),
    (
        "mechanisms-gate-refused.png",
        "bureau_admin",
        "/projects/?stage=3&o=code",
        1280,
        {"open": FIRST_ROW, "then": "advance", "clip": 500},
    ),
    ("mechanisms-ranking.png", "county_leader", "/mechanisms/procedures/ranking/", 1280),
    (
        "mechanisms-meeting.png",
        "county_leader",
        "/mechanisms/meetings/",
        1280,
        {"open": "#meeting-list a:nth-child(2)"},
    ),
    (
        "mechanisms-problems.png",
        "county_leader",
        "/mechanisms/problems/?status=open",
        1280,
        {"full_page": False},
    ),
    ("calendar.png", "bureau_admin", "/reference/calendar/?year=2026", 1280),
    # Policies: the library, incentive rules, the phone lookup, handbooks, a project's panel
    ("policies-search.png", "zone1_staff", "/policies/?q=标准厂房+租金", 1280),
    ("policies-search-phone.png", "zone1_staff", "/policies/?q=土地+优惠", 390),
    (
        "policies-detail.png",
        "bureau_admin",
        "/policies/?q=标准厂房+租金",
        1280,
        {"open": "#results .zs-policy a.fw-semibold"},
    ),
    ("policies-new.png", "bureau_admin", "/policies/new/", 1280),
    ("policies-import.png", "bureau_admin", "/policies/import/", 1280),
    ("policies-rules.png", "zone1_staff", "/policies/incentives/", 1280),
    (
        "policies-lookup-phone.png",
        "zone1_staff",
        "/policies/lookup/?total_investment=8000&land_area_mu=60&platform=zone1"
        "&project_type=new&floor_area=2000",
        390,
    ),
    ("policies-handbooks.png", "bureau_admin", "/policies/handbooks/", 1280),
    (
        "policies-project.png",
        "zone1_staff",
        STARTED,
        1280,
        {"open": FIRST_ROW, "scroll": "#project-incentives", "full_page": False},
    ),
]


# --- actions run before a picture ----------------------------------------------------------


def open_phone_menu(page, base):
    page.click(".navbar-toggler")
    page.wait_for_selector("#zs-nav.show")
    page.wait_for_timeout(400)


def open_admin_menu(page, base):
    page.click("#admin-menu")
    page.wait_for_selector("#admin-menu + .dropdown-menu.show")


def open_user_menu(page, base):
    page.click("#user-menu")
    page.wait_for_selector("#user-menu + .dropdown-menu.show")


def click_edit(page, base):
    page.click("main a[href$='/edit/']")
    page.wait_for_load_state()


def click_reset(page, base):
    page.click("main a[href$='/password/']")
    page.wait_for_load_state()


def expand_first_change(page, base):
    page.click("main table tbody details summary")


def advance(page, base):
    """Move a 洽谈 project on without its contract: the server refuses and names what lacks."""
    page.click("#advance-button")
    page.wait_for_load_state()


def break_method(page, base):
    """Save the method with a word where a number belongs: the server lists what is wrong."""
    text = page.input_value("#id_text").replace("points: 30\n", "points: 三十\n", 1)
    page.fill("#id_text", text)
    page.click("#save-method")
    page.wait_for_load_state()


def open_promotion(page, base):
    page.click("a[href$='/promotion/']")
    page.wait_for_load_state()


def open_pause(page, base):
    page.click("#stage-actions details summary.btn-outline-secondary")


def open_drop(page, base):
    page.click("#stage-actions details summary.btn-outline-danger")


def save_stale_edit(page, base):
    """Save the edit form as if someone else had saved the project after it was opened."""
    page.click("#edit-project")
    page.wait_for_load_state()
    page.eval_on_selector("#id_version", "e => { e.value = String(Number(e.value) - 1); }")
    page.click("#project-form button[type=submit]")
    page.wait_for_load_state()


def open_credit(page, base):
    page.click("a[href$='/credit/']")
    page.wait_for_load_state()


def bad_credit_code(page, base):
    """A code with a wrong check character is refused, and nothing is saved."""
    page.fill("#id_name", "沧澜示例科技有限公司")
    page.fill("#id_credit_code", "91130900MA0A1B2C3D")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def drag_card(page, base):
    """Drag the first 洽谈 card onto 签约: the server refuses and the card goes back."""
    card = page.locator(".zs-kanban-col[data-stage=negotiating] .zs-card").first
    target = page.locator(".zs-kanban-col[data-stage=signed] .zs-kanban-drop")
    card.drag_to(target, target_position={"x": 60, "y": 30})
    page.wait_for_selector("#kanban-message.alert-danger, #kanban-message.alert-success")


def spot_check(page, base):
    """Open the draw with the fixed title, drawing it first if there is none yet."""
    link = page.locator("#draws table a", has_text=SPOT_TITLE)
    if link.count():
        link.first.click()
    else:
        page.fill("#id_title", SPOT_TITLE)
        page.fill("#id_size", "8")
        page.fill("#id_seed", str(SPOT_SEED))
        page.click("#draw-button")
    page.wait_for_selector("#reproduce")


def upload_ledger(page, base):
    """Upload a unit's own ledger (title row, merged two-row header, amounts and dates written
    the usual ways, two bad rows and one project already registered) and show the preview."""
    known = _registered_project(page, base)
    page.goto(base + "/projects/import/")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "经开区招商项目台账.xlsx"
        _write_ledger(path, known)
        page.set_input_files("#id_file", str(path))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("#import-counts")
    page.click("#column-mapping summary")


def _registered_project(page, base):
    """Name and investor of one of the unit's registered projects, as its page shows them."""
    page.goto(base + STARTED)
    page.click(FIRST_ROW)
    page.wait_for_load_state()
    name = page.inner_text("main h1").strip()
    investor = page.locator("main dl dd").first.inner_text().split(" · ")[0].strip()
    return name, investor


# The ledger uploaded for the preview: a title row, a header over two rows, one project per row
# ("|" between cells). {name} and {investor} are a registered project's; {excel_date} becomes a
# real date cell. Row 5 has an unknown industry and a date that does not exist; row 6 claims 签约.
LEDGER_TITLE = "沧澜经济开发区2026年招商引资项目台账"
LEDGER_HEADER = "序号|项目名称|投资主体|来源地|所属行业|投资额||签约时间|当前阶段|备注"
LEDGER_SUBHEADER = "|||||计划总投资|已到位资金|||"
LEDGER_ROWS = """
1|碳纤维复合材料项目|江苏恒辉新材料有限公司|江苏省苏州市|30|6亿|0|2026.3.5|洽谈|已赴苏州对接
2|智能农机装备产业园项目|山东润丰农业装备集团有限公司|山东|35|1.2亿元|800万元|2026年3月12日||
3|冷链物流分拨中心项目|天津顺达供应链管理有限公司|天津市|59|8000万元||{excel_date}|在谈|
4|{name}|{investor}|河北省|31|50000||||台账中已有的项目
5|高端医用敷料生产项目|北京康瑞医疗科技有限公司|北京市|医疗器械|3亿元||2026-02-30||
6|年产2万吨再生铝项目|河南豫通金属材料有限公司|河南省|32 有色金属冶炼和压延加工业|2亿|||签约|
合计|||||||||
"""
MERGED = ("A1:J1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:G2", "H2:H3", "I2:I3", "J2:J3")


def _cells(line, known=("", "")):
    values = {"{name}": known[0], "{investor}": known[1], "{excel_date}": datetime(2026, 2, 20)}
    return [values.get(cell, cell) or None for cell in line.split("|")]


def _write_ledger(path, known):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "2026年"
    sheet.append([LEDGER_TITLE])
    sheet.append(_cells(LEDGER_HEADER))
    sheet.append(_cells(LEDGER_SUBHEADER))
    for line in LEDGER_ROWS.strip().splitlines():
        sheet.append(_cells(line, known))
    for cells in MERGED:
        sheet.merge_cells(cells)
    book.save(path)


# --- the run -------------------------------------------------------------------------------


def _context(browser, base, user, width):
    phone = width < 500
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 800},
        is_mobile=phone,
        has_touch=phone,
        locale="zh-CN",
    )
    page = context.new_page()
    # A refused action on a form with a confirmation question is confirmed, as a user would.
    page.on("dialog", lambda dialog: dialog.accept())
    if user:
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", user)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(base + "/")
    return context, page


def take(page, base, out, shot):
    name, _user, path, width, *rest = shot
    options = rest[0] if rest else {}
    phone = width < 500
    height = options.get("height", 844 if phone else 800)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base + path)
    if options.get("open"):
        page.click(options["open"])
        page.wait_for_load_state()
    if options.get("then"):
        globals()[options["then"]](page, base)
    if options.get("scroll"):
        # Just below the menu bar, which stays at the top of the screen.
        page.eval_on_selector(
            options["scroll"],
            "e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 70)",
        )
    else:
        page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    target = str(out / name)
    if options.get("clip"):
        page.screenshot(
            path=target, clip={"x": 0, "y": 0, "width": width, "height": options["clip"]}
        )
    else:
        page.screenshot(path=target, full_page=options.get("full_page", True))
    print(target)


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "guide" / "img"
    wanted = set(sys.argv[3:])
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        contexts = {}
        for shot in SHOTS:
            name, user, _path, width, *rest = shot
            if wanted and name not in wanted:
                continue
            key = (user, width)
            if key not in contexts:
                contexts[key] = _context(browser, base, user, width)
            take(contexts[key][1], base, out, shot)
        browser.close()


if __name__ == "__main__":
    main()
