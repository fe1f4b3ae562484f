"""The station network held in memory (hundreds of rows): paths, subtrees, lookups by name."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Station


@dataclass(frozen=True)
class StationRow:
    """A station as the tree and the lookups need it."""

    id: int
    name: str
    kind: str
    parent_id: int | None
    closed: bool


class StationIndex:
    """Paths, children and name lookups over every station, built with one query."""

    def __init__(self, rows: list[StationRow]):
        self.by_id = {r.id: r for r in rows}
        self.children: dict[int | None, list[int]] = {}
        for r in rows:
            self.children.setdefault(r.parent_id, []).append(r.id)
        self._by_name: dict[str, list[int]] = {}
        for r in rows:
            self._by_name.setdefault(r.name, []).append(r.id)
        self._by_path = {self.path(r.id): r.id for r in rows}

    @classmethod
    def load(cls, session: Session) -> StationIndex:
        """Read every station once."""
        result = session.execute(
            select(Station.id, Station.name, Station.kind, Station.parent_id, Station.closed_on)
            .order_by(Station.id))
        return cls([StationRow(i, n, k, p, c is not None) for i, n, k, p, c in result])

    def path(self, station_id: int) -> str:
        """Names from the root down, joined by /."""
        names, seen, node = [], set(), station_id
        while node is not None and node not in seen:
            seen.add(node)
            names.append(self.by_id[node].name)
            node = self.by_id[node].parent_id
        return "/".join(reversed(names))

    def depth(self, station_id: int) -> int:
        """0 for a root."""
        return self.path(station_id).count("/")

    def subtree(self, station_id: int) -> list[int]:
        """The station and every station below it."""
        out, stack = [], [station_id]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(self.children.get(node, []))
        return out

    def ancestors(self, station_id: int) -> list[int]:
        """Parents from the nearest up to the root."""
        out, node = [], self.by_id[station_id].parent_id
        while node is not None and node not in out:
            out.append(node)
            node = self.by_id[node].parent_id
        return out

    def county(self, station_id: int) -> int | None:
        """The county centre (中心站) above a station, the station itself if it is one; None above the counties."""
        return next((s for s in [station_id, *self.ancestors(station_id)] if self.by_id[s].kind == "county_center"), None)

    def ordered(self) -> list[int]:
        """Every station in tree order: parent first, siblings by id."""
        out: list[int] = []

        def walk(parent):
            for child in self.children.get(parent, []):
                out.append(child)
                walk(child)

        walk(None)
        return out

    def ref(self, station_id: int) -> str:
        """How a roster names the station: its name if unique, else its path."""
        name = self.by_id[station_id].name
        return name if len(self._by_name.get(name, [])) == 1 else self.path(station_id)

    def matches(self, text: str) -> list[int]:
        """Every station a name, a full path or the tail of a path may mean."""
        text = text.strip().strip("/")
        if "/" not in text:
            return list(self._by_name.get(text, []))
        if text in self._by_path:
            return [self._by_path[text]]
        return [i for p, i in self._by_path.items() if p.endswith("/" + text)]

    def resolve(self, text: str) -> int:
        """The station a roster names by name or path; ValueError if unknown or ambiguous."""
        text = text.strip().strip("/")
        ids = self.matches(text)
        if "/" in text and len(ids) != 1:
            raise ValueError(f"找不到路径为「{text}」的联络站" if not ids
                             else f"路径「{text}」可指多个联络站，请从顶层写起")
        if not ids:
            raise ValueError(f"找不到名为「{text}」的联络站")
        if len(ids) > 1:
            paths = "、".join(self.path(i) for i in ids[:3])
            raise ValueError(f"有{len(ids)}个联络站名为「{text}」，请写明路径，如 {paths}")
        return ids[0]
