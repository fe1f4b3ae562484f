"""DepartmentPanel: the directory of 承办单位 with each unit's load; add a unit."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.cases.services import add_department, department_load
from toolkit.core.db import Database
from toolkit.core.errors import ValidationFailed

from ..pieces.common import MessageArea, guarded, table_html


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
        self.name = w.Text(description="单位名称")
        self.contact = w.Text(description="联系人")
        self.phone = w.Text(description="电话")
        self.add_button = w.Button(description="新增承办单位")
        self.view_button.on_click(lambda _: setattr(self, "chosen_id", self.unit.value))
        self.add_button.on_click(self.add)
        super().__init__([w.HBox([self.unit, self.view_button]), self.message, self.table,
                          w.HTML("<b>新增承办单位</b>"), w.HBox([self.name, self.contact, self.phone, self.add_button])])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Reload the directory and the counts."""
        with self.db.reader() as s:
            self.frame = department_load(s)
        self.unit.options = [(r["承办单位"], int(r["id"])) for _, r in self.frame.iterrows()]
        self.table.value = table_html(self.frame.sort_values("超期", ascending=False))

    def show_field_errors(self, error: ValidationFailed) -> None:
        """The only field that can be wrong is the name."""

    @guarded
    def add(self, _=None) -> None:
        """Add a unit to the directory."""
        with self.db.unit_of_work() as s:
            add_department(s, self.name.value, self.contact.value, self.phone.value)
        self.message.show(f"已新增承办单位「{self.name.value.strip()}」。", "ok")
        self.name.value = self.contact.value = self.phone.value = ""
        self.refresh()
        self.changed += 1
