"""DepartmentPanel: the directory of 承办单位 with each unit's load; add a unit; where a unit hears of its cases."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.cases.stats import department_load
from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError, ValidationFailed
from toolkit.network.department_directory import add_department, department_contacts, set_department_contacts

from ..pieces.common import Field, MessageArea, guarded, table_html


class DepartmentPanel(w.VBox):
    """`chosen_id` asks the app to show that unit's cases."""

    chosen_id = traitlets.Int(None, allow_none=True, help="the unit whose cases to show")
    changed = traitlets.Int(0, help="bumped after a unit is added")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.table = w.HTML()
        self.unit = w.Dropdown(description="承办单位", layout=w.Layout(width="420px"))
        self.view_button = w.Button(description="查看该单位的案件", button_style="primary", layout=w.Layout(width="160px"))
        self.name = Field("单位名称", w.Text(), required=True)
        self.contact = Field("联系人", w.Text())
        self.phone = Field("电话", w.Text())
        self.add_button = w.Button(description="新增承办单位")
        # Where the chosen unit hears of its cases (toolkit.notify): the robot's address is a key, so
        # the box never shows it, only whether there is one.
        self.email = Field("电子邮箱", w.Text(placeholder="如 banli@example.gov.cn", layout=w.Layout(width="300px")))
        self.robot = Field("群机器人地址", w.Text(layout=w.Layout(width="420px")))
        self.clear_robot = w.Checkbox(description="删除已设置的群机器人", value=False)
        self.contacts_button = w.Button(description="保存通知方式")
        self.fields = {"电子邮箱": self.email, "群机器人地址": self.robot, "单位名称": self.name}
        self.view_button.on_click(lambda _: setattr(self, "chosen_id", self.unit.value))
        self.add_button.on_click(self.add)
        self.contacts_button.on_click(self.save_contacts)
        self.unit.observe(lambda _: self.load_contacts(), "value")
        # The chosen unit's contacts sit under its name, above the long table, so they are seen.
        super().__init__([w.HBox([self.unit, self.view_button]),
                          w.HTML("<b>所选单位的通知方式</b>（交办、催办、不满意退回时发送；企业微信或钉钉群机器人的 Webhook 地址）"),
                          w.HBox([self.email, self.robot]), w.HBox([self.clear_robot, self.contacts_button]),
                          self.message, self.table,
                          w.HTML("<b>新增承办单位</b>"), self.name, self.contact, self.phone, self.add_button])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Reload the directory and the counts."""
        with self.db.reader() as s:
            self.frame = department_load(s)
        current = self.unit.value
        self.unit.options = [(r["承办单位"], int(r["id"])) for _, r in self.frame.iterrows()]
        values = [v for _, v in self.unit.options]
        self.unit.value = current if current in values else (values[0] if values else None)
        self.table.value = table_html(self.frame.sort_values("超期", ascending=False))

    def show_field_errors(self, error: ValidationFailed) -> None:
        """Each message under its field."""
        by_field = {e.field: e.message for e in error.errors}
        for label, field in self.fields.items():
            field.set_error(by_field.get(label))

    @guarded
    def load_contacts(self) -> None:
        """The chosen unit's e-mail, and whether it has a robot."""
        self.show_field_errors(ValidationFailed([]))
        if self.unit.value is None:
            return
        with self.db.reader() as s:
            email, has_robot = department_contacts(s, self.unit.value)
        self.email.value, self.robot.value, self.clear_robot.value = email, "", False
        self.robot.control.placeholder = "已设置（留空则保持不变）" if has_robot else "https://qyapi.weixin.qq.com/… 或 https://oapi.dingtalk.com/…"
        self.clear_robot.layout.display = None if has_robot else "none"

    @guarded
    def save_contacts(self, _=None) -> None:
        """Save the chosen unit's e-mail and robot (an empty robot box keeps the one there is)."""
        self.show_field_errors(ValidationFailed([]))
        name = next((n for n, v in self.unit.options if v == self.unit.value), None)
        if name is None:
            raise ToolkitError("请先选择承办单位")
        robot = "" if self.clear_robot.value else (self.robot.value.strip() or None)
        with self.db.unit_of_work() as s:
            set_department_contacts(s, name, self.email.value, robot)
        self.refresh()
        self.load_contacts()           # the robot box empties: its address is not shown again
        self.message.show(f"已保存「{name}」的通知方式。", "ok")

    @guarded
    def add(self, _=None) -> None:
        """Add a unit to the directory."""
        self.show_field_errors(ValidationFailed([]))
        with self.db.unit_of_work() as s:
            add_department(s, self.name.value, self.contact.value, self.phone.value)
        self.message.show(f"已新增承办单位「{self.name.value.strip()}」。", "ok")
        self.name.value = self.contact.value = self.phone.value = ""
        self.refresh()
        self.changed += 1
