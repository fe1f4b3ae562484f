"""PagedList: filter → count → pager → table → pick, for any list the toolkit counts and pages.

The database counts and pages (the panel never holds more than one page); the panel that owns
the filter places the pieces (`counts`, `table`, `pager`, `pick`) where it wants them. Picking a
row publishes `selected_id`; refilling the picker after a new page or search does not, unless
the pick really changed — so what shows the picked row is drawn once."""
from __future__ import annotations

from typing import Callable

import ipywidgets as w
import pandas as pd
import traitlets

from toolkit.core.markup import Markup

from .common import MessageArea, Pager, guarded, table_html
from .row_grid import RowGrid

NOTHING = ("（未选择）", None)


class PagedList(traitlets.HasTraits):
    """`count() -> (total, line)` gives the match count and the line above the table (the panel
    reads its own database: it holds the filter); `rows(page, size) -> DataFrame` one page (with
    an `id` column); `label(row)` how a
    row reads in the picker. `keep_off_page`: the picked row stays picked when it leaves the page
    (labelled as it was), as for a pairing whose contact is being logged."""

    selected_id = traitlets.Int(None, allow_none=True, help="the row picked")

    def __init__(self, message: MessageArea, count: Callable, rows: Callable,
                 label: Callable[[pd.Series], str], *, pick: str = "选中", page_size: int = 20,
                 hide: tuple[str, ...] = ("id",), keep_off_page: bool = False, pick_width: str = "420px",
                 open_rows: bool = False):
        super().__init__()
        self.message = message       # the owning panel's: a refusal shows there
        self._count, self._rows, self._label = count, rows, label
        self._hide, self._keep_off_page = hide, keep_off_page
        self.frame = pd.DataFrame()
        self.counts = w.HTML()
        # `open_rows`: each row opens with a click (a RowGrid, built with the first page's columns).
        self.table = w.VBox() if open_rows else w.HTML()
        self.grid: RowGrid | None = None
        self.pager = Pager(self.show_page, page_size)
        self.pick = w.Dropdown(description=pick, options=[NOTHING], layout=w.Layout(width=pick_width))
        self._labels: dict[int, str] = {}
        self._publishing, self._keep_selection = True, False
        self.pick.observe(lambda ch: self._publishing and setattr(self, "selected_id", ch["new"]), "value")

    @guarded
    def search(self, keep_selection: bool = False) -> None:
        """Count the matches and show the first page. With `keep_selection`, `selected_id` stays
        as it is even if the row left the page (after a write on it, say)."""
        total, line = self._count()
        self.pager.total, self.pager.page = total, 1
        self.counts.value = line if isinstance(line, Markup) else Markup("")
        self._keep_selection = keep_selection
        self.show_page(1)

    @guarded
    def show_page(self, page: int) -> None:
        """One page from the database, into the table and the picker."""
        self.frame = self._rows(page, self.pager.page_size)
        self.pager.set_total(self.pager.total)
        if isinstance(self.table, w.HTML):
            self.table.value = table_html(self.frame, hide=self._hide)
        else:
            if self.grid is None:
                columns = [c for c in self.frame.columns if c not in self._hide]
                self.grid = RowGrid(columns, self.pager.page_size, self.open_row)
                self.table.children = (self.grid,)
            self.grid.show(self.frame)
        keep = self.pick.value
        options = [(self._label(r), int(r["id"])) for _, r in self.frame.iterrows()]
        on_page = keep in {v for _, v in options}
        if keep is not None and not on_page and self._keep_off_page:
            options.insert(0, (self._labels.get(keep, str(keep)), keep))
            on_page = True
        self._labels.update({v: k for k, v in options})
        self._publishing = False
        try:
            self.pick.options = [NOTHING] + options
            if keep is not None and on_page:
                self.pick.value = keep
        finally:
            self._publishing = True
        keep_selection, self._keep_selection = self._keep_selection, False
        if not keep_selection and self.selected_id != self.pick.value:
            self.selected_id = self.pick.value      # one change, published once

    def open_row(self, row_id: int) -> None:
        """A row's 打开: picked as if chosen in the picker (which shows it too)."""
        self.pick.value = row_id
