"""StationPicker: the one drop-down of the station network, indented as the tree.

Every panel that asks "which station" uses it, so the choices look the same everywhere: open
stations only unless asked, an optional first entry (（不限）, 全市) that stands for none, and
the choice kept across a reload when the station is still offered."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.collation import matches
from toolkit.core.db import Database
from toolkit.core.scope import Scope
from toolkit.network.stations import station_tree

INDENT = "\u3000"


class StationPicker(w.Dropdown):
    """`blank`: the label of a first entry worth `blank_value` (None: no station); `kinds`: only
    stations of these kinds, not indented (e.g. township stations); `by`: the value of an option,
    the station's id or its path (路径, what roster records name); `scoped`: only the stations the
    page's user reaches (their scope), as when granting a role."""

    def __init__(self, db: Database, description: str = "站点", *, blank: str | None = None, blank_value=None,
                 include_closed: bool = False, kinds: tuple[str, ...] | None = None, by: str = "id",
                 scoped: bool = False, **kwargs):
        self.db = db
        self._blank = [(blank, blank_value)] if blank is not None else []
        self._include_closed, self._kinds, self._by, self._scoped = include_closed, kinds, by, scoped
        super().__init__(description=description, **kwargs)
        self.reload()

    def choices(self, tree) -> list[tuple[str, object]]:
        """(label, value) of each station offered, in tree order."""
        scope = Scope.of(self.db.principal) if self._scoped else None
        out = []
        for _, r in tree.iterrows():
            if (r["已撤销"] and not self._include_closed) or (self._kinds and r["kind"] not in self._kinds):
                continue
            if scope is not None and not scope.covers(station_id=int(r["id"])):
                continue
            label = r["名称"] if self._kinds else INDENT * int(r["depth"]) + r["名称"]
            out.append((label, int(r["id"]) if self._by == "id" else r["路径"]))
        return out

    def with_search(self) -> w.HBox:
        """The picker with a box that narrows it as one types a part of the name or its pinyin
        initials (五松 or wsz): 414 stations are too many to scroll. Place this instead of the picker."""
        self.search = w.Text(placeholder="输入名称或拼音首字母", layout=w.Layout(width="170px"))
        self.search.add_class("lz-station-search")
        self.search.observe(lambda _: self._narrow(), "value")
        return w.HBox([self, self.search])

    def _narrow(self) -> None:
        typed = self.search.value
        keep = self.value
        found = [(label, v) for label, v in self._all if matches(label.strip(), typed)]
        self.options = self._blank + found
        if keep in [v for _, v in found]:
            self.value = keep
        elif found and typed.strip():
            self.value = found[0][1]           # the first match chosen: the list behind it is narrowed
        elif self.options:
            self.index = 0

    def reload(self) -> None:
        """Read the network again; keep the chosen station if it is still offered."""
        with self.db.reader() as s:
            tree = station_tree(s)
        keep = self.value
        self._all = self.choices(tree)
        options = self._blank + self._all
        self.options = options
        values = [v for _, v in options]
        if keep in values and keep is not None:
            self.value = keep
        elif options:
            self.index = 0
