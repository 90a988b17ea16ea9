"""Reading documents: the 文号, articles, a pasted document's header and a DOCX's text."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from zhaoshang.policies import texts


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("国发〔2021〕7号", "国发〔2021〕7号"),
        ("冀政字〔2023〕15号", "冀政字〔2023〕15号"),
        ("沧政办发〔2024〕3号", "沧政办发〔2024〕3号"),
        ("国发[2021]7号", "国发〔2021〕7号"),
        ("冀政字（2023）15号", "冀政字〔2023〕15号"),
        ("沧政办发 (2024) 3号", "沧政办发〔2024〕3号"),
        ("澜政发【2023】16号", "澜政发〔2023〕16号"),
    ],
)
def test_document_numbers_are_normalised_and_accepted(typed, stored):
    assert texts.normalise_doc_number(typed) == stored
    texts.validate_doc_number(stored)


@pytest.mark.parametrize(
    "bad",
    ["国发2021年7号", "〔2021〕7号", "国发〔21〕7号", "国发〔2021〕第7号", "Guofa〔2021〕7号"],
)
def test_a_malformed_document_number_is_refused_in_chinese(bad, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with pytest.raises(ValidationError) as caught:
        texts.validate_doc_number(texts.normalise_doc_number(bad))
    assert "国发〔2021〕7号" in caught.value.messages[0]


def test_articles_are_split_at_numbered_clauses_with_chapters():
    parts = texts.split_articles(
        "各乡镇：\n第一章 总则\n第一条 目的。\n第二条 租金减免：\n（一）第一年全免；\n"
        "第二章 附则\n第三条 施行。"
    )
    assert [p["heading"] for p in parts] == ["", "第一条", "第二条", "第三条"]
    assert parts[2]["text"] == "租金减免：\n（一）第一年全免；"
    assert parts[2]["chapter"] == "第一章 总则" and parts[3]["chapter"] == "第二章 附则"


def test_articles_numbered_with_chinese_numerals_and_dun_marks():
    parts = texts.split_articles("一、贷款贴息。\n二、融资担保。\n十二、附则。")
    assert [p["heading"] for p in parts] == ["一、", "二、", "十二、"]


def test_a_text_without_numbered_clauses_is_kept_paragraph_by_paragraph():
    parts = texts.split_articles("第一段。\n\n第二段。")
    assert [p["text"] for p in parts] == ["第一段。", "第二段。"]


def test_a_pasted_document_gives_its_title_and_number():
    header = texts.guess_header(
        "沧澜县标准厂房建设和使用管理办法\n沧政办发[2024]3号\n第一条 目的。\n第二条 范围。"
    )
    assert header["title"] == "沧澜县标准厂房建设和使用管理办法"
    assert header["doc_number"] == "沧政办发〔2024〕3号"
    assert header["full_text"].startswith("第一条")


def _docx(paragraphs):
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_gives_its_paragraphs():
    upload = SimpleUploadedFile("措施.docx", _docx(["关于支持研发的措施", "一、研发补贴。"]))
    assert texts.docx_text(upload) == "关于支持研发的措施\n一、研发补贴。"


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("措施.doc", b"old word", "type"),
        ("措施.docx", b"not a zip at all", "type"),
    ],
)
def test_a_file_that_is_not_a_docx_is_refused(name, content, code):
    with pytest.raises(ValidationError) as caught:
        texts.docx_text(SimpleUploadedFile(name, content))
    assert caught.value.code == code


def test_a_docx_that_is_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(texts, "DOCX_MAX_BYTES", 100)
    with pytest.raises(ValidationError) as caught:
        texts.docx_text(SimpleUploadedFile("措施.docx", _docx(["正文"] * 50)))
    assert caught.value.code == "size"


def test_a_docx_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(texts, "DOCX_MAX_RATIO", 1)
    with pytest.raises(ValidationError) as caught:
        texts.docx_text(SimpleUploadedFile("措施.docx", _docx(["正文" * 2000])))
    assert caught.value.code == "zip"
