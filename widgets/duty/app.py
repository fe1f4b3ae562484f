"""DutyApp: 履职活动与档案 — activities, the duty standards, points, the rota, the archive."""
from __future__ import annotations

from toolkit.core.db import Database, connect

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .activity import ActivityPanel
from .archive import ArchivePanel
from .reports import ReportsPanel
from .rota import RotaPanel
from .standards import PointsPanel, StandardsPanel

TABS = ("活动登记", "履职标准", "履职积分", "轮值排班", "电子履职档案", "报告")


class DutyApp(LazyTabs):
    """One tab per task, each built when first opened; every rule is in the toolkit."""

    activity, standards, points, rota, archive, reports = (tab_part(i) for i in range(6))

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        panels = (ActivityPanel, StandardsPanel, PointsPanel, RotaPanel, ArchivePanel, ReportsPanel)
        super().__init__([(title, lambda cls=cls: cls(self.db)) for title, cls in zip(TABS, panels)])
