"""DeputyPicker: type part of a name, pick from the matches (3,300 names never go to the page)."""
from __future__ import annotations

import ipywidgets as w

from toolkit import DeputyFilter, search_deputies
from toolkit.core.db import Database


class DeputyPicker(w.HBox):
    """`value` is the chosen deputy's id (or None)."""

    def __init__(self, db: Database, description: str, limit: int = 30):
        self.db, self.limit = db, limit
        self.text = w.Text(description=description, placeholder="输入姓名查找", continuous_update=False,
                           layout=w.Layout(width="260px"))
        self.choice = w.Dropdown(layout=w.Layout(width="320px"))
        self.text.observe(lambda _: self.find(), "value")
        super().__init__([self.text, self.choice])

    def find(self) -> None:
        """Offer the first matches of the typed text."""
        options = []
        if self.text.value.strip():
            with self.db.reader() as s:
                rows = search_deputies(s, DeputyFilter(text=self.text.value.strip()), page_size=self.limit)
            options = [(f"{r['姓名']}（{r['所属联络站']}，{r['代表层级']}）", int(r["id"])) for _, r in rows.iterrows()]
        self.choice.options = options
        self.choice.index = 0 if options else None  # the best match is chosen until changed

    @property
    def value(self) -> int | None:
        """The chosen deputy's id."""
        return self.choice.value
