"""CoveragePanel: enrolled / total overall, by level and by station, and who is not enrolled."""
from __future__ import annotations

import ipywidgets as w

from toolkit import (
    coverage_by_level,
    coverage_by_station,
    coverage_summary,
    deputy_rows,
    station_tree,
    unenrolled_ids,
)
from toolkit.core.db import Database
from toolkit.core.markup import html, join

from ..pieces.common import MessageArea, bar_chart, guarded, table_html


def _percent(df):
    return df.assign(覆盖率=df["覆盖率"].map("{:.1%}".format))


class CoveragePanel(w.VBox):
    """Headline figures, two bar charts and the list of deputies not yet enrolled."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.figures = w.HTML()
        self.by_level = w.HTML()
        self.scope = w.Dropdown(description="下钻站点", layout=w.Layout(width="420px"))
        self.by_station = w.HTML()
        self.unenrolled = w.HTML()
        self.refresh_button = w.Button(description="刷新", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.scope.observe(lambda _: self._show_stations(), "value")
        super().__init__([
            w.HBox([self.refresh_button]), self.message, self.figures,
            w.HTML("<h3>按层级</h3>"), self.by_level,
            w.HTML("<h3>按站点（含下级站点）</h3>"), self.scope, self.by_station,
            w.HTML("<h3>尚未编组进站的代表</h3>"), self.unenrolled,
        ])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Recount everything (the database counts; nothing is loaded row by row)."""
        with self.db.reader() as s:
            summary = coverage_summary(s)
            levels = coverage_by_level(s)
            tree = station_tree(s, include_closed=False)
            missing = deputy_rows(s, unenrolled_ids(s)[:200])
        self.summary, self.levels, self.missing = summary, levels, missing
        self.figures.value = html('<div class="lz-figures">{}</div>', join(
            html('<div class="lz-figure">{}<b>{:.1%}</b></div>', k, v) if k == "覆盖率"
            else html('<div class="lz-figure">{}<b>{}</b></div>', k, v) for k, v in summary.items()))
        self.by_level.value = bar_chart(
            [(r["层级"], r["覆盖率"], f"{r['已进站']}/{r['代表数']}（{r['覆盖率']:.1%}）")
             for _, r in levels.iterrows()], maximum=1) + table_html(_percent(levels))
        parents = tree[tree["depth"] <= 1]
        keep = self.scope.value
        self.scope.options = [("各县区中心站", None)] + [
            ("\u3000" * int(r["depth"]) + r["名称"], int(r["id"])) for _, r in parents.iterrows()]
        if keep in set(parents["id"]):
            self.scope.value = keep
        else:
            self.scope.index = 0  # value None would mean "nothing selected"
        self._show_stations()
        extra = f"（仅显示前200名，共{summary['未进站']}名）" if summary["未进站"] > 200 else ""
        self.unenrolled.value = (table_html(missing) + extra) if len(missing) else "全部代表均已编组进站。"

    @guarded
    def _show_stations(self) -> None:
        with self.db.reader() as s:
            self.stations = coverage_by_station(s, self.scope.value)
        shown = self.stations[~self.stations["已撤销"]]
        self.by_station.value = bar_chart(
            [(r["联络站"], r["含下级代表"], f"{r['含下级代表']}人") for _, r in shown.iterrows()]
        ) + table_html(shown, closed_col="已撤销")
