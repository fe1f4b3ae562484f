"""CaseDetailPanel: one case, its timeline, and a button for each step allowed now."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from toolkit.cases.deadlines import proposed_deadline
from toolkit.cases.links import link_same_matter, may_link, same_matter, unlink
from toolkit.cases.queries import case_detail
from toolkit.cases.services import act, actions_for, supervise, timeline
from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import CASE_ACTIONS, RATINGS, SUPERVISION
from toolkit.core.markup import html, join
from toolkit.network.department_directory import departments
from toolkit.triage import advise

from ..pieces.common import MessageArea, guarded, table_html
from .advice import AdviceBox

SHOWN = ["编号", "类型", "受理日期", "渠道", "类别", "所属站点", "接收代表", "反映人", "联系电话",
         "地点", "承办单位", "办理时限", "状态", "督办", "超期", "评价", "办理轮次"]


class CaseDetailPanel(w.VBox):
    """Shows `case_id`; each action button calls the toolkit, which has the last word."""

    case_id = traitlets.Int(None, allow_none=True, help="the case shown")
    changed = traitlets.Int(0, help="bumped after every step taken")

    def __init__(self, db: Database):
        self.db = db
        self.version = None
        self.message = MessageArea()
        self.summary = w.HTML()
        self.history = w.HTML()
        self.department = w.Dropdown(description="承办单位", layout=w.Layout(width="380px"))
        self.deadline = w.DatePicker(description="办理时限", value=date.today())   # the rule's date once a case is chosen
        self.rating = w.Dropdown(description="评价", options=RATINGS)
        self.note = w.Text(description="说明", placeholder="办理进展、答复内容（答复时必填）或备注",
                           layout=w.Layout(width="560px"))
        self.note.add_class("lz-case-note")
        self.buttons = w.HBox()
        self.supervision = w.Dropdown(description="督办", options=[(v, k) for k, v in SUPERVISION.items()])
        self.leader = w.Text(description="领衔领导", placeholder="领衔督办时填写")
        self.supervise_button = w.Button(description="标记督办", button_style="warning")
        self.supervise_button.on_click(self.mark_supervised)
        self.params = w.VBox([self.department, self.deadline, self.rating])
        self.same = w.HTML()
        self.advice = AdviceBox("与较早的案件为同一事项")
        self.link_button = w.Button(description="标记为同一事项", icon="link")
        self.link_button.add_class("lz-link-same")
        self.link_button.on_click(self.link)
        self.unlink_button = w.Button(description="取消同一事项标记", icon="unlink")
        self.unlink_button.add_class("lz-unlink-same")
        self.unlink_button.on_click(self.unlink)
        self.advice.children += (w.HBox([self.link_button, self.unlink_button]),)
        self.supervise_row = w.HBox([self.supervision, self.leader, self.supervise_button])
        # After 已被他人修改: the case as it is now, in one click (what was typed in 说明 is kept).
        self.refresh_button = w.Button(description="刷新", icon="refresh", layout=w.Layout(display="none"))
        self.refresh_button.add_class("lz-refresh")
        self.refresh_button.on_click(self.reload)
        super().__init__([self.summary, self.same, self.advice, self.note, self.params, self.buttons,
                          w.HBox([self.message, self.refresh_button]),
                          self.supervise_row,
                          w.HTML("<b>办理过程</b>"), self.history])
        self.observe(lambda _: self.refresh(), "case_id")
        self.reload_departments()
        self.refresh()

    def reload_departments(self) -> None:
        """The directory of 承办单位."""
        with self.db.reader() as s:
            self.department.options = [(n, i) for i, n in departments(s)]

    def offer_refresh(self) -> None:
        """Shown after a stale edit (pieces.common.guarded)."""
        self.refresh_button.layout.display = None

    def reload(self, _=None) -> None:
        """刷新: the case as saved now; the message says so."""
        self.refresh()
        self.message.show("已刷新为最新内容，请核对后再操作。", "info")

    @guarded
    def refresh(self) -> None:
        """Reload the case; offer only the steps its state allows."""
        self.refresh_button.layout.display = "none"
        if self.case_id is None:
            self.summary.value, self.history.value, self.same.value = "<i>请在上方列表中选中一件案件。</i>", "", ""
            self.buttons.children, self.params.layout.display = (), "none"
            self.advice.clear()
            self.advice.layout.display = "none"
            self.supervise_row.layout.display = "none"
            return
        with self.db.reader() as s:
            self.detail = case_detail(s, self.case_id)
            steps = timeline(s, self.case_id)
            self.allowed, may_supervise = actions_for(s, self.case_id)   # the state's steps this user may take
            if {"assign", "transfer", "to_suggestion"} & set(self.allowed):
                self.deadline.value = proposed_deadline(s, self.case_id)   # the rule's, in working days
            earlier, later = same_matter(s, self.case_id)
            self.may_link = may_link(s, self.case_id)
            advice = advise(s, self.detail["反映内容"], int(self.detail["station_id"]), case_id=self.case_id) \
                if self.detail["state"] != "concluded" else None
        self.version = int(self.detail["version"])
        rows = join(html("<tr><th>{}</th><td>{}</td></tr>", k, self.detail[k]) for k in SHOWN if self.detail.get(k) != "")
        self.summary.value = html("<h3>案件 {}</h3><p style='font-size:15px'>{}</p><table class='lz-table'>{}</table>",
                                  self.detail["编号"], self.detail["反映内容"], rows)
        self.history.value = table_html(steps)
        self.buttons.children = [self._button(a) for a in self.allowed]
        needs = {"assign", "transfer", "to_suggestion"} & set(self.allowed)
        self.department.layout.display = self.deadline.layout.display = "" if needs else "none"
        self.rating.layout.display = "" if "evaluate" in self.allowed else "none"
        self.params.layout.display = ""
        self.supervise_row.layout.display = "" if may_supervise else "none"
        self._show_same(earlier, later, advice, needs)

    def _show_same(self, earlier, later, advice, assignable) -> None:
        """The links to other cases of the same matter, and the suggestions (the unit preselected only
        when a unit is to be chosen now and the city's confidence is reached)."""
        parts = ([html("与较早的案件 <b>{}</b> 为同一事项", earlier)] if earlier else []) + \
                ([html("较晚的案件 <b>{}</b> 与本件为同一事项", "、".join(later))] if later else [])
        self.same.value = html("<div class='lz-same'>{}</div>", join(parts, "；")) if parts else ""
        self.advice.layout.display = "" if advice is not None else "none"
        if advice is None:
            self.advice.clear()
            return
        self.advice.show(advice, departments=bool(assignable))
        if assignable and advice.preselect_department in [i for _, i in self.department.options]:
            self.department.value = advice.preselect_department
            name = next(n for i, n, _ in advice.departments if i == advice.preselect_department)
            self.advice.note(f"已按建议预选承办单位「{name}」，交办前请确认或改选。")
        self.link_button.layout.display = "" if advice.duplicates and self.may_link else "none"
        self.unlink_button.layout.display = "" if earlier and self.may_link else "none"
        if not self.may_link:
            self.advice.pick.layout.display = "none"

    @guarded
    def link(self, _=None) -> None:
        """Link this case to the earlier one picked (the toolkit checks who may and which may be linked)."""
        if self.case_id is None or not self.advice.chosen:
            raise ToolkitError("请先在「可能重复」中选出较早的同一事项案件")
        number = self.advice.chosen
        with self.db.unit_of_work() as s:
            link_same_matter(s, self.case_id, number, expected_version=self.version)
        self.refresh()
        self.message.show(f"已标记与 {number} 为同一事项；{number} 办结时将通知本站。", "ok")
        self.changed += 1

    @guarded
    def unlink(self, _=None) -> None:
        """Undo a link made in error."""
        if self.case_id is None:
            raise ToolkitError("请先选中一件案件")
        with self.db.unit_of_work() as s:
            unlink(s, self.case_id, expected_version=self.version)
        self.refresh()
        self.message.show("已取消同一事项标记。", "ok")
        self.changed += 1

    def _button(self, action: str) -> w.Button:
        b = w.Button(description=CASE_ACTIONS[action], button_style="primary")
        b.add_class(f"lz-act-{action}")
        b.on_click(lambda _: self.take(action))
        return b

    @guarded
    def take(self, action: str) -> None:
        """Take a step; the toolkit refuses it if the state (or someone else) changed."""
        if self.case_id is None:
            raise ToolkitError("请先选中一件案件")
        params = {}
        if action in ("assign", "transfer", "to_suggestion"):
            params = {"department_id": self.department.value, "deadline": self.deadline.value}
        if action == "evaluate":
            params = {"rating": self.rating.value}
        with self.db.unit_of_work() as s:
            act(s, self.case_id, action, note=self.note.value,
                expected_version=self.version, **params)
        self.note.value = ""
        self.refresh()
        self.message.show(f"已{CASE_ACTIONS[action]}，当前状态：{self.detail['状态']}。", "ok")
        self.changed += 1

    @guarded
    def mark_supervised(self, _=None) -> None:
        """重点督办 or 领衔督办 (with the leader's name)."""
        if self.case_id is None:
            raise ToolkitError("请先选中一件案件")
        with self.db.unit_of_work() as s:
            supervise(s, self.case_id, self.supervision.value, leader=self.leader.value,
                      expected_version=self.version)
        self.refresh()
        self.message.show("已标记督办。", "ok")
        self.changed += 1
