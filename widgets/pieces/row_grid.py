"""RowGrid: a page of rows as a grid whose every row opens with one click (打开), for lists where
a row is something to work on (a case). The grid is built once for a page's worth of rows; a new
page only changes the cells' text, so paging sends text, not new widgets."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import ipywidgets as w
import pandas as pd

from toolkit.core.markup import html


def _text(value) -> str:
    if isinstance(value, datetime):
        return "" if pd.isna(value) else value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


class RowGrid(w.GridBox):
    """`columns` shown, `rows` per page; `on_open(id)` when a row's button is clicked."""

    def __init__(self, columns: list[str], rows: int, on_open: Callable[[int], None], label: str = "打开"):
        self.columns, self.on_open = columns, on_open
        header = [w.HTML(html("<b>{}</b>", c)) for c in ["", *columns]]
        self.lines: list[tuple[w.Button, list[w.HTML]]] = []
        cells: list[w.Widget] = list(header)
        for _ in range(rows):
            button = w.Button(description=label, layout=w.Layout(width="56px", height="28px"))
            button.add_class("lz-row-open")
            button.row_id = None
            button.on_click(self._clicked)
            line = [w.HTML() for _ in columns]
            for cell in line:
                cell.add_class("lz-grid-cell")
            self.lines.append((button, line))
            cells += [button, *line]
        for cell in header:
            cell.add_class("lz-grid-head")
        # Columns as wide as their text up to what the page has room for (then cut with …, see liaison.css).
        super().__init__(cells, layout=w.Layout(grid_template_columns="64px " + " ".join(["minmax(3em, max-content)"] * len(columns)),
                                                 grid_gap="0 8px", align_items="center", width="100%"))
        self.add_class("lz-row-grid")
        self.show(pd.DataFrame(columns=["id", *columns]))

    def _clicked(self, button: w.Button) -> None:
        if button.row_id is not None:
            self.on_open(button.row_id)

    def show(self, frame: pd.DataFrame) -> None:
        """The page's rows; the grid's spare lines hidden."""
        records = self.records = frame.to_dict("records")
        for i, (button, line) in enumerate(self.lines):
            shown = i < len(records)
            button.row_id = int(records[i]["id"]) if shown else None
            button.layout.display = None if shown else "none"
            for column, cell in zip(self.columns, line):
                cell.value = html("{}", _text(records[i].get(column))) if shown else ""
                cell.layout.display = None if shown else "none"

    @property
    def text(self) -> str:
        """What the rows say, one line each (for reading the grid in tests and logs)."""
        return "\n".join(" ".join(_text(r.get(c)) for c in self.columns) for r in self.records)
