"""Reading and writing the spreadsheets staff use: .xlsx, old .xls, and CSV in UTF-8 or GBK."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..core.errors import RowError, ToolkitError

# Bounds checked before and while reading, whatever a file declares about itself: a 5 KB .xlsx
# declaring a cell at XFD1048576 once drove the reader to 2.7 GB. A county's roster is a few
# thousand rows, a year's ledger of a city tens of thousands.
MAX_BYTES = 20 * 1024 * 1024          # the upload limit of deploy/nginx.conf
MAX_UNPACKED = 200 * 1024 * 1024      # an .xlsx is a zip: all its parts unpacked
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL = 5_000                      # characters in one cell


@dataclass
class Table:
    """A sheet as text: the header as written, and each row keyed by clean header."""

    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # as Excel numbers them


def clean_header(text) -> str:
    """Drop the required-field star, spaces and full-width brackets around a header."""
    s = "" if text is None else str(text)
    return s.replace("*", "").replace("＊", "").replace(" ", "").replace("\u3000", "").strip()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers typed as numbers come back as floats
    return str(value).strip()


def _xlsx_rows(data: bytes):
    import zipfile

    import openpyxl  # imported on use: it costs a fifth of a second at app start

    if sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) > MAX_UNPACKED:
        raise ToolkitError(f"文件解压后超过{MAX_UNPACKED // 1024 // 1024}MB，不能导入；请删去无关的工作表和内容后重试")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()   # the declared size is the file's claim, not a fact: read what is there
    try:
        # One column past the bound, so that a wider sheet is reported rather than cut silently.
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            yield [_cell_text(v) for v in row]
    finally:
        book.close()


def _xls_rows(data: bytes):
    import xlrd  # only for the old format

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    sheet = book.sheet_by_index(0)
    for r in range(sheet.nrows):
        out = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                out.append(_cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
            else:
                out.append(_cell_text(cell.value))
        yield out


def _looks_big5(data: bytes, as_gb: str) -> bool:
    """Big5 bytes mostly decode as GB18030 too, but into rare characters outside GB2312 (the
    common simplified set every Chinese roster is written in): a file where most Chinese
    characters are rare, and that is valid Big5, is Big5."""
    chinese = [c for c in as_gb if "\u4e00" <= c <= "\u9fff"]
    if not chinese:
        return False
    rare = sum(1 for c in chinese if not _in_gb2312(c))
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    return rare / len(chinese) > 0.3


def _in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ToolkitError("CSV文件编码无法识别，请另存为UTF-8或GBK编码")
    if encoding == "gb18030" and _looks_big5(data, text):
        raise ToolkitError("CSV文件似乎是繁体中文（Big5）编码，请在Excel或WPS中另存为“CSV UTF-8”或GBK编码后再导入")
    yield from ([c.strip() for c in row] for row in csv.reader(io.StringIO(text)))


def read_table(source: str | Path | bytes, filename: str | None = None) -> Table:
    """Read the first sheet of a file (path or bytes); the first non-empty row is the header."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        if not path.is_file():
            raise ToolkitError(f"找不到文件：{path}")
        if path.stat().st_size > MAX_BYTES:
            raise ToolkitError(f"文件「{filename}」超过{MAX_BYTES // 1024 // 1024}MB，不能导入，请分批导入")
        source = path.read_bytes()
    if len(source) > MAX_BYTES:
        raise ToolkitError(f"文件「{filename}」超过{MAX_BYTES // 1024 // 1024}MB，不能导入，请分批导入")
    suffix = Path(filename or "").suffix.lower()
    readers = {".xlsx": _xlsx_rows, ".xls": _xls_rows, ".csv": _csv_rows}
    if suffix not in readers:
        raise ToolkitError(f"不支持的文件类型「{suffix or '无后缀'}」，请使用 .xlsx、.xls 或 .csv")
    try:
        raw_rows = _bounded(readers[suffix](source))
    except ToolkitError:
        raise
    except Exception as e:  # a damaged or mislabelled file
        raise ToolkitError(f"无法读取文件「{filename}」：文件已损坏或格式与后缀不符（{type(e).__name__}）") from e
    return _to_table(raw_rows)


def _bounded(rows) -> list[list[str]]:
    """The rows, refused as soon as one passes a bound (nothing more is read)."""
    out = []
    for number, row in enumerate(rows, start=1):
        end = len(row)
        while end and not row[end - 1]:
            end -= 1
        row = row[:end]
        if number > MAX_ROWS + 1:
            raise ToolkitError(f"文件超过{MAX_ROWS}行，不能一次导入，请分批导入")
        if len(row) > MAX_COLUMNS:
            raise ToolkitError(f"第{number}行超过{MAX_COLUMNS}列，不能导入：请只保留模板中的列")
        for col, cell in enumerate(row, start=1):
            if len(cell) > MAX_CELL:
                raise ToolkitError(f"第{number}行第{col}列的内容超过{MAX_CELL}字，不能导入")
        out.append(row)
    return out


def _to_table(raw_rows: list[list[str]]) -> Table:
    start = next((i for i, r in enumerate(raw_rows) if any(r)), None)
    if start is None:
        raise ToolkitError("文件是空的，没有表头")
    header = [clean_header(h) for h in raw_rows[start]]
    table = Table(header=header)
    for offset, row in enumerate(raw_rows[start + 1:], start=start + 2):
        if not any(row):
            continue
        table.rows.append({h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h})
        table.row_numbers.append(offset)
    return table


def check_header(table: Table, columns, required) -> tuple[list, list]:
    """Missing required columns (errors on row 1) and unknown extra columns (a warning)."""
    missing = [c for c in columns if c in required and c not in table.header]
    errors = [RowError(1, c, "缺少必填列") for c in missing]
    extra = [h for h in table.header if h and h not in columns]
    warnings = [f"以下列不在模板中，将被忽略：{'、'.join(extra)}"] if extra else []
    return errors, warnings


# A cell from data that starts like a formula is written as text: a citizen's
# =HYPERLINK("//e.cn","x") must stay words in the exported sheet, never a live formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _append(sheet, row: list) -> None:
    sheet.append(row)
    # The row just appended is openpyxl's _current_row: `sheet[sheet.max_row]` scanned every cell
    # of the sheet for each row (18 s for a 3,300-deputy result).
    for column, value in enumerate(row, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_START):
            sheet.cell(row=sheet._current_row, column=column).data_type = "s"


def write_xlsx(header: list[str], rows: list[list], sheet_title: str = "Sheet1",
               text_columns: tuple[str, ...] = (), notes: list[str] | None = None) -> bytes:
    """An .xlsx with a bold header; text columns keep long digit strings as text."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    _append(sheet, header)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for row in rows:
        _append(sheet, row)
    for i, h in enumerate(header, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(10, min(40, len(h) * 2 + 4))
        if clean_header(h) in text_columns:
            for cell in sheet[letter]:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    if notes:
        info = book.create_sheet("填写说明")
        for line in notes:
            _append(info, [line])
        info.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_csv(header: list[str], rows: list[list]) -> bytes:
    """A CSV for other systems' imports (UTF-8 with a BOM, so Excel and bulk-SMS platforms read the
    Chinese); a cell that starts like a formula gets a leading apostrophe, as CSV has no text type."""
    import csv

    def cell(value) -> str:
        text = "" if value is None else str(value)
        return "'" + text if text.startswith(FORMULA_START) else text
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow([cell(h) for h in header])
    out.writerows([cell(v) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_xlsx_sheets(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """An .xlsx with one sheet per entry: title -> (header, rows)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        _append(sheet, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            _append(sheet, row)
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
