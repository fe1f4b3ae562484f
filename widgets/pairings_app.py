"""PairingsApp: the 三联结对 app for county staff."""
from __future__ import annotations

import ipywidgets as w

from toolkit.db import Database, connect

from .pairing_list import PairingListPanel
from .pairing_network import PairingNetworkPanel
from .pairing_new import PairingNewPanel
from .pairing_plan import PairingPlanPanel

TABS = ("结对名单", "新建结对", "建议方案", "网络图与设置")


class PairingsApp(w.Tab):
    """The list (with contacts), hand-made pairings, the planner, the network view."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.pairs = PairingListPanel(self.db)
        self.new = PairingNewPanel(self.db)
        self.planner = PairingPlanPanel(self.db)
        self.network = PairingNetworkPanel(self.db)
        super().__init__(children=[self.pairs, self.new, self.planner, self.network], titles=TABS)
        for panel in (self.new, self.planner):
            panel.observe(lambda _: self._changed(), "changed")
        self.pairs.observe(lambda _: self.network.refresh(), "changed")

    def _changed(self) -> None:
        self.pairs.search()
        self.network.refresh()
