"""PairingsApp: the 三联结对 app for county staff."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database, connect

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .listing import PairingListPanel
from .network import PairingNetworkPanel
from .new import PairingNewPanel
from .plan import PairingPlanPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("结对名单", PairingListPanel), ("新建结对", PairingNewPanel), ("建议方案", PairingPlanPanel),
        ("网络图与设置", PairingNetworkPanel))


class PairingsApp(LazyTabs):
    """The list (with contacts), hand-made pairings, the planner, the network view; each tab is
    built when first opened."""

    pairs, new, planner, network = (tab_part(i) for i in range(4))

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        super().__init__(list(zip([t for t, _ in TABS], [self._pairs_tab, lambda: self._changing(PairingNewPanel(self.db)),
                                          lambda: self._changing(PairingPlanPanel(self.db)),
                                          lambda: PairingNetworkPanel(self.db)])))

    def _pairs_tab(self) -> w.Widget:
        pairs = PairingListPanel(self.db)
        pairs.observe(lambda _: self._refresh_network(), "changed")
        return pairs

    def _changing(self, panel: w.Widget) -> w.Widget:
        panel.observe(lambda _: self._changed(), "changed")
        return panel

    def _refresh_network(self) -> None:
        if self.built(3):
            self.network.refresh()

    def _changed(self) -> None:
        self.pairs.search()
        self._refresh_network()
