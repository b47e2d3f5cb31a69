"""Writing tables as a French user's spreadsheet expects: XLSX (openpyxl, write-only, so
rows stream to disk) or CSV (UTF-8 with BOM so Excel reads the accents, « ; » between
fields, dates as dd/mm/yyyy, decimal comma); several CSV tables go in one ZIP.

A table is a ``Sheet``: a name, French headers and an iterable of rows of plain values
(str, int, Decimal, float, date, datetime, bool, None). In XLSX each sheet has a filter
on its header row, columns as wide as their header and first rows, dates as dates and
amounts in euros (a header ending in « (€) ») with the euro format. Text that a spreadsheet would
read as a formula (starting with = + - @, or a tab / carriage return) is written with a
leading apostrophe: an export never runs anything in the reader's spreadsheet.
"""

import csv
import datetime
import io
import itertools
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from qic.numbers import format_decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
EURO_FORMAT = '#,##0.00\\ "€"'
EURO_HEADER_SUFFIX = "(€)"
# Column widths (in characters) come from the header and the first rows.
WIDTH_SAMPLE_ROWS = 50
MIN_WIDTH, MAX_WIDTH = 10, 60
# Excel shows at most 1,048,576 rows per sheet, the header included; a longer table
# continues on « Mesures (2) », …
XLSX_MAX_DATA_ROWS = 1_048_575


@dataclass
class Sheet:
    name: str  # at most 31 characters (Excel's limit), unique in the workbook
    headers: Sequence[str]
    rows: Iterable[Sequence]
    total: int = 0  # how many rows to expect, for the progress bar (0: unknown)


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return format_decimal(value, grouping=False)
    if isinstance(value, int):
        return str(value)
    return escape_formula(str(value))


def write_csv_zip(sheets: Sequence[Sheet], path: Path, on_sheet: Callable[[int], None]) -> None:
    """One CSV file per sheet, in a ZIP at ``path``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, sheet in enumerate(sheets):
            with archive.open(f"{sheet.name}.csv", "w") as raw:
                write_csv(sheet, raw)
            on_sheet(index + 1)


def write_csv(sheet: Sheet, raw) -> None:
    """``sheet`` as CSV into the binary stream ``raw``."""
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([csv_cell(value) for value in row])
    text.flush()
    text.detach()


def write_xlsx(
    sheets: Sequence[Sheet], path: Path | io.BytesIO, on_sheet: Callable[[int], None]
) -> None:
    """``sheets`` as one workbook, written to ``path`` (a file, or a binary buffer)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def new_worksheet(sheet, number, widths):
        title = sheet.name[:31] if number == 1 else f"{sheet.name[:25]} ({number})"
        worksheet = workbook.create_sheet(title=title)
        worksheet.freeze_panes = "A2"
        for column, width in enumerate(widths):
            worksheet.column_dimensions[_column_letter(column)].width = width
        header_cells = []
        for header in sheet.headers:
            cell = WriteOnlyCell(worksheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        worksheet.append(header_cells)
        return worksheet

    def add_filter(worksheet, sheet, written):
        last = _column_letter(max(len(sheet.headers), 1) - 1)
        worksheet.auto_filter.ref = f"A1:{last}{written + 1}"

    for index, sheet in enumerate(sheets):
        rows = iter(sheet.rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
        widths = _column_widths(sheet.headers, sample)
        euros = {i for i, h in enumerate(sheet.headers) if h.endswith(EURO_HEADER_SUFFIX)}
        number, worksheet, written = 1, new_worksheet(sheet, 1, widths), 0
        for row in itertools.chain(sample, rows):
            if written == XLSX_MAX_DATA_ROWS:  # Excel's limit: the table goes on next sheet
                add_filter(worksheet, sheet, written)
                number, written = number + 1, 0
                worksheet = new_worksheet(sheet, number, widths)
            worksheet.append(
                [
                    _xlsx_cell(worksheet, WriteOnlyCell, value, euro=column in euros)
                    for column, value in enumerate(row)
                ]
            )
            written += 1
        add_filter(worksheet, sheet, written)
        on_sheet(index + 1)
    workbook.save(path if isinstance(path, io.BytesIO) else str(path))


def _column_widths(headers: Sequence[str], sample: Sequence[Sequence]) -> list[int]:
    """Wide enough for the header (and its filter button) and the sampled values."""
    widths = [len(header) + 4 for header in headers]
    for row in sample:
        for column, value in enumerate(row[: len(widths)]):
            widths[column] = max(widths[column], len(csv_cell(value)) + 2)
    return [max(MIN_WIDTH, min(MAX_WIDTH, width)) for width in widths]


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _xlsx_cell(worksheet, cell_class, value, *, euro: bool = False):
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        cell = cell_class(worksheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = cell_class(worksheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int | float | Decimal):
        if not euro:
            return value
        cell = cell_class(worksheet, value=value)
        cell.number_format = EURO_FORMAT
        return cell
    cell = cell_class(worksheet, value=escape_formula(str(value)))
    cell.data_type = "s"  # never a formula, whatever the text
    return cell
