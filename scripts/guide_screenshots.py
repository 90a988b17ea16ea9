#!/usr/bin/env python3
"""Take the user guide's screenshots from a running demo (``make run``) with Debian Chromium.

Usage: .venv/bin/python scripts/guide_screenshots.py [BASE_URL] [OUTPUT_DIR]
Defaults: http://127.0.0.1:8000 and docs/guide/img. Each shot is (file, user, path, width).
"""

import os
import sys
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
]

SHOTS = [
    ("login.png", None, "/accounts/login/", 1280),
    ("login-phone.png", None, "/accounts/login/", 390),
    ("home-staff.png", "zone1_staff", "/", 1280),
    ("home-staff-phone.png", "zone1_staff", "/", 390),
    ("home-leader.png", "county_leader", "/", 1280),
    ("home-sysadmin.png", "sysadmin", "/", 1280),
    ("home-secadmin.png", "secadmin", "/", 1280),
    ("home-auditor.png", "auditor", "/", 1280),
    ("units.png", "sysadmin", "/org/units/", 1280),
    ("units-phone.png", "sysadmin", "/org/units/", 390),
    ("unit-detail.png", "zone1_head", "/org/units/zone1/", 1280),
    ("unit-new.png", "sysadmin", "/org/units/new/", 1280),
    ("users.png", "sysadmin", "/org/users/", 1280),
    ("user-new.png", "sysadmin", "/org/users/new/", 1280),
    ("roles.png", "secadmin", "/org/roles/", 1280),
    ("role-new.png", "zone1_head", "/org/roles/new/", 1280),
    ("audit.png", "auditor", "/audit/", 1366),
    ("audit-phone.png", "auditor", "/audit/", 390),
    ("password.png", "zone1_staff", "/accounts/password/", 1280),
]


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "guide" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        contexts = {}
        for name, user, path, width in SHOTS:
            key = (user, width)
            if key not in contexts:
                phone = width < 500
                context = browser.new_context(
                    viewport={"width": width, "height": 844 if phone else 800},
                    is_mobile=phone,
                    has_touch=phone,
                    locale="zh-CN",
                )
                page = context.new_page()
                if user:
                    page.goto(base + "/accounts/login/")
                    page.fill("#id_username", user)
                    page.fill("#id_password", PASSWORD)
                    page.click("#login-form button[type=submit]")
                    page.wait_for_url(base + "/")
                contexts[key] = page
            page = contexts[key]
            page.goto(base + path)
            page.screenshot(path=str(out / name), full_page=True)
            print(out / name)
        browser.close()


if __name__ == "__main__":
    main()
