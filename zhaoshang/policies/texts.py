"""Reading policy documents: the 文号, splitting a text into articles, a DOCX's text, and
guessing a pasted document's title and number.

A 文号 is the issuer's short code, the year in hexagonal brackets and a serial number:
国发〔2021〕7号, 冀政字〔2023〕15号, 沧政办发〔2024〕3号. Typists often write the year in square
or round brackets; those are read as 〔〕 (decision 0030).
"""

import re
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,16}〔(19|20)\d{2}〕[1-9]\d{0,3}号$")
# Year in any bracket a typist may use: [] ［］ () （） 【】 〔〕 ⌈⌋.
_YEAR = re.compile(r"[\[［(（【〔]\s*((?:19|20)\d{2})\s*[\]］)）】〕]")
_IN_TEXT = re.compile(
    r"[\u4e00-\u9fff]{1,16}[\[［(（【〔]\s*(?:19|20)\d{2}\s*[\]］)）】〕]\s*\d{1,4}\s*号"
)

NUMERAL = "一二三四五六七八九十百零〇两"
_ARTICLE = re.compile(rf"^(第[{NUMERAL}\d]+条)[\s　]*(.*)$")
_ITEM = re.compile(rf"^([{NUMERAL}]+、)[\s　]*(.*)$")
_CHAPTER = re.compile(rf"^第[{NUMERAL}\d]+[章节][\s　]*.*$")

DOCX_MAX_BYTES = 10 * 1024 * 1024
# A DOCX is a zip: refuse one that would unpack to far more than it weighs (a zip bomb).
DOCX_MAX_RATIO = 100
DOCX_MAX_UNPACKED = 100 * 1024 * 1024


def normalise_doc_number(value):
    """Spaces out, the year's brackets as 〔〕; the result is then checked by
    ``validate_doc_number``."""
    text = re.sub(r"[\s　]+", "", value or "")
    return _YEAR.sub(lambda m: f"〔{m.group(1)}〕", text)


def validate_doc_number(value):
    if value and not DOC_NUMBER.match(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a document number in the usual form: the issuer's code, "
                "the year in 〔〕 and the number, e.g. 国发〔2021〕7号 or 沧政办发〔2024〕3号."
            )
            % {"value": value},
            code="doc_number",
        )


def _lines(text):
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().strip("　").strip()
        if line:
            yield line


def split_articles(text):
    """The articles of a policy text as dicts (chapter, heading, text), in order.

    An article starts at 第X条 or at 一、 (the two ways county and higher documents number
    their clauses); what comes before the first one is the preamble, kept as an article
    without a heading; 第X章 lines name the chapter of the articles under them. A text with
    no numbered clause is split by paragraph, so nothing is ever lost.
    """
    articles = []
    chapter = ""
    numbered = any(_ARTICLE.match(line) or _ITEM.match(line) for line in _lines(text))
    for line in _lines(text):
        if _CHAPTER.match(line) and len(line) <= 40:
            chapter = line
            continue
        match = _ARTICLE.match(line) or _ITEM.match(line)
        if match:
            heading, rest = match.groups()
            articles.append({"chapter": chapter, "heading": heading, "text": rest})
        elif numbered and articles:
            articles[-1]["text"] = (articles[-1]["text"] + "\n" + line).strip()
        else:
            articles.append({"chapter": chapter, "heading": "", "text": line})
    for article in articles:
        if not article["text"]:
            article["text"] = article["heading"]
    return articles


def guess_header(text):
    """From a pasted or uploaded document: its title (the first line that is neither the
    number nor an addressee) and its 文号, for the form to show for checking."""
    title, number = "", ""
    body = []
    for line in _lines(text):
        found = _IN_TEXT.search(line)
        if not number and found and len(line) <= 40:
            number = normalise_doc_number(found.group(0))
            continue
        if not title and len(line) <= 80 and not line.endswith(("：", ":")):
            title = line
            continue
        body.append(line)
    return {"title": title, "doc_number": number, "full_text": "\n".join(body)}


def docx_text(upload):
    """The paragraphs of an uploaded DOCX as text; refused with a clear message when the file
    is too big, not a DOCX, or unpacks to far more than it weighs."""
    from docx import Document

    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".docx"):
        raise ValidationError(
            _("Upload a Word document saved as .docx (a .doc or PDF cannot be read)."),
            code="type",
        )
    if upload.size > DOCX_MAX_BYTES:
        raise ValidationError(
            _("The document is larger than %(mb)s MB.") % {"mb": DOCX_MAX_BYTES // 1024 // 1024},
            code="size",
        )
    data = upload.read()
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
            if "word/document.xml" not in archive.namelist():
                raise zipfile.BadZipFile
    except zipfile.BadZipFile:
        raise ValidationError(_("This file is not a Word document (.docx)."), code="type") from None
    if unpacked > DOCX_MAX_UNPACKED or unpacked > DOCX_MAX_RATIO * max(len(data), 1):
        raise ValidationError(_("This document unpacks to an unreasonable size."), code="zip")
    try:
        document = Document(BytesIO(data))
    except Exception:  # noqa: BLE001 - any parse failure means the same thing to the user
        raise ValidationError(_("This Word document cannot be read."), code="parse") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("　".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())
