"""EvaluationsApp: set up rounds, hand out codes, enter deputies' answers, watch and close results.

Four tabs over one chosen round, built when first opened (LazyTabs). The round picker is the
app's; each panel gets the chosen round by a link to its `round_id` and tells the app what it
changed by its own traitlets, so no panel reaches into another."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database, connect
from toolkit.evaluations.services import list_rounds

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .codes import CodesPanel
from .entry import EntryPanel
from .results import ResultsPanel
from .round_setup import RoundSetupPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("新建测评", RoundSetupPanel), ("测评码与测评机", CodesPanel), ("代表评价录入", EntryPanel), ("测评结果", ResultsPanel))


class EvaluationsApp(LazyTabs):
    """The round picker, shown on every tab, and the four panels."""

    setup, issuing, entry, results = tab_part(0), tab_part(1), tab_part(2), tab_part(3)

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.rounds = w.Dropdown(description="测评", layout=w.Layout(width="460px"))
        self.reload_rounds()
        super().__init__(list(zip([t for t, _ in TABS], [self._setup_tab, self._codes_tab, self._entry_tab, self._results_tab])))

    def _linked(self, panel: w.Widget) -> w.Widget:
        traitlets.dlink((self.rounds, "value"), (panel, "round_id"))
        return panel

    def _setup_tab(self) -> w.Widget:
        panel = self._linked(RoundSetupPanel(self.db, self.rounds))
        panel.observe(lambda ch: self.reload_rounds(choose=ch["new"]), "created_id")
        panel.observe(lambda _: self._refresh_built(), "changed")
        return panel

    def _codes_tab(self) -> w.Widget:
        return self._linked(CodesPanel(self.db, self.rounds))

    def _entry_tab(self) -> w.Widget:
        panel = self._linked(EntryPanel(self.db, self.rounds))
        panel.observe(lambda _: self._refresh_built(), "changed")
        return panel

    def _results_tab(self) -> w.Widget:
        panel = self._linked(ResultsPanel(self.db, self.rounds))
        panel.observe(lambda _: self.reload_rounds(), "closed")
        return panel

    def reload_rounds(self, choose: int | None = None) -> None:
        """Newest first; keep the round chosen, or choose `choose`."""
        with self.db.reader() as s:
            rows = list_rounds(s)
        keep = choose if choose is not None else self.rounds.value
        self.rounds.options = [(f"{n}{'（已结束）' if c else ''}", i) for i, n, c in rows]
        ids = [i for i, _, _ in rows]
        self.rounds.index = ids.index(keep) if keep in ids else (0 if ids else None)  # newest by default

    def _refresh_built(self) -> None:
        """Targets or answers changed: the tabs already built show them now (others read on opening)."""
        if self.built(2):
            self.entry.reload_targets()
        if self.built(3):
            self.results.show_results()
