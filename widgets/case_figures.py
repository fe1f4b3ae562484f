"""CaseFiguresPanel: 办结率, 满意率, overdue and days to answer by any dimension."""
from __future__ import annotations

import ipywidgets as w

from toolkit.case_stats import DIMENSIONS, RATE_NOTE, case_figures
from toolkit.db import Database

from .common import MessageArea, bar_chart, guarded, table_html


class CaseFiguresPanel(w.VBox):
    """Pick a grouping and a period; the database does the counting."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.by = w.Dropdown(description="统计口径", options=[(v, k) for k, v in DIMENSIONS.items()], value="all")
        self.date_from = w.DatePicker(description="受理起")
        self.date_to = w.DatePicker(description="受理止")
        self.chart = w.HTML()
        self.table = w.HTML()
        for c in (self.by, self.date_from, self.date_to):
            c.observe(lambda _: self.refresh(), "value")
        super().__init__([w.HBox([self.by, self.date_from, self.date_to]), self.message,
                          w.HTML(f"<p style='color:#555'>口径：{RATE_NOTE}；超期 = 已过办理时限仍未答复。</p>"),
                          self.chart, self.table])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Recount for the chosen grouping and period."""
        with self.db.reader() as s:
            self.frame = case_figures(s, self.by.value, self.date_from.value, self.date_to.value)
        label = self.frame.columns[0]
        shown = self.frame.assign(办结率=self.frame["办结率"].map("{:.1%}".format),
                                  满意率=self.frame["满意率"].map("{:.1%}".format))
        top = self.frame.sort_values("受理", ascending=False).head(30)
        self.chart.value = "<b>办结率</b>" + bar_chart(
            [(str(r[label]), r["办结率"], f"{r['办结率']:.1%}（{r['办结']}/{r['受理']}）")
             for _, r in top.iterrows()], maximum=1)
        self.table.value = table_html(shown)
