"""AdminApp: 系统管理 — users, roles and scopes; the operation log."""
from __future__ import annotations

import ipywidgets as w

from toolkit.db import Database, connect

from .admin_audit import AuditPanel
from .admin_users import UsersPanel

TABS = ("用户与权限", "操作日志")


class AdminApp(w.Tab):
    """Who may sign in and where they act; what everyone did. Each rule is in the toolkit."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.users, self.audit = UsersPanel(self.db), AuditPanel(self.db)
        super().__init__(children=[self.users, self.audit], titles=TABS)
