"""AdminApp: 系统管理 — users, roles and scopes; the operation log; city-wide settings."""
from __future__ import annotations

import ipywidgets as w

from toolkit.db import Database, connect
from toolkit.settings import SETTINGS

from .admin_audit import AuditPanel
from .admin_users import UsersPanel
from .settings_form import SettingsForm

TABS = ("用户与权限", "操作日志", "系统参数")


class AdminApp(w.Tab):
    """Who may sign in and where they act; what everyone did. Each rule is in the toolkit."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.users, self.audit = UsersPanel(self.db), AuditPanel(self.db)
        self.settings = SettingsForm(self.db, [n for n, spec in SETTINGS.items() if spec.group == "intake"])
        super().__init__(children=[self.users, self.audit, w.VBox([
            w.HTML("<p>群众扫码留言的防刷限制（联络站大厅的平板对所有来访群众是同一来源，可酌情调高）：</p>"),
            self.settings])], titles=TABS)
