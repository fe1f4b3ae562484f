"""DutyApp: 履职活动与档案 — activities, the duty standards, points, the rota, the archive."""
from __future__ import annotations

from toolkit.core.db import Database, connect

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .activity import ActivityPanel
from .archive import ArchivePanel
from .points import PointsPanel
from .reports import ReportsPanel
from .rota import RotaPanel
from .standards import StandardsPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("活动登记", ActivityPanel), ("履职标准", StandardsPanel), ("履职积分", PointsPanel), ("轮值排班", RotaPanel),
        ("电子履职档案", ArchivePanel), ("报告", ReportsPanel))


class DutyApp(LazyTabs):
    """One tab per task, each built when first opened; every rule is in the toolkit."""

    activity, standards, points, rota, archive, reports = (tab_part(i) for i in range(6))

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        super().__init__([(title, lambda cls=cls: cls(self.db)) for title, cls in TABS])
