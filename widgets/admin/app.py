"""AdminApp: 系统管理 — users, roles and scopes; the operation log; city-wide settings."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database, connect
from toolkit.core.settings import SETTINGS

from ..pieces.lazy_tabs import LazyTabs, tab_part
from ..pieces.settings_form import SettingsForm
from .audit import AuditPanel
from .users import UsersPanel

TABS = ("用户与权限", "操作日志", "系统参数")


class AdminApp(LazyTabs):
    """Who may sign in and where they act; what everyone did. Each rule is in the toolkit; each
    tab is built when first opened."""

    users, audit = tab_part(0), tab_part(1)
    settings = tab_part(2, "_settings")

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        super().__init__(list(zip(TABS, [lambda: UsersPanel(self.db), lambda: AuditPanel(self.db),
                                          self._settings_tab])))

    def _settings_tab(self) -> w.Widget:
        self._settings = SettingsForm(self.db, [n for n, spec in SETTINGS.items() if spec.group == "intake"])
        return w.VBox([w.HTML("<p>群众扫码留言的防刷限制（联络站大厅的平板对所有来访群众是同一来源，可酌情调高）：</p>"),
                       self._settings])
