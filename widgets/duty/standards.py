"""履职标准: apply a rule file to a period and a scope — each requirement met, not yet or missed per
deputy and per station, who is behind first (the rule picker is shared with points.PointsPanel)."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.markup import Markup, html
from toolkit.duty.standards import add_rules_file, evaluate_deputies, evaluate_stations
from toolkit.formats.spreadsheets import write_xlsx_sheets

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.upload import uploaded
from .rule_picker import RulePicker, frame_sheet

SHOWN = 100


class StandardsPanel(w.VBox, RulePicker):
    """Status per deputy and per station."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.run_button = w.Button(description="对照标准", button_style="primary")
        self.run_button.on_click(self.run)
        self.upload = w.FileUpload(accept=".toml", description="上传标准文件")
        self.upload_button = w.Button(description="检查并加入")
        self.upload_button.on_click(self.add_rules)
        self.summary = w.HTML()
        self.deputies = w.HTML()
        self.stations = w.HTML()
        self.download = w.HTML()
        super().__init__([*self._pickers(db), self.run_button, self.message, self.summary, self.download,
                          self.stations, self.deputies,
                          w.HTML("<hr><p>履职标准是数据文件（TOML），可复制现有文件修改数字后上传：</p>"),
                          w.HBox([self.upload, self.upload_button])])

    def run(self, _=None) -> None:
        """Apply the standard (the button is off and the old result gone while it works)."""
        self._working("对照", [self.summary, self.deputies, self.stations, self.download])
        try:
            self._run()
        finally:
            self._done(self.summary)

    @guarded
    def _run(self) -> None:
        rules, period = self._chosen(), self.period.value.strip()
        with self.db.reader() as s:
            deps = evaluate_deputies(s, rules, period, self.scope.value or None)
            sts = evaluate_stations(s, rules, period, self.scope.value or None)
        behind = deps[deps["未达标项数"] > 0]
        shown = [c for c in deps.columns if not c.endswith("（达标期数）") and c != "id"]
        stations_behind = (f"，{int((sts['未达标项数'] > 0).sum())}个站点有未达标项"
                           if any(r.subject == "station" for r in rules.requirements) else "")
        scope = self.scope.label.strip() if self.scope.value else "全部站点"
        self.summary.value = html("<h3 class='lz-std-title'>{} · {} · {}</h3><p>{}名代表中 <b>{}</b> 名有未达标项{}。</p>",
                                  rules.name, period, scope, len(deps), len(behind), stations_behind)
        self.deputies.value = html("<h4>代表（未达标项多的在前，显示前{}名）</h4>{}",
                                   min(SHOWN, len(deps)), table_html(deps[shown].head(SHOWN)))
        station_cols = [c for c in sts.columns if not c.endswith("（达标期数）") and c != "id"]
        self.stations.value = (Markup("<h4>站点</h4>") + table_html(sts[station_cols].sort_values("未达标项数", ascending=False).head(SHOWN))
                               if len(station_cols) > 3 else "")
        data = write_xlsx_sheets({"代表": frame_sheet(deps.drop(columns=["id"])), "站点": frame_sheet(sts.drop(columns=["id"]))})
        self.download.value = download_link(data, f"{rules.name}-{self.period.value}.xlsx", "导出完整结果（Excel）")
        self.message.clear()

    @guarded
    def add_rules(self, _=None) -> None:
        """Check an uploaded rule file and, if it is sound, add it to the list."""
        content, name = uploaded(self.upload, "请先选择标准文件（.toml）")
        with self.db.unit_of_work() as s:
            rules = add_rules_file(s, name, content)
        self.reload_rules()
        self.message.show(f"已加入「{rules.name}」（{len(rules.requirements)}项要求）。", "ok")
