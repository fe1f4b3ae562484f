"""SuggestionFiguresPanel: the yearly figures of 代表建议 by 主办单位, 类别, 领衔代表 or all, as of a day."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd

from toolkit.core.db import Database
from toolkit.core.glossary import SUGGESTION_FIGURE_DIMENSIONS
from toolkit.core.markup import html
from toolkit.formats.spreadsheets import write_xlsx_sheets
from toolkit.suggestions.figures import suggestion_figures

from ..pieces.common import MessageArea, download_link, guarded, table_html

NOTE = ("按期答复 = 交办后三个月内答复；采纳率 = (A+B)/已答复；满意率 = (满意+基本满意)/已表态；"
        "群众确认落实率 = 提出意见的群众中确认「已落实」的比例（群众在查询页自己确认，与代表满意率对照看）；"
        "B类逾期未落实 = 承诺落实日期已过仍未落实。")


def _percent(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.1%}"     # none to count (pandas makes None NaN)


class SuggestionFiguresPanel(w.VBox):
    """Pick a grouping and a day; the database counts; the table and its Excel file."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.by = w.Dropdown(description="统计口径", options=[(v, k) for k, v in SUGGESTION_FIGURE_DIMENSIONS.items()],
                             value="unit")
        self.as_of = w.DatePicker(description="截至", value=date.today())
        self.export_button = w.Button(description="导出Excel", icon="download", layout=w.Layout(width="120px"))
        self.export_button.on_click(self.export)
        self.download, self.table = w.HTML(), w.HTML()
        for c in (self.by, self.as_of):
            c.observe(lambda _: self.refresh(), "value")
        super().__init__([w.HBox([self.by, self.as_of, self.export_button]), self.message,
                          w.HTML(html("<p style='color:#555'>{}</p>", NOTE)), self.download, self.table])
        self.add_class("lz-suggestion-figures")
        self.refresh()

    def frame(self) -> pd.DataFrame:
        with self.db.reader() as s:
            rows = suggestion_figures(s, self.by.value, self.as_of.value)
        df = pd.DataFrame(rows)
        for column in ("采纳率", "满意率", "群众确认落实率"):
            if column in df:
                df[column] = df[column].map(_percent)
        return df

    @guarded
    def refresh(self) -> None:
        self.table.value = table_html(self.frame())

    @guarded
    def export(self, _=None) -> None:
        df = self.frame()
        data = write_xlsx_sheets({"代表建议统计": (list(df.columns), df.astype(object).values.tolist())})
        name = f"代表建议统计_{self.as_of.value or date.today():%Y%m%d}.xlsx"
        self.download.value = download_link(data, name, f"下载 {name}")
