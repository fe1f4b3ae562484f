"""Setting up or extending the station network from a list (站点名册)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import ImportRejected, RowError, ToolkitError
from ..core.glossary import STATION_KINDS, kind_code
from ..core.validation import check_coordinates, check_phone
from ..formats.spreadsheets import Table, check_header, write_xlsx
from .models import Station
from .station_index import StationIndex
from .stations import check_placement

COLUMNS = ("站点名称", "站点类型", "上级站点", "地址", "站长", "联系电话", "接待日", "经度", "纬度")
# Filled in on a station already on file, these change it (importing again updates); empty ones leave it.
UPDATABLE = ("address", "head", "phone", "reception_days", "longitude", "latitude")
REQUIRED = frozenset({"站点名称", "站点类型"})


@dataclass
class StationRowPlan:
    """One row of a station list, resolved."""

    row: int
    name: str
    kind: str | None
    parent_ref: str
    extra: dict
    parent: tuple[str, int] | None = None     # ("db", id) or ("file", row)
    action: str = "new"
    existing_id: int | None = None
    errors: list[RowError] = field(default_factory=list)
    decided: bool = False


@dataclass
class StationPlan:
    """The preview of a station import."""

    rows: list[StationRowPlan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        """Every problem, header first, then by row."""
        return self.header_errors + sorted((e for r in self.rows for e in r.errors),
                                           key=lambda e: e.row)

    def counts(self) -> dict[str, int]:
        """new / updated / unchanged / error row counts."""
        out = {"new": 0, "updated": 0, "unchanged": 0, "error": 0}
        for r in self.rows:
            out["error" if r.errors else r.action] += 1
        return out


def _parse_row(number: int, raw: dict) -> StationRowPlan:
    name, kind_text = raw.get("站点名称", "").strip(), raw.get("站点类型", "").strip()
    extra = {"address": raw.get("地址", "").strip() or None, "head": raw.get("站长", "").strip() or None,
             "phone": raw.get("联系电话", "").strip() or None,
             "reception_days": raw.get("接待日", "").strip()[:60] or None}
    plan = StationRowPlan(number, name, kind_code(kind_text) if kind_text else None,
                          raw.get("上级站点", "").strip().strip("/"), extra)
    if not name:
        plan.errors.append(RowError(number, "站点名称", "必填"))
    elif "/" in name:
        plan.errors.append(RowError(number, "站点名称", "名称不能包含「/」"))
    if not kind_text:
        plan.errors.append(RowError(number, "站点类型", "必填"))
    elif plan.kind is None:
        plan.errors.append(RowError(number, "站点类型", f"「{kind_text}」不是站点类型，应为"
                                    + "、".join(STATION_KINDS.values()) + "之一"))
    if extra["phone"]:
        try:
            extra["phone"] = check_phone(extra["phone"])
        except ValueError as e:
            plan.errors.append(RowError(number, "联系电话", str(e)))
    try:
        extra["longitude"], extra["latitude"] = check_coordinates(raw.get("经度", ""), raw.get("纬度", ""))
    except ValueError as e:
        column, message = e.args
        plan.errors.append(RowError(number, column, message))
    return plan


def _candidates(r: StationRowPlan, index: StationIndex, by_name: dict):
    """The nodes a parent reference may mean, or None while a file row is still undecided."""
    found = {("db", i) for i in index.matches(r.parent_ref)}
    if "/" in r.parent_ref and found:
        return found
    for c in by_name.get(r.parent_ref.split("/")[-1], []):
        if c is r:
            continue
        if c.errors:
            found.add(("bad", c.row))
        elif not c.decided:
            return None
        else:
            found.add(("db", c.existing_id) if c.existing_id else ("file", c.row))
    return found


def _resolve(r: StationRowPlan, index: StationIndex, by_name: dict) -> bool:
    """Resolve one row's parent; False while it depends on an undecided row."""
    if r.parent_ref:
        found = _candidates(r, index, by_name)
        if found is None:
            return False
        if not found:
            r.errors.append(RowError(r.row, "上级站点", f"找不到「{r.parent_ref}」（数据库和本文件中都没有）"))
        elif len(found) > 1:
            r.errors.append(RowError(r.row, "上级站点", f"「{r.parent_ref}」有多个同名站点，请写明路径"))
        elif next(iter(found))[0] == "bad":
            r.errors.append(RowError(r.row, "上级站点", f"上级站点（第{next(iter(found))[1]}行）本身有误"))
        else:
            r.parent = next(iter(found))
    if not r.errors and (r.parent is None or r.parent[0] == "db"):
        # A row that repeats an existing station is that station (re-importing is harmless).
        parent_id = r.parent[1] if r.parent else None
        r.existing_id = next((c for c in index.children.get(parent_id, [])
                              if index.by_id[c].name == r.name), None)
        r.action = "unchanged" if r.existing_id else "new"
    r.decided = True
    return True


