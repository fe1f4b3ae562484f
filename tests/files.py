"""Writing real spreadsheet files in each format staff send us."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from toolkit.formats.spreadsheets import write_xlsx


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write header + rows as .xlsx, .xls, or .csv (UTF-8, or GBK when the name ends .gbk.csv)."""
    name = path.name
    if name.endswith(".xlsx"):
        path.write_bytes(write_xlsx(header, rows, text_columns=("身份证号", "联系电话")))
    elif name.endswith(".xls"):
        import xlwt
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("花名册")
        for r, row in enumerate([header] + rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(path))
    else:
        buf = io.StringIO()
        csv.writer(buf).writerows([header] + rows)
        encoding = "gbk" if name.endswith(".gbk.csv") else "utf-8-sig"
        path.write_bytes(buf.getvalue().encode(encoding))
    return path


def roster(path: Path, records: list[dict], header: list[str] | None = None) -> Path:
    """A roster file from records keyed by Chinese column labels."""
    from toolkit.network.roster import template_header
    header = header or template_header()
    keys = [h.rstrip("*") for h in header]
    return write(path, header, [[r.get(k, "") for k in keys] for r in records])
