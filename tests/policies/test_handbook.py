"""Handbooks: the selection and its order, the DOCX in the bulletin's official layout with a
contents page, its rendering by LibreOffice, the kept editions and the print view."""

import datetime as dt
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.oxml.ns import qn

from zhaoshang.policies import services_handbooks, services_rules
from zhaoshang.policies.handbook_docx import numeral
from zhaoshang.policies.models import Handbook

pytestmark = pytest.mark.django_db
ARTIFACTS = "test-artifacts"


@pytest.fixture
def library(make_policy, categories):
    c = categories
    return {
        "central": make_policy(
            title="中央用地政策",
            level="central",
            issuer="国务院",
            doc_number="国发〔2021〕7号",
            categories=[c["land"]],
        ),
        "county_new": make_policy(
            title="县用地新政",
            issued_on=dt.date(2024, 5, 1),
            categories=[c["land"], c["tax"]],
            key_headings=["第二条"],
        ),
        "county_old": make_policy(
            title="县用地旧政", issued_on=dt.date(2020, 5, 1), categories=[c["land"]]
        ),
        "tax": make_policy(title="县税收政策", categories=[c["tax"]]),
        "talent": make_policy(title="县人才政策", categories=[c["talent"]]),
    }


def _compile(cast, categories, codes, **kwargs):
    return services_handbooks.handbook_compile(
        actor=cast["bureau_admin"],
        title="沧澜县招商引资政策汇编",
        compiler="沧澜县招商局",
        categories=[categories[c] for c in codes],
        **kwargs,
    )


def _document(edition):
    with edition.file.open("rb") as handle:
        return Document(BytesIO(handle.read()))


def test_sections_follow_the_categories_and_policies_go_from_the_centre_down(
    cast, categories, library
):
    edition = _compile(cast, categories, ["tax", "land", "talent"])
    paragraphs = _document(edition).paragraphs
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    # 用地 comes before 税收 in the categories' order; a policy in both is filed once, under 用地.
    assert headings == [
        ("Heading 1", "一、用地"),
        ("Heading 2", "（一）中央用地政策"),
        ("Heading 2", "（二）县用地新政"),
        ("Heading 2", "（三）县用地旧政"),
        ("Heading 1", "二、税收"),
        ("Heading 2", "（一）县税收政策"),
        ("Heading 1", "三、人才"),
        ("Heading 2", "（一）县人才政策"),
    ]
    assert edition.policies.count() == 5
    assert [c.code for c in edition.categories.order_by("position")] == ["land", "tax", "talent"]


def test_key_articles_and_the_source_are_printed(cast, categories, library):
    edition = _compile(cast, categories, ["land"])
    text = "\n".join(p.text for p in _document(edition).paragraphs)
    new_part = text.split("（二）县用地新政")[2].split("（三）")[0]
    assert "第二条" in new_part and "第一条" not in new_part
    assert "国务院　国发〔2021〕7号　2024年3月1日" in text


def test_the_document_has_a_cover_a_contents_field_and_the_official_styles(
    cast, categories, library
):
    document = _document(_compile(cast, categories, ["land", "tax"]))
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body and 'w:fldCharType="separate"' in body
    assert document.settings.element.find(qn("w:updateFields")) is not None
    assert document.paragraphs[4].style.name == "Title"
    assert document.paragraphs[4].text == "沧澜县招商引资政策汇编"
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.settings.odd_and_even_pages_header_footer


def test_a_selection_or_a_saved_search_narrows_the_handbook(cast, categories, library):
    edition = _compile(cast, categories, ["land", "tax"], policy_ids=[library["tax"].pk])
    assert list(edition.policies.all()) == [library["tax"]]
    saved = services_rules.saved_search_save(
        actor=cast["bureau_admin"], name="旧政", query="q=标准厂房&issued_before=2021-01-01"
    )
    edition = _compile(cast, categories, ["land"], saved_search=saved)
    assert list(edition.policies.all()) == [library["county_old"]]


def test_nothing_to_compile_is_refused_and_nothing_kept(cast, categories, library):
    with pytest.raises(ValidationError):
        _compile(cast, categories, ["finance"])
    with pytest.raises(ValidationError):
        _compile(cast, categories, [])
    with pytest.raises(PermissionDenied):
        services_handbooks.handbook_compile(
            actor=cast["unit_a_staff"],
            title="x",
            compiler="x",
            categories=[categories["land"]],
        )
    assert not Handbook.objects.exists()


def test_numerals():
    assert [numeral(n) for n in (1, 9, 10, 11, 20, 25)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十五",
    ]


def test_the_bureau_compiles_from_the_page_and_anyone_downloads_and_prints(
    client_for, cast, categories, library
):
    client = client_for(cast["bureau_admin"])
    response = client.post(
        "/policies/handbooks/",
        {
            "title": "政策汇编",
            "compiler": "沧澜县招商局",
            "categories": [categories["land"].pk, categories["tax"].pk],
            "policies": [str(library["tax"].public_id), str(library["central"].public_id)],
        },
    )
    assert response.status_code == 302
    edition = Handbook.objects.get()
    assert set(edition.policies.all()) == {library["tax"], library["central"]}
    reader = client_for(cast["unit_b_staff"])
    body = reader.get("/policies/handbooks/").content.decode()
    assert "政策汇编" in body and 'id="compile-button"' not in body
    download = reader.get(f"/policies/handbooks/{edition.public_id}/download/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    Document(BytesIO(b"".join(download.streaming_content)))
    printed = reader.get(f"/policies/handbooks/{edition.public_id}/print/").content.decode()
    assert "一、用地" in printed and "（一）县税收政策" in printed


def test_unit_staff_cannot_compile(client_for, cast, categories, library):
    response = client_for(cast["unit_a_staff"]).post(
        "/policies/handbooks/",
        {"title": "x", "compiler": "x", "categories": [categories["land"].pk]},
    )
    assert response.status_code == 403 and not Handbook.objects.exists()


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler-utils are needed to render the handbook",
)
def test_libreoffice_renders_the_handbook_on_a4(cast, categories, library, tmp_path):
    edition = _compile(cast, categories, ["land", "tax", "talent"])
    source = tmp_path / "handbook.docx"
    with edition.file.open("rb") as handle:
        source.write_bytes(handle.read())
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "handbook.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert "(A4)" in info.stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages >= 3  # cover, contents, sections
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    cover, contents = text.split("\f")[:2]
    assert "沧澜县招商引资政策汇编" in cover
    assert "一、用地" in contents and "（一）中央用地政策" in contents
    assert re.search(r"—\s*\d\s*—", text)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_the_newest_edition_is_listed_first(client_for, cast, categories, library):
    _compile(cast, categories, ["land"])
    services_handbooks.handbook_compile(
        actor=cast["bureau_admin"],
        title="第二期汇编",
        compiler="招商局",
        categories=[categories["tax"]],
    )
    body = client_for(cast["unit_a_staff"]).get("/policies/handbooks/").content.decode()
    assert body.index("第二期汇编") < body.index("沧澜县招商引资政策汇编")
