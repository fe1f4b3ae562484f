"""UsersPanel: who may sign in, with which role and where; add, change, disable.

The panel only asks: whether this user may grant that role in that place is decided by
toolkit.admin.users (a county administrator within their subtree, nobody over their own account).
"""
from __future__ import annotations

import ipywidgets as w

from toolkit.admin.users import add_user, get_user, list_users, update_user
from toolkit.core.access import why_not
from toolkit.core.access_rules import ANALYST, DEPT, DEPUTY, PUBLIC, STATION_ROLES
from toolkit.core.db import Database
from toolkit.core.errors import ValidationFailed
from toolkit.core.glossary import ROLES
from toolkit.network.department_directory import departments
from toolkit.network.deputies import get_deputy

from ..pieces.common import Field, MessageArea, guarded, table_html
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker

NEW = ("（新建用户）", 0)   # 0, not None: a Dropdown shows None as no choice at all


class UsersPanel(w.VBox):
    """The user list on top, the form of the chosen (or a new) user below."""

    def __init__(self, db: Database):
        self.db, self.version = db, None
        self.message = MessageArea()
        self.table = w.HTML()
        self.chosen = w.Dropdown(layout=w.Layout(width="360px"))
        self.login = Field("登录名", w.Text(placeholder="统一登录的账号，如 zhangsan"), required=True)
        self.name = Field("姓名", w.Text(), required=True)
        self.role = Field("角色", w.Dropdown(options=[(v, k) for k, v in ROLES.items() if k != PUBLIC]), required=True)
        # （全市）is for analysts (none: the whole city); any other role is refused it by the service.
        self.station = Field("所在站点", StationPicker(self.db, "", scoped=True, blank="（全市，仅限分析员）", blank_value=0,
                                                   layout=w.Layout(width="360px")), required=True)
        self.department = Field("承办单位", w.Dropdown(layout=w.Layout(width="360px")), required=True)
        self.deputy = DeputyPicker(db, "代表本人")
        self.email = Field("电子邮箱", w.Text(placeholder="接收通知，如 zhangsan@example.gov.cn"))
        self.phone = Field("手机", w.Text(placeholder="没有电子邮箱时以短信通知"))
        self.active = w.Checkbox(description="启用（停用后不能登录）", value=True)
        self.save_button = w.Button(description="保存", button_style="primary")
        self.fields = {"登录名": self.login, "姓名": self.name, "角色": self.role, "管理范围": self.station,
                       "电子邮箱": self.email, "手机": self.phone}
        self.chosen.observe(lambda _: self.load(), "value")
        self.role.control.observe(lambda _: self._show_scope(), "value")
        self.save_button.on_click(self.save)
        self.form = w.VBox([self.login, self.name, self.role, self.station, self.department, self.deputy,
                            self.email, self.phone, self.active, self.save_button])
        super().__init__([self.table, w.HTML("<b>新增或修改用户</b>"), Field("选择用户", self.chosen), self.form, self.message])
        self.refresh()
        self._fill_choices()
        self._show_scope()

    @guarded
    def _fill_choices(self) -> None:
        p = self.db.principal
        with self.db.reader() as s:
            units = departments(s)
        self.station.control.reload()
        self.department.control.options = [(name, uid) for uid, name in units]
        if p is not None and why_not(p, "user.manage", station_id=p.station_id):
            self.form.layout.display = "none"
            self.message.show(f"{ROLES[p.role]}不能管理用户，这里只列出与您同一范围的账号。", "info")

    @guarded
    def refresh(self) -> None:
        """Reload the list of users this user may manage."""
        with self.db.reader() as s:
            frame = list_users(s)
        self.table.value = table_html(frame, hide=())
        current = self.chosen.value
        self.chosen.options = [NEW] + [(f"{r['登录名']}　{r['姓名']}（{r['角色']}）", int(r["编号"]))
                                              for _, r in frame.iterrows()]
        self.chosen.value = current if current in {v for _, v in self.chosen.options} else 0

    def _show_scope(self) -> None:
        """Only the scope field the chosen role acts in."""
        role = self.role.value
        for field, shown in ((self.station, role in STATION_ROLES or role == ANALYST), (self.department, role == DEPT),
                             (self.deputy, role == DEPUTY)):
            field.layout.display = None if shown else "none"

    @guarded
    def load(self) -> None:
        """Fill the form with the chosen user (or empty it for a new one)."""
        self.show_field_errors(ValidationFailed([]))
        self.message.clear()
        if not self.chosen.value:
            self.version = None
            self.login.control.disabled = False
            self.login.value, self.name.value, self.active.value = "", "", True
            self.email.value = self.phone.value = ""
            return
        with self.db.reader() as s:
            u = get_user(s, self.chosen.value)
            deputy_name = get_deputy(s, u.deputy_id).name if u.deputy_id else ""
            values = (u.login, u.name, u.role, u.station_id, u.department_id, u.deputy_id, u.active, u.version)
            self.email.value, self.phone.value = u.email or "", u.phone or ""
        login, name, role, station_id, department_id, deputy_id, active, self.version = values
        self.login.value, self.name.value, self.role.value, self.active.value = login, name, role, active
        self.login.control.disabled = True     # the login is what the server in front vouches for
        for field, value in ((self.station, station_id or 0), (self.department, department_id)):
            if value in {v for _, v in field.control.options}:
                field.value = value
        if deputy_id:
            self.deputy.text.value = deputy_name
            self.deputy.choice.value = deputy_id if deputy_id in {v for _, v in self.deputy.choice.options} else None

    def show_field_errors(self, error: ValidationFailed) -> None:
        """Put each message under its field."""
        by_field = {e.field: e.message for e in error.errors}
        for label, field in self.fields.items():
            field.set_error(by_field.get(label))
        scope = by_field.get("管理范围")
        self.department.set_error(scope)

    @guarded
    def save(self, _=None) -> None:
        """Add the user, or save the chosen one's changes."""
        self.show_field_errors(ValidationFailed([]))
        scope = dict(station_id=self.station.value or None, department_id=self.department.value, deputy_id=self.deputy.value,
                     email=self.email.value, phone=self.phone.value)
        with self.db.unit_of_work() as s:
            if not self.chosen.value:
                uid = add_user(s, self.login.value, self.name.value, self.role.value, **scope)
            else:
                uid = self.chosen.value
                update_user(s, uid, self.name.value, self.role.value, active=self.active.value,
                            expected_version=self.version, **scope)
        saved = f"已保存用户「{self.login.value.strip()}」（{ROLES[self.role.value]}）。"
        self.refresh()
        if self.chosen.value == uid:
            self.load()                # the form now holds the saved version
        else:
            self.chosen.value = uid    # loads it
        self.message.show(saved, "ok")
