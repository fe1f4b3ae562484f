"""CalendarPanel: 节假日日历 — a year's holidays and make-up working days, one day set at a time or a
year imported from the State Council's notice; from December on it says when next year is missing.

The panel only asks: who may change the calendar, and what a valid day is, is toolkit.core.workdays'."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd

from toolkit.cases.deadlines import change_day, import_calendar
from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.core.workdays import KINDS, missing_next_year, year_days
from toolkit.formats.spreadsheets import read_table

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.upload import put_file, uploaded

ORDINARY = "恢复为普通日"


def _moved(n: int) -> str:
    return f"；{n}件在办案件的办理时限按新日历顺延或提前（见各案件的办理过程）" if n else ""


class CalendarPanel(w.VBox):
    """A year's exceptions on top; below, set one day, or import a year's file (all or nothing)."""

    def __init__(self, db: Database, today: date | None = None):
        self.db, self.today = db, today or date.today()
        self.message, self.warning = MessageArea(), MessageArea()
        self.year = w.BoundedIntText(value=self.today.year, min=2000, max=2100, description="年份",
                                     layout=w.Layout(width="180px"))
        self.table = w.HTML()
        self.day = w.DatePicker(description="日期")
        self.kind = w.Dropdown(options=[*KINDS.values(), ORDINARY], description="类型")
        self.name = w.Text(description="名称", placeholder="如 春节")
        self.set_button = w.Button(description="保存这一天", button_style="primary")
        self.upload = w.FileUpload(accept=".xlsx,.xls,.csv", multiple=False, description="选择文件")
        self.import_button = w.Button(description="导入")
        self.year.observe(lambda _: self.refresh(), "value")
        self.set_button.on_click(self.save_day)
        self.import_button.on_click(self.import_file)
        super().__init__([
            self.warning, self.year, self.table,
            w.HTML("<b>设置某一天</b>（放假；或周末调休上班；选“恢复为普通日”撤销）"),
            w.HBox([self.day, self.kind, self.name, self.set_button]),
            w.HTML("<b>导入一年的安排</b>：表格三列——日期（2027-02-06）、类型（放假 / 调休上班）、名称；有一处错误则全部不导入。"),
            w.HBox([self.upload, self.import_button]), self.message])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        with self.db.reader() as s:
            days = year_days(s, self.year.value)
            missing = missing_next_year(s, self.today)
        if missing:
            self.warning.show(f"{missing}年的节假日安排还没有录入：国务院公布后请导入，否则办理时限按普通周末计算。", "error")
        else:
            self.warning.clear()
        if not days:
            self.table.value = html("<p>{}年没有放假或调休上班的记录。</p>", self.year.value)
            return
        frame = pd.DataFrame([(d.isoformat(), "周" + "一二三四五六日"[d.weekday()], kind, name) for d, kind, name in days],
                             columns=["日期", "星期", "类型", "名称"])
        self.table.value = table_html(frame)

    @guarded
    def save_day(self, _=None) -> None:
        if self.day.value is None:
            raise ToolkitError("请先选择日期")
        kind = {v: k for k, v in KINDS.items()}.get(self.kind.value)
        with self.db.unit_of_work() as s:
            moved = change_day(s, self.day.value, kind, self.name.value)
        self.year.value = self.day.value.year
        self.refresh()
        self.message.show(f"已保存：{self.day.value} {self.kind.value}" + _moved(moved), "ok")

    @guarded
    def import_file(self, _=None) -> None:
        table = read_table(*uploaded(self.upload))
        with self.db.unit_of_work() as s:
            n, moved = import_calendar(s, table.rows, table.row_numbers)
        self.refresh()
        self.message.show(f"已导入{n}天。" + _moved(moved), "ok")

    def load_file(self, content: bytes, name: str) -> None:
        """Put a file in the upload box as the browser would (for tests and scripts)."""
        put_file(self.upload, content, name)
