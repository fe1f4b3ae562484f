"""AdminApp: 系统管理 — users, roles and scopes; the operation log; city-wide settings; the holiday calendar."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database, connect
from toolkit.core.settings import SETTINGS

from ..pieces.lazy_tabs import LazyTabs, tab_part
from ..pieces.settings_form import SettingsForm
from .audit import AuditPanel
from .calendar import CalendarPanel
from .outbox import OutboxPanel
from .users import UsersPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("用户与权限", UsersPanel), ("操作日志", AuditPanel), ("系统参数", SettingsForm), ("节假日日历", CalendarPanel),
        ("通知", OutboxPanel))


class AdminApp(LazyTabs):
    """Who may sign in and where they act; what everyone did. Each rule is in the toolkit; each
    tab is built when first opened."""

    users, audit = tab_part(0), tab_part(1)
    settings = tab_part(2, "_settings")
    calendar = tab_part(3)
    outbox = tab_part(4)

    def __init__(self, db: Database | None = None, today: date | None = None):
        self.db = db or connect()
        # From December the calendar tab's own page says when next year's calendar is missing (the
        # title stays a name: a warning as a tab title read as the tab's name).
        super().__init__(list(zip([t for t, _ in TABS], [lambda: UsersPanel(self.db), lambda: AuditPanel(self.db),
                                            self._settings_tab, lambda: CalendarPanel(self.db, today),
                                            lambda: OutboxPanel(self.db)])))

    def _settings_tab(self) -> w.Widget:
        self._settings = SettingsForm(self.db, [n for n, spec in SETTINGS.items() if spec.group == "intake"])
        self._deadlines = SettingsForm(self.db, [n for n, spec in SETTINGS.items() if spec.group == "deadlines"])
        self._triage = SettingsForm(self.db, [n for n, spec in SETTINGS.items() if spec.group == "triage"])
        return w.VBox([w.HTML("<p>群众扫码留言的防刷限制：每名代表、每位访客（一部手机或一个浏览器）、每个网络地址每小时的上限"
                              "（联络站大厅的平板是所有来访群众共用的一位访客，可酌情调高）：</p>"),
                       self._settings,
                       w.HTML("<p>交办时建议的办理时限（工作日；工作人员仍可另选日期，另选的日期不随日历调整）：</p>"),
                       self._deadlines,
                       w.HTML("<p>智能建议（类别、承办单位、可能重复）只作参考，从不自动交办：</p>"),
                       self._triage])
