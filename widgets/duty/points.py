"""履职积分: each deputy's points for a period under a standard's rules."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.markup import html
from toolkit.duty.measures import MEASURES
from toolkit.duty.points import duty_points
from toolkit.formats.spreadsheets import write_xlsx_sheets

from ..pieces.common import MessageArea, download_link, guarded, table_html
from .rule_picker import RulePicker, frame_sheet

SHOWN = 100


class PointsPanel(w.VBox, RulePicker):
    """Duty points ranked, with the weights of the chosen standard."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.run_button = w.Button(description="计算积分", button_style="primary")
        self.run_button.on_click(self.run)
        self.weights = w.HTML()
        self.ranking = w.HTML()
        self.download = w.HTML()
        super().__init__([*self._pickers(db), self.run_button, self.message, self.weights, self.download, self.ranking])

    def run(self, _=None) -> None:
        """Compute and rank (the button is off and the old ranking gone while it works)."""
        self._working("计算积分：", [self.weights, self.ranking, self.download])
        try:
            self._run()
        finally:
            self._done(self.weights)

    @guarded
    def _run(self) -> None:
        rules = self._chosen()
        with self.db.reader() as s:
            df = duty_points(s, rules, self.period.value, self.scope.value or None)
        self.weights.value = html("<h3 class='lz-std-title'>{} · {}</h3><p>分值：{}</p>", rules.name, self.period.value.strip(), "；".join(f"{MEASURES[m].label} {v:g}分/次" for m, v in rules.points.items()))
        self.ranking.value = html("<h4>积分排名（前{}名）</h4>{}", min(SHOWN, len(df)), table_html(df.drop(columns=["id"]).head(SHOWN)))
        data = write_xlsx_sheets({"履职积分": frame_sheet(df.drop(columns=["id"]))})
        self.download.value = download_link(data, f"履职积分-{self.period.value}.xlsx", "导出全部积分（Excel）")
        self.message.clear()
