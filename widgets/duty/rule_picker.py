"""The rule file, the period and the scope that 履职标准 and 履职积分 both ask for, and the sign of work
while a result is worked out."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.duty.standards import available_rules, load_rules

from ..pieces.station_picker import StationPicker

LABEL = {"description_width": "90px"}


def frame_sheet(df):
    """A result table as a sheet for write_xlsx_sheets: its header and its rows, blanks for missing values."""
    return list(df.columns), df.astype(object).where(df.notna(), "").values.tolist()


class RulePicker:
    """The rule file, the period and the scope, for a panel that applies a standard (a mixin of StandardsPanel and PointsPanel)."""

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
