"""zh-Hans is the default language and its catalogue is complete; English can be chosen."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_every_source_string_is_in_the_catalogue(tmp_path):
    """Re-extract the strings from a copy of the sources: a new string not yet translated
    shows up as untranslated (or fuzzy) in the merged catalogue."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    for name in ("zhaoshang", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    po = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source_catalogue():
    """The committed .mo must be compiled from the committed .po (make messages)."""
    po = polib.pofile(str(PO))
    with translation.override("zh-hans"):
        stale = [
            e.msgid for e in po if not e.msgid_plural and translation.gettext(e.msgid) != e.msgstr
        ]
    assert stale == []


@pytest.mark.django_db
def test_pages_are_chinese_by_default_even_for_an_english_browser(client):
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "登录" in body and 'lang="zh-hans"' in body


@pytest.mark.django_db
def test_english_can_be_chosen(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    body = client.get("/accounts/login/").content.decode()
    assert "Log in" in body and 'lang="en"' in body


def test_time_zone_is_shanghai(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
