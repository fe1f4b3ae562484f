"""Case lists to Excel: whatever filter the staff set, citizens' contacts masked."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..formats.spreadsheets import write_xlsx
from .queries import CaseFilter, list_cases

EXPORT_COLUMNS = ["编号", "受理日期", "渠道", "类别", "反映内容", "所属站点", "接收代表", "承办单位",
                  "办理时限", "状态", "督办", "超期", "反映人", "联系电话"]


def export_cases(session: Session, f: CaseFilter, today: date | None = None, reveal: bool = False) -> bytes:
    """Every matching case (overdue first) as .xlsx; phones and names masked unless reveal."""
    df = list_cases(session, f, page_size=0, today=today, reveal=reveal)
    rows = df[EXPORT_COLUMNS].astype(str).values.tolist()
    return write_xlsx(EXPORT_COLUMNS, rows, "社情民意案件", text_columns=("编号", "联系电话"))
