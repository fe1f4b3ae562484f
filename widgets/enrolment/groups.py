"""GroupPanel: 代表小组 — set up a group (township or field, leader, members of any level), log its
activities, and every group's quarter at a glance (met? who came? what came of it?)."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import ACTIVITY_KINDS, GROUP_KINDS
from toolkit.core.markup import html
from toolkit.duty.activities import ActivityForm, log_activity
from toolkit.duty.group_quarter import current_quarter, group_quarter
from toolkit.network.groups import GroupForm, deputy_choices, list_groups, read_group, save_group

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.row_grid import RowGrid
from ..pieces.station_picker import StationPicker

COLUMNS = ["小组", "类型", "活动站点", "组长", "成员数"]


def _quarters(today: date | None = None) -> list[str]:
    """This quarter and the three before it, newest first."""
    today = today or date.today()
    out, y, q = [], today.year, (today.month - 1) // 3 + 1
    for _ in range(4):
        out.append(f"{y}-Q{q}")
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return out


class GroupPanel(w.VBox):
    """The groups (打开 one into the form), the form, a group activity, the quarter table."""

    def __init__(self, db: Database):
        self.db = db
        self.group_id: int | None = None
        self.message = MessageArea()
        self.rows = RowGrid(COLUMNS, 40, self.open_group)
        self.name = w.Text(description="小组名称", placeholder="如 五松镇代表小组", layout=w.Layout(width="460px"))
        self.kind = w.Dropdown(description="类型", options=[(v, k) for k, v in GROUP_KINDS.items()])
        self.field = w.Text(description="专业领域", placeholder="按专业领域时填写，如 农业农村")
        self.station = StationPicker(db, "活动站点", scoped=True, layout=w.Layout(width="460px"))
        self.leader = w.Dropdown(description="组长", layout=w.Layout(width="360px"))
        self.members = w.SelectMultiple(description="成员", rows=8, layout=w.Layout(width="460px"))
        self.heading = w.HTML()
        self.save_button = w.Button(description="保存小组", button_style="primary", icon="save")
        self.new_button = w.Button(description="新建小组", icon="plus")
        self.held_on = w.DatePicker(description="活动日期", value=date.today())
        self.activity_kind = w.Dropdown(description="活动类型", options=[(v, k) for k, v in ACTIVITY_KINDS.items()],
                                        value="theme")
        self.title = w.Text(description="活动名称", placeholder="如 小组季度集中活动：老旧小区改造调研", layout=w.Layout(width="460px"))
        self.attendees = w.SelectMultiple(description="参加成员", rows=6, layout=w.Layout(width="460px"))
        self.log_button = w.Button(description="登记小组活动", icon="check", disabled=True)
        self.period = w.Dropdown(description="季度", options=_quarters(), value=current_quarter())
        self.quarter = w.HTML()
        self.save_button.on_click(self.save)
        self.new_button.on_click(lambda _: self.new())
        self.log_button.on_click(self.log_activity)
        self.station.observe(lambda _: self._offer_people(), "value")
        self.period.observe(lambda _: self.show_quarter(), "value")
        super().__init__([self.message, self.rows, w.HTML("<hr>"), self.heading, self.name, w.HBox([self.kind, self.field]),
                          self.station.with_search(), self.leader, self.members, w.HBox([self.save_button, self.new_button]),
                          w.HTML("<hr><b>登记小组活动</b>（先在上方打开一个小组）"), w.HBox([self.held_on, self.activity_kind]),
                          self.title, self.attendees, self.log_button,
                          w.HTML("<hr><h3>各小组季度情况</h3>"), self.period, self.quarter])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """The list and the quarter again; the form emptied."""
        with self.db.reader() as s:
            groups = list_groups(s)
        self.rows.show(pd.DataFrame(groups, columns=["id", *COLUMNS]))
        self.message.show(f"共{len(groups)}个代表小组。" if groups else "尚未建立代表小组：在下方填写后保存。")
        self.new()
        self.show_quarter()

    def _offer_people(self) -> None:
        with self.db.reader() as s:
            choices = deputy_choices(s, self.station.value)
        keep = self.members.value
        self.members.options = choices
        self.members.value = tuple(v for v in keep if v in {c for _, c in choices})
        self.leader.options = [("（未定）", None), *choices]

    def new(self) -> None:
        """An empty form."""
        self.group_id = None
        self.name.value = self.field.value = self.title.value = ""
        self._offer_people()
        self.members.value = ()
        self.attendees.options = []
        self.log_button.disabled = True
        self.heading.value = html("<b>{}</b>", "新建代表小组")

    @guarded
    def open_group(self, group_id: int) -> None:
        """Put a group in the form; its members offered as attendees."""
        with self.db.reader() as s:
            form = read_group(s, group_id)
        self.group_id = group_id
        self.station.value = form.station_id
        self._offer_people()
        self.name.value, self.kind.value, self.field.value = form.name, form.kind, form.field
        self.members.value = tuple(form.member_ids)
        self.leader.value = form.leader_id
        self.attendees.options = [(label, v) for label, v in self.members.options if v in form.member_ids]
        self.log_button.disabled = False
        self.heading.value = html("<b>编辑代表小组</b>：{}", form.name)

    @guarded
    def save(self, _=None) -> None:
        """Save the form (the toolkit checks the fields, the members and the permission)."""
        form = GroupForm(self.name.value, self.kind.value, self.station.value, self.leader.value,
                         list(self.members.value), self.field.value)
        with self.db.unit_of_work() as s:
            group_id = save_group(s, form, self.group_id).id
        self.refresh()
        self.open_group(group_id)
        self.message.show(f"已保存「{form.name.strip()}」。", "ok")

    @guarded
    def log_activity(self, _=None) -> None:
        """Log an activity of the open group, at its station, with the members who came."""
        if self.group_id is None:
            raise ToolkitError("请先在上方打开一个代表小组")
        form = ActivityForm(self.station.value, self.activity_kind.value, self.held_on.value, self.title.value,
                            deputy_ids=list(self.attendees.value), group_id=self.group_id)
        with self.db.unit_of_work() as s:
            log_activity(s, form)
        self.title.value, self.attendees.value = "", ()
        self.message.show("已登记小组活动。", "ok")
        self.show_quarter()

    @guarded
    def show_quarter(self) -> None:
        """Every group's quarter (the database counts)."""
        with self.db.reader() as s:
            table = group_quarter(s, self.period.value)
        quiet = int((table["是否开展活动"] == "否").sum()) if len(table) else 0
        self.quarter.value = (html("<p>{}个小组中{}个本季度尚未开展活动。</p>", len(table), quiet) + table_html(table)
                              if len(table) else html("<p>{}</p>", "尚无代表小组。"))
