"""DutyApp: 履职活动与档案 — activities, the duty standards, points, the rota, the archive."""
from __future__ import annotations

import ipywidgets as w

from toolkit.db import Database, connect

from .duty_activity import ActivityPanel
from .duty_archive import ArchivePanel
from .duty_reports import ReportsPanel
from .duty_rota import RotaPanel
from .duty_standards import PointsPanel, StandardsPanel

TABS = ("活动登记", "履职标准", "履职积分", "轮值排班", "电子履职档案", "报告")


class DutyApp(w.Tab):
    """One tab per task; every rule is in the toolkit."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.activity, self.standards = ActivityPanel(self.db), StandardsPanel(self.db)
        self.points, self.rota, self.archive = PointsPanel(self.db), RotaPanel(self.db), ArchivePanel(self.db)
        self.reports = ReportsPanel(self.db)
        super().__init__(children=[self.activity, self.standards, self.points, self.rota, self.archive, self.reports],
                         titles=TABS)
