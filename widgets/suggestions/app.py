"""SuggestionsApp: the 代表建议 app for the 代表工委 and station staff — the list with a suggestion's
page, the figures, the county's sheet in and out."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database, connect

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .detail import SuggestionDetailPanel
from .figures import SuggestionFiguresPanel
from .listing import SuggestionListPanel
from .sheet import SuggestionSheetPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("建议办理", (SuggestionListPanel, SuggestionDetailPanel)), ("建议统计", SuggestionFiguresPanel),
        ("导入导出", SuggestionSheetPanel))


class SuggestionsApp(LazyTabs):
    """Tabs built when first opened; an import refreshes the list and the figures already built."""

    suggestions, detail = tab_part(0, "_list"), tab_part(0, "_detail")
    figures, sheet = tab_part(1), tab_part(2)

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        super().__init__(list(zip([t for t, _ in TABS], [self._handling_tab, lambda: SuggestionFiguresPanel(self.db),
                                                          self._sheet_tab])))

    def _handling_tab(self) -> w.Widget:
        self._list, self._detail = SuggestionListPanel(self.db), SuggestionDetailPanel(self.db)
        self._list.observe(lambda ch: setattr(self._detail, "suggestion_id", ch["new"]), "selected_id")
        return w.VBox([self._list, w.HTML("<hr>"), self._detail])

    def _sheet_tab(self) -> w.Widget:
        panel = SuggestionSheetPanel(self.db)
        panel.observe(lambda _: self._imported(), "imported")
        return panel

    def _imported(self) -> None:
        if self.built(0):
            self._list.search()
        if self.built(1):
            self.figures.refresh()
