"""VotesApp: the whole project cycle in one app — 征集, 筛选, 票决 (setup, ballots, count) and
项目监督/评议. The call and the vote chosen at the top are shared by every tab: linked into each
panel's `call_id`/`vote_id`; what a panel did comes back by its traitlets (widgets.votes.choice)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database, connect
from toolkit.core.glossary import VOTE_STATES
from toolkit.projects.proposals import list_calls
from toolkit.projects.votes import list_votes

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .call import CallPanel
from .choice import ChoicePanel
from .count import CountPanel
from .desk import DeskPanel
from .screening import ScreeningPanel
from .supervision import SupervisionPanel
from .vote_setup import VoteSetupPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("项目征集", CallPanel), ("项目筛选", ScreeningPanel), ("筹备票决", VoteSetupPanel), ("发票与投票", DeskPanel),
        ("计票与公告", CountPanel), ("项目监督", SupervisionPanel))


class VotesApp(w.VBox):
    """The choosers, then one tab per step."""

    calls_panel, screening, setup, desk, counting, supervision = (tab_part(i) for i in range(6))

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self._loading = True         # one refresh after the choosers are filled, not one per change
        self.call = w.Dropdown(description="征集", layout=w.Layout(width="380px"))
        self.vote = w.Dropdown(description="票决", layout=w.Layout(width="460px"))
        # Each tab is built when first opened, and then shows the current choice.
        self.tabs = LazyTabs([(title, lambda cls=cls: self._built(cls(self.db))) for title, cls in TABS])
        self.panel, self.built = self.tabs.panel, self.tabs.built
        super().__init__([w.HBox([self.call, self.vote]), self.tabs])
        self.add_class("lz-votes-app")
        self.reload()

    def _built(self, panel: ChoicePanel) -> ChoicePanel:
        loading, self._loading = self._loading, True       # the links below set the choice: one refresh, after
        try:
            traitlets.dlink((self.call, "value"), (panel, "call_id"))
            traitlets.dlink((self.vote, "value"), (panel, "vote_id"))
        finally:
            self._loading = loading
        # A new choice reaches the panel through the links, then the panel shows it.
        panel.observe(lambda _: self._loading or panel.refresh(), ["call_id", "vote_id"])
        panel.observe(lambda _: self.refresh(), "changed")
        panel.observe(lambda _: self.reload(), "states")
        panel.observe(lambda ch: ch["new"] is not None and self.reload(call=ch["new"]), "chosen_call")
        panel.observe(lambda ch: ch["new"] is not None and self.reload(vote=ch["new"]), "chosen_vote")
        if not self._loading:
            panel.refresh()
        return panel

    def reload(self, call: int | None = None, vote: int | None = None) -> None:
        """Re-read the calls and votes; keep (or move to) the chosen ones."""
        with self.db.reader() as s:
            calls, votes = list_calls(s), list_votes(s)
        self._loading = True
        try:
            self._fill(self.call, [(n, i) for i, n in calls], call)
            self._fill(self.vote, [(f"{n}（{VOTE_STATES[st]}）", i) for i, n, st in votes], vote)
        finally:
            self._loading = False
        self.refresh()

    @staticmethod
    def _fill(dropdown: w.Dropdown, options: list, want: int | None) -> None:
        keep = want if want is not None else dropdown.value
        ids = [i for _, i in options]
        dropdown.options = options
        dropdown.index = ids.index(keep) if keep in ids else (0 if ids else None)

    def refresh(self) -> None:
        """Every tab built so far shows the current choice."""
        if self._loading:
            return
        for i in range(len(TABS)):
            if self.built(i):
                self.panel(i).refresh()
