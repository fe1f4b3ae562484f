"""CaseFiguresPanel: 办结率, 满意率, overdue and days to answer by any dimension."""
from __future__ import annotations

import ipywidgets as w

from toolkit.cases.stats import RATE_NOTE, case_figures
from toolkit.core.db import Database
from toolkit.core.glossary import FIGURE_DIMENSIONS
from toolkit.core.markup import Markup, html
from toolkit.formats.spreadsheets import write_xlsx_sheets

from ..pieces.common import MessageArea, Pager, bar_chart, download_link, guarded, table_html

PAGE = 50


class CaseFiguresPanel(w.VBox):
    """Pick a grouping and a period; the database does the counting. Long tables (站点×月份 has
    one row per station and month) are shown 50 rows a page; the Excel file holds them all."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.by = w.Dropdown(description="统计口径", options=[(v, k) for k, v in FIGURE_DIMENSIONS.items()], value="all")
        self.date_from = w.DatePicker(description="受理起")
        self.date_to = w.DatePicker(description="受理止")
        self.export_button = w.Button(description="导出Excel", icon="download", layout=w.Layout(width="120px"))
        self.export_button.on_click(self.export)
        self.download = w.HTML()
        self.chart = w.HTML()
        self.table = w.HTML()
        self.pager = Pager(self._show_page, PAGE)
        for c in (self.by, self.date_from, self.date_to):
            c.observe(lambda _: self.refresh(), "value")
        super().__init__([w.HBox([self.by, self.date_from, self.date_to, self.export_button]), self.message,
                          w.HTML(html("<p style='color:#555'>口径：{}；超期 = 已过办理时限仍未答复。</p>", RATE_NOTE)),
                          self.download, self.chart, self.table, self.pager])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Recount for the chosen grouping and period."""
        with self.db.reader() as s:
            self.frame = case_figures(s, self.by.value, self.date_from.value, self.date_to.value)
        self.download.value = ""
        label = self.frame.columns[0]
        if self.by.value == "station_month":   # 23,000 bars would say nothing; the table pages
            self.chart.value = ""
        else:
            top = self.frame.sort_values("受理", ascending=False).head(30)
            self.chart.value = Markup("<b>办结率</b>") + bar_chart(
                [(str(r[label]), r["办结率"], f"{r['办结率']:.1%}（{r['办结']}/{r['受理']}）")
                 for _, r in top.iterrows()], maximum=1)
        self.pager.page = 1
        self.pager.layout.display = "" if len(self.frame) > PAGE else "none"
        self._show_page(1)

    def _show_page(self, page: int) -> None:
        rows = self.frame.iloc[(page - 1) * PAGE: page * PAGE]
        self.table.value = table_html(rows.assign(办结率=rows["办结率"].map("{:.1%}".format),
                                                  满意率=rows["满意率"].map("{:.1%}".format)))
        self.pager.set_total(len(self.frame))

    @guarded
    def export(self, _=None) -> None:
        """The whole table (every page) as an Excel file."""
        name = FIGURE_DIMENSIONS[self.by.value]
        rows = self.frame.astype(object).where(self.frame.notna(), None).values.tolist()
        data = write_xlsx_sheets({f"按{name}统计": (list(self.frame.columns), rows),
                                  "口径": (["说明"], [[RATE_NOTE], ["超期 = 已过办理时限仍未答复"]])})
        self.download.value = download_link(data, f"社情民意统计_按{name}.xlsx", f"下载（{len(self.frame)}行）")