def _resolve_all(rows: list[StationRowPlan], index: StationIndex) -> None:
    by_name: dict[str, list[StationRowPlan]] = {}
    for r in rows:
        by_name.setdefault(r.name, []).append(r)
    waiting = [r for r in rows if not r.errors]
    while waiting:
        still = [r for r in waiting if not _resolve(r, index, by_name)]
        if len(still) == len(waiting):
            break
        waiting = still
    for r in waiting:  # rows that wait on each other: a cycle
        chain, node = [r.name], r
        while node is not None and len(chain) < 10:
            node = next((c for c in by_name.get(node.parent_ref.split("/")[-1], [])
                         if c in waiting), None)
            if node is None or node is r:
                break
            chain.append(node.name)
        r.errors.append(RowError(r.row, "上级站点", "上级关系形成循环：" + "→".join(chain + [r.name])))


def plan_station_import(session: Session, table: Table) -> StationPlan:
    """Check a station list against the rules and the network; writes nothing."""
    header_errors, warnings = check_header(table, COLUMNS, REQUIRED)
    plan = StationPlan(warnings=warnings, header_errors=header_errors)
    if header_errors:
        return plan
    index = StationIndex.load(session)
    plan.rows = [_parse_row(n, raw) for n, raw in zip(table.row_numbers, table.rows)]
    _resolve_all(plan.rows, index)
    _check_tree(plan.rows, index)
    _mark_updates(session, plan.rows)
    return plan


def _mark_updates(session: Session, rows: list[StationRowPlan]) -> None:
    """A row naming a station on file with a filled-in field that differs updates it."""
    known = {r.existing_id: r for r in rows if r.existing_id and not r.errors}
    if not known:
        return
    for station in session.query(Station).filter(Station.id.in_(list(known))):
        r = known[station.id]
        if any(r.extra.get(k) is not None and r.extra[k] != getattr(station, k) for k in UPDATABLE):
            r.action = "updated"


def _check_tree(rows: list[StationRowPlan], index: StationIndex) -> None:
    by_row = {r.row: r for r in rows}
    siblings: dict = {}
    for r in rows:
        if r.errors or r.kind is None:
            continue
        parent_kind = None
        if r.parent:
            parent_kind = (index.by_id[r.parent[1]].kind if r.parent[0] == "db"
                           else by_row[r.parent[1]].kind)
        try:
            check_placement(r.kind, parent_kind)
        except ToolkitError as e:
            r.errors.append(RowError(r.row, "站点类型", e.message))
            continue
        key = (r.parent, r.name)
        if key in siblings:
            r.errors.append(RowError(r.row, "站点名称", f"与第{siblings[key]}行重复（同一上级下同名）"))
            continue
        siblings[key] = r.row


def apply_station_import(session: Session, plan: StationPlan, skip_invalid: bool = False) -> dict:
    """Write the new stations, parents before children, in the caller's transaction."""
    if plan.header_errors or (plan.errors and not skip_invalid):
        raise ImportRejected(plan.errors)
    require(session, "station.import", target=f"{len(plan.rows)}行")
    by_row = {r.row: r for r in plan.rows}
    ids: dict[int, int] = {r.row: r.existing_id for r in plan.rows if r.existing_id}
    pending = [r for r in plan.rows if not r.errors and r.action == "new"]
    while pending:
        ready = [r for r in pending if r.parent is None or r.parent[0] == "db"
                 or r.parent[1] in ids]
        if not ready:  # children of rows that were skipped as invalid
            break
        for r in ready:
            parent_id = None if r.parent is None else (
                r.parent[1] if r.parent[0] == "db" else ids[r.parent[1]])
            station = Station(name=r.name, kind=r.kind, parent_id=parent_id, **r.extra)
            session.add(station)
            session.flush()
            ids[r.row] = station.id
        pending = [r for r in pending if r.row not in ids]
    for r in pending:
        r.errors.append(RowError(r.row, "上级站点", f"上级站点（第{by_row[r.parent[1]].row}行）有误，本行未导入"))
    updates = {r.existing_id: r for r in plan.rows if r.action == "updated" and not r.errors}
    for station in session.query(Station).filter(Station.id.in_(list(updates))):
        for k in UPDATABLE:
            if updates[station.id].extra.get(k) is not None:
                setattr(station, k, updates[station.id].extra[k])
    return plan.counts()


def export_stations(session: Session) -> bytes:
    """The whole network as a station list that imports back unchanged."""
    index = StationIndex.load(session)
    rows = []
    stations = {s.id: s for s in session.query(Station)}
    for sid in index.ordered():
        s = stations[sid]
        parent = index.path(s.parent_id) if s.parent_id else ""
        rows.append([s.name, STATION_KINDS[s.kind], parent, s.address or "", s.head or "", s.phone or "",
                     s.reception_days or "", "" if s.longitude is None else s.longitude,
                     "" if s.latitude is None else s.latitude])
    header = [c + "*" if c in REQUIRED else c for c in COLUMNS]
    return write_xlsx(header, rows, "站点名册", text_columns=("联系电话",))
