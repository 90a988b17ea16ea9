"""Spreadsheet export shared by every list page."""

from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would run as a formula is stored as text with a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool | int | float) or hasattr(value, "as_tuple"):
        return value
    if isinstance(value, dict | list):
        import json

        return neutralise(json.dumps(value, ensure_ascii=False))
    return neutralise(str(value))


def xlsx_response(*, filename, sheet_title, headers, rows):
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)


def csv_response(*, filename, headers, rows):
    """CSV with a BOM so that Excel on Chinese Windows opens it as UTF-8."""
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(str(v)) for v in row])
    return response
