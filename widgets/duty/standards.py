"""StandardsPanel and PointsPanel: apply a rule file to a period and a scope — each requirement
met, not yet or missed per deputy and per station, who is behind first — and the duty points."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import Markup, html
from toolkit.duty.measures import MEASURES
from toolkit.duty.points import duty_points
from toolkit.duty.standards import add_rules_file, available_rules, evaluate_deputies, evaluate_stations, load_rules
from toolkit.formats.spreadsheets import write_xlsx_sheets

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.station_picker import StationPicker

LABEL = {"description_width": "90px"}
SHOWN = 100


def _frame_sheet(df):
    return list(df.columns), df.astype(object).where(df.notna(), "").values.tolist()


class _RulePicker:
    """The rule file, the period and the scope, shared by both panels."""

    def _pickers(self, db: Database) -> list:
        self.rules = w.Dropdown(description="履职标准", layout=w.Layout(width="380px"), style=LABEL)
        self.period = w.Text(description="期间", value=str(date.today().year), placeholder="2026、2026-Q2 或 2026-05",
                             style=LABEL)
        self.period.add_class("lz-std-period")
        self.scope = StationPicker(db, "范围", blank="全部", blank_value=0, layout=w.Layout(width="380px"), style=LABEL)
        self.reload_rules()
        return [w.HBox([self.rules, self.period]), self.scope.with_search()]

    def reload_rules(self) -> None:
        """The rule files on disk."""
        self.rules.options = [(name, str(path)) for name, path in available_rules().items()]
        self.rules.index = 0 if self.rules.options else None

    def _chosen(self):
        if self.rules.value is None:
            raise ToolkitError("没有可用的履职标准文件")
        return load_rules(self.rules.value)

    def _working(self, what: str, outputs: list) -> None:
        """Say what is being worked out, with the old result gone and the button off until done."""
        self.run_button.disabled = True
        for out in outputs:
            out.value = ""
        outputs[0].value = html("<p class='lz-working'>正在{}「{}」（期间：{}）……</p>",
                                what, self.rules.label or "", self.period.value.strip())

    def _done(self, first) -> None:
        if "lz-working" in str(first.value):      # refused: the message says why, no stale sign of work
            first.value = ""
        self.run_button.disabled = False


class StandardsPanel(w.VBox, _RulePicker):
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
        data = write_xlsx_sheets({"代表": _frame_sheet(deps.drop(columns=["id"])), "站点": _frame_sheet(sts.drop(columns=["id"]))})
        self.download.value = download_link(data, f"{rules.name}-{self.period.value}.xlsx", "导出完整结果（Excel）")
        self.message.clear()

    @guarded
    def add_rules(self, _=None) -> None:
        """Check an uploaded rule file and, if it is sound, add it to the list."""
        if not self.upload.value:
            raise ToolkitError("请先选择标准文件（.toml）")
        f = self.upload.value[0]
        with self.db.unit_of_work() as s:
            rules = add_rules_file(s, f["name"], f["content"])
        self.reload_rules()
        self.message.show(f"已加入「{rules.name}」（{len(rules.requirements)}项要求）。", "ok")


class PointsPanel(w.VBox, _RulePicker):
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
        data = write_xlsx_sheets({"履职积分": _frame_sheet(df.drop(columns=["id"]))})
        self.download.value = download_link(data, f"履职积分-{self.period.value}.xlsx", "导出全部积分（Excel）")
        self.message.clear()
