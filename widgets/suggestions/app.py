"""SuggestionsApp: the 代表建议 app for the 代表工委, station staff, units and deputies — the list with
a suggestion's page and the step the user may take, a new suggestion, the figures, the county's
sheet in and out."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database, connect

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .detail import SuggestionDetailPanel
from .figures import SuggestionFiguresPanel
from .handling import SuggestionHandlingPanel
from .listing import SuggestionListPanel
from .proposal_form import SuggestionProposalPanel
from .sheet import SuggestionSheetPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("建议办理", (SuggestionListPanel, SuggestionDetailPanel, SuggestionHandlingPanel)),
        ("提出建议", SuggestionProposalPanel), ("建议统计", SuggestionFiguresPanel), ("导入导出", SuggestionSheetPanel))


class SuggestionsApp(LazyTabs):
    """Tabs built when first opened; an import refreshes the list and the figures already built."""

    suggestions, detail, handling = tab_part(0, "_list"), tab_part(0, "_detail"), tab_part(0, "_handling")
    proposal, figures, sheet = tab_part(1), tab_part(2), tab_part(3)

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        super().__init__(list(zip([t for t, _ in TABS], [self._handling_tab, self._proposal_tab,
                                                          lambda: SuggestionFiguresPanel(self.db), self._sheet_tab])))

    def _handling_tab(self) -> w.Widget:
        self._list, self._detail = SuggestionListPanel(self.db), SuggestionDetailPanel(self.db)
        self._handling = SuggestionHandlingPanel(self.db)
        for panel in (self._detail, self._handling):
            self._list.observe(lambda ch, p=panel: setattr(p, "suggestion_id", ch["new"]), "selected_id")
        self._handling.observe(lambda _: self._stepped(), "changed")
        return w.VBox([self._list, w.HTML("<hr>"), self._detail, self._handling])

    def _proposal_tab(self) -> w.Widget:
        panel = SuggestionProposalPanel(self.db)
        panel.observe(lambda _: self._imported(), "proposed")
        return panel

    def _stepped(self) -> None:
        """A step taken: the list and the figures say so, and the suggestion stays on the page even
        when the list's filter no longer shows it (未交办, once handed out)."""
        shown = self._handling.suggestion_id
        self._imported()
        for panel in (self._detail, self._handling):
            panel.suggestion_id = shown
        self._detail.show()

    def _sheet_tab(self) -> w.Widget:
        panel = SuggestionSheetPanel(self.db)
        panel.observe(lambda _: self._imported(), "imported")
        return panel

    def _imported(self) -> None:
        if self.built(0):
            self._list.search()
        if self.built(2):
            self.figures.refresh()
