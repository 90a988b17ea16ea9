"""The bulletin's tables as a workbook: one sheet per table, frozen header row, numbers as
numbers with formats for 万元 and rates, text neutralised so no cell becomes a formula."""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from zhaoshang.core.exports import neutralise
from zhaoshang.reports.bulletin_tables import AMOUNT, COUNT, PERCENT, tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {AMOUNT: "#,##0.00", PERCENT: "0.0%", COUNT: "0"}
HUNDRED = Decimal("100")


def _value(value, kind):
    if value is None:
        return None
    if kind == PERCENT:
        return Decimal(value) / HUNDRED
    if kind in (AMOUNT, COUNT):
        return Decimal(value) if not isinstance(value, int) else value
    return neutralise(str(value))


def render(figures, *, title):
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = workbook.create_sheet(_("Summary")[:31])
    summary.append([neutralise(title)])
    summary["A1"].font = Font(bold=True, size=14)
    for line in figures.narrative:
        summary.append([neutralise(line)])
    summary.column_dimensions["A"].width = 120
    for table in tables(figures):
        sheet = workbook.create_sheet(str(table["title"])[:31])
        columns = table["columns"]
        sheet.append([str(c.label) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in table["rows"]:
            sheet.append([_value(v, c.kind) for v, c in zip(row, columns, strict=True)])
        for index, column in enumerate(columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = 22 if index == 1 else 14
            number_format = FORMATS.get(column.kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        last = sheet.max_row
        for cell in sheet[last]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
