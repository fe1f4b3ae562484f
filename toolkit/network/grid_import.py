"""The grid sheet counties keep (网格表): import with a preview, all or nothing; export that imports back."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.audit import record
from ..core.errors import ImportRejected, RowError
from ..core.glossary import IMPORT_OUTCOMES
from ..core.principal import acting_name
from ..core.scope import scope_of
from ..formats.spreadsheets import Table, check_header, write_xlsx
from .grid_models import Grid, GridDeputy
from .grids import (
    NAME_SEPARATORS,
    GridData,
    check_count,
    check_grid_name,
    check_worker_mobile,
    deputies_named,
    save_grid,
    seated_named,
)
from .models import Deputy
from .roster import ImportPlan
from .station_index import StationIndex

COLUMNS = ("网格", "所属站点", "网格员", "网格员手机", "联系代表", "户数", "常住人口")
REQUIRED = frozenset({"网格", "所属站点"})
ACTIONS = {k: IMPORT_OUTCOMES[k] for k in ("new", "updated", "unchanged", "error")}


@dataclass
class GridRowPlan:
    """What importing one row would do."""

    row: int
    name: str
    action: str = "error"
    station_id: int | None = None
    data: GridData | None = None
    grid_id: int | None = None
    errors: list[RowError] = field(default_factory=list)


# The preview of a grid import is the roster's: rows with their action, header errors, warnings, counts.
GridPlan = ImportPlan


def plan_grid_import(session: Session, table: Table) -> GridPlan:
    """Check every row against the rules and the network; writes nothing."""
    header_errors, warnings = check_header(table, COLUMNS, REQUIRED)
    plan = GridPlan(warnings=warnings, header_errors=header_errors)
    if header_errors:
        return plan
    index = StationIndex.load(session)
    existing = _existing(session)
    people = deputies_named(session, [n for raw in table.rows for n in _names(raw)])
    seen: dict[tuple[int, str], int] = {}
    for number, raw in zip(table.row_numbers, table.rows):
        r = _plan_row(number, raw, index, people)
        if r.station_id is not None and r.name:      # named twice is an error even beside other errors
            key = (r.station_id, r.name)
            if key in seen:
                r.errors.append(RowError(number, "网格", f"与第{seen[key]}行重复（同一站点下同名网格）"))
            else:
                seen[key] = number
        if not r.errors:
            found = existing.get((r.station_id, r.name))
            r.grid_id = found[0] if found else None
            r.action = "new" if found is None else ("unchanged" if found[1] == _snapshot(r.data) else "updated")
        else:
            r.action = "error"
        plan.rows.append(r)
    return plan


def _names(raw: dict) -> list[str]:
    return [n.strip() for n in NAME_SEPARATORS.split(raw.get("联系代表") or "") if n.strip()]


def _plan_row(number: int, raw: dict, index: StationIndex, people: dict) -> GridRowPlan:
    r = GridRowPlan(number, (raw.get("网格") or "").strip())
    errors = r.errors
    try:
        r.name = check_grid_name(raw.get("网格"))
    except ValueError as e:
        errors.append(RowError(number, "网格", str(e)))
    station_text = (raw.get("所属站点") or "").strip()
    if not station_text:
        errors.append(RowError(number, "所属站点", "必填"))
    else:
        try:
            r.station_id = index.resolve(station_text)
            if index.by_id[r.station_id].closed:
                errors.append(RowError(number, "所属站点", f"「{station_text}」已撤销"))
        except ValueError as e:
            errors.append(RowError(number, "所属站点", str(e)))
    values = {}
    for column, check in (("网格员手机", check_worker_mobile), ("户数", check_count), ("常住人口", check_count)):
        try:
            values[column] = check(raw.get(column))
        except ValueError as e:
            errors.append(RowError(number, column, str(e)))
    worker = (raw.get("网格员") or "").strip() or None
    if worker and len(worker) > 50:
        errors.append(RowError(number, "网格员", "不能超过50个字"))
    names = _names(raw)
    deputy_ids: list[int] = []
    if r.station_id is not None and names:
        deputy_ids, problems = seated_named(r.station_id, list(dict.fromkeys(names)), people)
        errors.extend(RowError(number, "联系代表", p) for p in problems)
    if not errors:
        r.data = GridData(r.name, worker, values["网格员手机"], values["户数"], values["常住人口"], deputy_ids)
    return r


def _snapshot(data: GridData) -> tuple:
    return (data.worker_name, data.worker_mobile, data.households, data.residents, frozenset(data.deputy_ids))


def _existing(session: Session) -> dict[tuple[int, str], tuple[int, tuple]]:
    """Every grid by (station, name): its id and what a row is compared with (two queries)."""
    deputies: dict[int, set[int]] = {}
    for gid, did in session.execute(select(GridDeputy.grid_id, GridDeputy.deputy_id)):
        deputies.setdefault(gid, set()).add(did)
    return {(g.station_id, g.name): (g.id, (g.worker_name, g.worker_mobile, g.households, g.residents,
                                            frozenset(deputies.get(g.id, ()))))
            for g in session.execute(select(Grid.id, Grid.station_id, Grid.name, Grid.worker_name,
                                            Grid.worker_mobile, Grid.households, Grid.residents))}


def apply_grid_import(session: Session, plan: GridPlan, skip_invalid: bool = False) -> dict[str, int]:
    """Write the plan in the caller's transaction; any error refuses all unless skip_invalid."""
    if plan.header_errors or (plan.errors and not skip_invalid):
        raise ImportRejected(plan.errors)
    todo = [r for r in plan.rows if r.action in ("new", "updated")]
    counts = plan.counts()
    if not todo:
        return counts
    require(session, "grid.import", station_id={r.station_id for r in todo}, target=f"{len(todo)}个网格")
    for r in todo:
        save_grid(session, r.station_id, r.data, r.grid_id)
    record(session, acting_name(session), "grid", None, "import",
           after={ACTIONS[k]: v for k, v in counts.items() if v})
    return counts


def export_grids(session: Session) -> bytes:
    """Every grid the user may see, as a sheet that imports back unchanged (stations by path)."""
    index = StationIndex.load(session)
    grids = session.scalars(select(Grid).where(scope_of(session).where(station=Grid.station_id))).all()
    names: dict[int, list[str]] = {}
    for gid, name in session.execute(select(GridDeputy.grid_id, Deputy.name).join(Deputy)
                                     .order_by(Deputy.stroke_key)):
        names.setdefault(gid, []).append(name)
    order = {sid: n for n, sid in enumerate(index.ordered())}
    rows = [[g.name, index.path(g.station_id), g.worker_name or "", g.worker_mobile or "",
             "、".join(names.get(g.id, [])), "" if g.households is None else g.households,
             "" if g.residents is None else g.residents]
            for g in sorted(grids, key=lambda g: (order.get(g.station_id, 0), g.name))]
    header = [c + "*" if c in REQUIRED else c for c in COLUMNS]
    return write_xlsx(header, rows, "网格", text_columns=("网格员手机",))
