"""测评结果: the chosen round's ranking, rates and 整改 flags, its comments; close it, export it."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import Markup, html
from toolkit.evaluations.printing import result_sheet
from toolkit.evaluations.results import comments, formula_of, ranking
from toolkit.evaluations.services import close_round, get_round
from toolkit.formats.spreadsheets import write_xlsx

from ..pieces.common import MessageArea, bar_chart, download_link, guarded, table_html


class ResultsPanel(w.VBox):
    """Counted by the toolkit over current responses; publishes `closed` when a round is closed."""

    round_id = traitlets.Int(None, allow_none=True, help="the round chosen in the app")
    closed = traitlets.Int(0, help="counts the rounds closed here")

    def __init__(self, db: Database, rounds: w.Widget):
        self.db = db
        self.ranking = pd.DataFrame()
        self.formula_note = w.HTML()
        self.chart, self.table, self.notes = w.HTML(), w.HTML(), w.HTML()
        self.refresh_button = w.Button(description="刷新", icon="refresh")
        self.close_button = w.Button(description="结束测评", button_style="danger")
        self.export_button = w.Button(description="导出结果（Excel与打印页）", layout=w.Layout(width="220px"))
        self.result_links = w.HTML()
        self.result_message = MessageArea()
        self.refresh_button.on_click(lambda _: self.show_results())
        self.close_button.on_click(self.close_round_clicked)
        self.export_button.on_click(self.export)
        self.observe(lambda _: self.show_results(), "round_id")
        super().__init__([rounds, w.HBox([self.refresh_button, self.close_button, self.export_button]),
                          self.result_message, self.result_links, self.formula_note, self.chart, self.table, self.notes])
        self.show_results()

    def _need_round(self) -> int:
        if self.round_id is None:
            raise ToolkitError("请先选择一个测评")
        return self.round_id

    @guarded(area="result_message")
    def show_results(self) -> None:
        """Ranking, rates and flags of the chosen round."""
        if self.round_id is None:
            return
        with self.db.reader() as s:
            self.ranking = ranking(s, self.round_id)
            r = get_round(s, self.round_id)
            note, limit = formula_of(r).describe(), r.unsatisfied_limit
            said = comments(s, r.id)
        self.formula_note.value = html("<p>口径：{}；不满意率超过{}列为整改。</p>", note, limit)
        if self.ranking.empty:
            self.chart.value, self.table.value, self.notes.value = "", "<i>尚无测评对象。</i>", ""
            return
        shown = self.ranking.assign(满意率=self.ranking["满意率"].map("{:.1%}".format),
                                    不满意率=self.ranking["不满意率"].map("{:.1%}".format),
                                    整改=self.ranking["整改"].map({True: "整改", False: ""}))
        self.chart.value = Markup("<b>满意率排名</b>") + bar_chart(
            [(r["测评对象"], r["满意率"], f"{r['满意率']:.1%}（{r['票数']}票）") for _, r in self.ranking.iterrows()], 1)
        self.table.value = table_html(shown)
        self.notes.value = (Markup("<h4>意见建议</h4>") + table_html(said)) if len(said) else ""

    @guarded(area="result_message")
    def close_round_clicked(self, _=None) -> None:
        """Close the round for good."""
        with self.db.unit_of_work() as s:
            close_round(s, self._need_round())
        self.result_message.show("测评已结束，不再接受评价。", "ok")
        self.closed += 1

    @guarded(area="result_message")
    def export(self, _=None) -> None:
        """Results as .xlsx and as a printable page."""
        rid = self._need_round()
        with self.db.reader() as s:
            df = ranking(s, rid).drop(columns=["id"], errors="ignore")
            page = result_sheet(s, rid)
        data = write_xlsx(list(df.columns), df.astype(str).values.tolist(), "测评结果") if not df.empty else b""
        self.result_links.value = (download_link(data, "测评结果.xlsx", "下载 Excel") + Markup("&emsp;")
                                   + download_link(page.encode(), "测评结果.html", "下载打印页", "text/html"))
