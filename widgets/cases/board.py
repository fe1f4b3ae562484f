"""ProgressBoard: the 办理进度追踪图 for a screen in the service centre; refreshes itself."""
from __future__ import annotations

from datetime import datetime

import ipywidgets as w

from toolkit.cases.board import board_cases, board_stages
from toolkit.core.db import Database, connect
from toolkit.core.markup import Markup, html, join
from toolkit.projects.supervision import list_projects

from ..pieces.common import MessageArea, bar_chart, guarded
from ..pieces.station_picker import StationPicker


class ProgressBoard(w.VBox):
    """Big type, no personal data; a ticker reloads it every minute."""

    def __init__(self, db: Database | None = None, rows: int = 30):
        self.db = db or connect()
        self.rows = rows
        self.message = MessageArea()
        self.scope = StationPicker(self.db, "范围", blank="全市", layout=w.Layout(width="420px"))
        self.clock = w.HTML()
        self.stages = w.HTML()
        self.table = w.HTML()
        self.projects = w.HTML()
        # Play ticks in the browser; each tick reloads the figures from the database.
        self.ticker = w.Play(interval=60_000, max=10**9, show_repeat=False, layout=w.Layout(display="none"))
        self.ticker.observe(lambda _: self.refresh(), "value")
        self.scope.observe(lambda _: self.refresh(), "value")
        super().__init__([w.HBox([self.scope, self.clock]), self.message, self.stages, self.projects, self.table, self.ticker])
        self.ticker.playing = True
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Reload stages and the most urgent cases."""
        with self.db.reader() as s:
            self.cases = board_cases(s, self.scope.value, self.rows)
            self.stage_counts = board_stages(s, self.scope.value)
            projects = list_projects(s)
        self.clock.value = html("&nbsp;更新于 {}", f"{datetime.now():%Y-%m-%d %H:%M}")
        self.stages.value = Markup("<h3>各阶段在办件数</h3>") + bar_chart(
            [(r["阶段"], r["件数"], f"{r['件数']}件（超期{r['其中超期']}）") for _, r in self.stage_counts.iterrows()])
        if len(projects):
            latest = projects[projects["年度"] == projects["年度"].max()]
            self.projects.value = html("<h3>{}年民生实事项目进度</h3>", latest["年度"].iloc[0]) + bar_chart(
                [(r["项目"], int(r["进度"].rstrip("%")), f"{r['进度']} {r['状态'].split('（')[0]}")
                 for _, r in latest.iterrows()], maximum=100)
        body = join(self._row(r) for _, r in self.cases.iterrows())
        head = join(html("<th>{}</th>", c) for c in self.cases.columns)
        self.table.value = html("<h3>办理进度（最紧急的{}件）</h3><table class='lz-table lz-board'><thead><tr>{}</tr></thead>"
                                "<tbody>{}</tbody></table>", len(self.cases), head, body)

    @staticmethod
    def _row(r) -> Markup:
        left = r["剩余天数"]
        style = "color:#c62828;font-weight:bold" if left is not None and left < 0 else (
            "color:#e65100" if left is not None and left <= 3 else "")
        text = "" if left is None else (f"超期{-left}天" if left < 0 else f"{left}天")
        cells = join(html("<td>{}</td>", r[c]) for c in ("编号", "类别", "所属站点", "承办单位", "办理时限", "当前阶段"))
        return html("<tr>{}<td style='{}'>{}</td></tr>", cells, style, text)
