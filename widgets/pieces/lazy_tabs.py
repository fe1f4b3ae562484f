"""Tabs whose panels are built the first time they are shown.

An app page used to build every tab at once: 300–550 widgets, each a model the browser had to
create before the first table appeared, and every tab's queries. Now only the first tab is built
when the page opens; another tab is built (and reads its data) when someone first opens it.
"""
from __future__ import annotations

from typing import Callable

import ipywidgets as w


class LazyTabs(w.Tab):
    """`pages`: (title, factory) in tab order; a factory returns the tab's widget."""

    def __init__(self, pages: list[tuple[str, Callable[[], w.Widget]]], **kwargs):
        self._factories = [factory for _, factory in pages]
        self._panels: dict[int, w.Widget] = {}
        # An empty box holds each tab's place until it is built.
        super().__init__(children=[w.VBox() for _ in pages], titles=[t for t, _ in pages], **kwargs)
        self.observe(lambda ch: self.panel(ch["new"]) if ch["new"] is not None else None, "selected_index")
        self.panel(self.selected_index or 0)

    def panel(self, index: int) -> w.Widget:
        """The tab's widget, built now if it was not yet."""
        if index not in self._panels:
            self._panels[index] = self._factories[index]()
            self.children[index].children = (self._panels[index],)
        return self._panels[index]

    def built(self, index: int) -> bool:
        """Whether the tab has been built (a tab not built yet reads fresh data when it is)."""
        return index in self._panels


class tab_part:
    """An app attribute living on tab `index`: reading it builds that tab. It is the tab's widget,
    or, given `name`, the part the tab's factory stored on the app under that name (a tab holding
    more than one panel)."""

    def __init__(self, index: int, name: str | None = None):
        self.index, self.name = index, name

    def __get__(self, app, owner=None):
        if app is None:
            return self
        widget = app.panel(self.index)
        return getattr(app, self.name) if self.name else widget
