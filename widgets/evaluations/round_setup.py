"""新建测评: set up a round and add what is rated; publishes the round it made (`created_id`)."""
from __future__ import annotations

from datetime import date, timedelta

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import EVAL_RATER_KINDS, EVAL_TARGET_KINDS, LEVELS
from toolkit.evaluations.services import add_department_targets, add_target, create_round

from ..pieces.common import MessageArea, guarded
from ..pieces.station_picker import StationPicker

WIDE = w.Layout(width="460px")


class RoundSetupPanel(w.VBox):
    """The round's form, then its targets (for the round chosen in the app's picker)."""

    round_id = traitlets.Int(None, allow_none=True, help="the round chosen in the app")
    created_id = traitlets.Int(None, allow_none=True, help="the round this panel set up last")
    changed = traitlets.Int(0, help="counts changes to the chosen round's targets")

    def __init__(self, db: Database, rounds: w.Widget):
        self.db = db
        self.message = MessageArea()
        self.name = w.Text(description="测评名称", layout=WIDE)
        self.target_kind = w.Dropdown(description="测评对象", options=[(v, k) for k, v in EVAL_TARGET_KINDS.items()], layout=WIDE)
        self.rater_kind = w.Dropdown(description="参评人", options=[(v, k) for k, v in EVAL_RATER_KINDS.items()], layout=WIDE)
        self.rater_level = w.Dropdown(description="代表层级", options=[("（不限）", None)] + [(v, k) for k, v in LEVELS.items()], index=0)
        self.rater_station = StationPicker(db, "代表所在", blank="（不限）", layout=WIDE)
        self.with_comment = w.Checkbox(description="允许填写意见", value=True)
        self.opens = w.DatePicker(description="开始", value=date.today())
        self.closes = w.DatePicker(description="结束", value=date.today() + timedelta(days=14))
        self.items = w.Textarea(description="评分项", placeholder="每行一项，如：答复是否及时", layout=WIDE)
        self.numerator = w.Dropdown(description="满意率分子", options=[("满意 + 基本满意", "both"), ("仅满意", "satisfied-only")])
        self.denominator = w.Dropdown(description="满意率分母", options=[("全部有效票（含弃权）", "responses"), ("不含弃权", "rated")])
        self.members = w.IntText(description="组成人员数", value=0)
        self.limit = w.Text(description="不满意率整改线", value="1/3")
        self.create_button = w.Button(description="建立测评", button_style="primary")
        self.create_button.add_class("lz-eval-ready")
        self.create_button.on_click(self.create)
        self.target_label = w.Text(description="测评对象", layout=WIDE)
        self.add_button = w.Button(description="加入测评对象")
        self.all_depts = w.Button(description="加入全部承办单位", layout=w.Layout(width="160px"))
        self.add_button.on_click(self.add_one)
        self.all_depts.on_click(self.add_departments)
        for control in (self.name, self.target_kind, self.rater_kind, self.rater_level, self.rater_station, self.opens,
                        self.closes, self.items, self.numerator, self.denominator, self.members, self.limit):
            control.style.description_width = "110px"  # long Chinese labels are cut at the default width
        super().__init__([self.name, self.target_kind, self.rater_kind, self.rater_level, self.rater_station,
                          w.HBox([self.opens, self.closes]), self.items, self.with_comment, self.numerator,
                          self.denominator, self.members, self.limit, self.create_button, self.message,
                          w.HTML("<hr><b>为选中的测评加入测评对象</b>"), rounds,
                          w.HBox([self.target_label, self.add_button, self.all_depts])])

    def _need_round(self) -> int:
        if self.round_id is None:
            raise ToolkitError("请先选择一个测评")
        return self.round_id

    @guarded
    def create(self, _=None) -> None:
        """Set up the round."""
        with self.db.unit_of_work() as s:
            rid = create_round(
                s, self.name.value, self.target_kind.value, self.rater_kind.value, self.opens.value,
                self.closes.value, items=self.items.value.splitlines(), numerator=self.numerator.value,
                denominator=self.denominator.value, members=self.members.value or None,
                rater_level=self.rater_level.value, rater_station_id=self.rater_station.value,
                with_comment=self.with_comment.value, unsatisfied_limit=self.limit.value.strip() or "1/3")
        self.created_id = rid          # after the commit: the app reads the new round at once
        self.message.show("已建立测评，请加入测评对象。", "ok")

    @guarded
    def add_one(self, _=None) -> None:
        """Add one target by name."""
        with self.db.unit_of_work() as s:
            add_target(s, self._need_round(), self.target_label.value)
        self.target_label.value = ""
        self.message.show("已加入测评对象。", "ok")
        self.changed += 1

    @guarded
    def add_departments(self, _=None) -> None:
        """Every active department."""
        with self.db.unit_of_work() as s:
            n = add_department_targets(s, self._need_round())
        self.message.show(f"已加入{n}个承办单位。", "ok")
        self.changed += 1
