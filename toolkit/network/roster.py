"""Roster (花名册) import with a preview, export of any filtered view, and the empty template."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from ..core.access import require
from ..core.audit import record
from ..core.errors import ImportRejected, RowError
from ..core.glossary import IMPORT_OUTCOMES, LEVELS, PARTIES
from ..core.personal_data import masked_record, sees_deputy_contacts
from ..core.principal import acting_name, principal_of
from ..core.scope import scope_of
from ..formats.spreadsheets import Table, check_header, write_xlsx
from .deputies import apply_data, deputy_record
from .deputy_fields import COLUMNS, REQUIRED, DeputyData, validate_deputy
from .enrolment import record_move
from .models import Deputy, EnrolmentMove
from .station_index import StationIndex

ACTIONS = {k: IMPORT_OUTCOMES[k] for k in ("new", "updated", "unchanged", "error")}   # a roster row's outcomes


@dataclass
class RowPlan:
    """What importing one row would do."""

    row: int
    name: str
    action: str
    errors: list[RowError] = field(default_factory=list)
    data: DeputyData | None = None
    station_id: int | None = None
    deputy_id: int | None = None


@dataclass
class ImportPlan:
    """The preview of an import: every row's outcome, file-level warnings and errors."""

    rows: list[RowPlan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        """Every problem, header first, then by row."""
        return self.header_errors + [e for r in self.rows for e in r.errors]

    def counts(self) -> dict[str, int]:
        """How many rows would be new, updated, unchanged, or are in error."""
        out = {a: 0 for a in ACTIONS}
        for r in self.rows:
            out[r.action] += 1
        return out

    def summary(self) -> str:
        """One Chinese line: 新增 n，更新 n，无变化 n，有错误 n."""
        return "，".join(f"{ACTIONS[a]}{n}行" for a, n in self.counts().items())


def _identity(data: DeputyData):
    if data.id_number:
        return ("id", data.id_number)
    if data.birth_month and data.phone:
        return ("person", data.name, data.birth_month, data.phone)
    return None


def plan_roster_import(session: Session, table: Table) -> ImportPlan:
    """Check every row against the rules and the database; writes nothing.

    A preview tells whether a row matches someone on file, so it is itself a read of personal
    data: it is refused to whoever may not import, and matches only deputies within the user's
    scope (a masked ID number plus a birth month must not be turned back into the full number)."""
    p = principal_of(session)
    require(session, "roster.import", station_id=p.station_id if p else None, target="代表名册（预览）")
    header_errors, warnings = check_header(table, COLUMNS, REQUIRED)
    plan = ImportPlan(warnings=warnings, header_errors=header_errors)
    if header_errors:
        return plan
    index = StationIndex.load(session)
    existing = session.scalars(select(Deputy).options(selectinload(Deputy.seats)).where(
        scope_of(session).where(station=Deputy.station_id, deputy=Deputy.id))).all()
    known = {}
    for d in existing:
        key = _identity(DeputyData(name=d.name, gender="", levels=[], station="",
                                   birth_month=d.birth_month, id_number=d.id_number,
                                   phone=d.phone))
        if key:
            known[key] = d
    seen: dict = {}
    for number, raw in zip(table.row_numbers, table.rows):
        plan.rows.append(_plan_row(number, raw, index, known, seen))
    return plan


def record_preview(session: Session, filename: str, plan: ImportPlan) -> None:
    """Log that a roster was checked (who, which file, how many rows matched people on file)."""
    actor = acting_name(session)
    record(session, actor, "deputy", None, "preview", after={
        "文件": filename, "行数": len(plan.rows), "匹配已有代表": sum(r.action == "updated" for r in plan.rows)})


def _plan_row(number, raw, index, known, seen) -> RowPlan:
    # The station may stay empty only for someone already on file who is not enrolled yet,
    # so that an exported roster imports back unchanged.
    data, field_errors = validate_deputy(raw, station_required=False)
    errors = [RowError(number, e.field, e.message) for e in field_errors]
    name = (raw.get("姓名") or "").strip()
    station_id = twin = None
    if data is not None:
        key = _identity(data)
        twin = known.get(key) if key else None
        errors += _station_errors(number, data, index, twin)
        if not errors:
            station_id = index.resolve(data.station) if data.station else None
        if key is not None and key in seen:
            column = "身份证号" if key[0] == "id" else "姓名"
            errors.append(RowError(number, column, f"与第{seen[key]}行是同一人，同一文件中不能重复"))
        elif key is not None:
            seen[key] = number
    if errors:
        return RowPlan(number, name, "error", errors)
    if twin is None:
        return RowPlan(number, name, "new", data=data, station_id=station_id)
    action = "unchanged" if _same(twin, data, station_id, index) else "updated"
    return RowPlan(number, name, action, data=data, station_id=station_id, deputy_id=twin.id)


def _station_errors(number, data, index, twin) -> list[RowError]:
    if not data.station:
        if twin is not None and twin.station_id is None:
            return []
        return [RowError(number, "所属联络站", "必填")]
    try:
        station_id = index.resolve(data.station)
    except ValueError as e:
        return [RowError(number, "所属联络站", str(e))]
    if index.by_id[station_id].closed:
        return [RowError(number, "所属联络站", f"「{data.station}」已撤销")]
    return []


def _same(deputy: Deputy, data: DeputyData, station_id: int, index: StationIndex) -> bool:
    probe = Deputy(seats=[])
    apply_data(probe, data)
    probe.station_id = station_id
    return deputy_record(probe, index) == deputy_record(deputy, index)


def apply_roster_import(session: Session, plan: ImportPlan,
                        skip_invalid: bool = False) -> dict[str, int]:
    """Write the plan in the caller's transaction; any error refuses all unless skip_invalid."""
    actor = acting_name(session)
    if plan.header_errors or (plan.errors and not skip_invalid):
        raise ImportRejected(plan.errors)
    new = [r for r in plan.rows if r.action == "new"]
    if principal_of(session) is not None:  # every station the file moves deputies from or to
        touched = [r for r in plan.rows if r.action in ("new", "updated")]
        moved_from = set(session.scalars(select(Deputy.station_id).where(
            Deputy.id.in_([r.deputy_id for r in touched if r.deputy_id]))))
        require(session, "roster.import", station_id={r.station_id for r in touched} | moved_from,
                target=f"{len(touched)}名代表")
    people = []
    for r in new:
        d = Deputy(seats=[])
        apply_data(d, r.data)
        d.station_id = r.station_id   # enrolled as created: no second UPDATE per deputy
        people.append(d)
    session.add_all(people)
    updates = {r.deputy_id: r for r in plan.rows if r.action == "updated"}
    if updates:
        for d in session.scalars(select(Deputy).options(selectinload(Deputy.seats))
                                 .where(Deputy.id.in_(list(updates)))):
            apply_data(d, updates[d.id].data)
            record_move(session, d, updates[d.id].station_id, "花名册导入时调整联络站")
    session.flush()
    now = datetime.now()   # the moves of the new deputies in one executemany
    moves = [{"deputy_id": d.id, "from_station_id": None, "to_station_id": d.station_id, "moved_at": now,
              "actor": actor, "note": "花名册导入编组进站"} for d in people if d.station_id is not None]
    if moves:
        session.execute(insert(EnrolmentMove.__table__), moves)
        record(session, actor, "enrolment_move", None, "insert", after={"花名册导入编组进站": len(moves)})
    return plan.counts()


def export_roster(session: Session, ids: list[int] | None = None) -> bytes:
    """The roster (or the given deputies, in that order) as an .xlsx that imports back unchanged."""
    index = StationIndex.load(session)
    q = select(Deputy).options(selectinload(Deputy.seats))
    if ids is not None:
        q = q.where(Deputy.id.in_(ids))
    people = {d.id: d for d in session.scalars(q)}
    order = ids if ids is not None else sorted(people, key=lambda i: (people[i].stroke_key, i))
    p = principal_of(session)
    rows = [list(_shown(p, people[i], deputy_record(people[i], index)).values()) for i in order if i in people]
    return write_xlsx(template_header(), rows, "代表花名册", text_columns=("身份证号", "联系电话", "出生年月"))


def _shown(p, deputy: Deputy, record: dict[str, str]) -> dict[str, str]:
    return record if sees_deputy_contacts(p, deputy.station_id, deputy.id) else masked_record(record)


def template_header() -> list[str]:
    """The roster header, required columns starred."""
    return [c + "*" if c in REQUIRED else c for c in COLUMNS]


TEMPLATE_NOTES = [
    "代表花名册填写说明",
    "1. 带 * 的列必须填写：姓名、性别、代表层级、所属联络站。第1行为表头，请勿修改。",
    "2. 代表层级：全国、省、市、县、乡，可填多个，用顿号、逗号或斜杠分隔，如「县、乡」。",
    "3. 届次、选区：各层级相同时填一个值；不同时写成「县:第十七届；乡:第十九届」。",
    "4. 出生年月：如 1975-03、1975.3 或 1975年3月。填写身份证号时须与之一致。",
    "5. 身份证号：18位，末位校验码须正确。同一身份证号视为同一人，再次导入将更新其信息。",
    "6. 联系电话：11位手机号，或带区号的固定电话（如 0562-2821234）。",
    "7. 所属联络站：填站点名称；若有重名，填写路径，如「铜官区中心站/天井湖社区联络站」。",
    "8. 是否连任、是否领导干部：填「是」或「否」。",
    "9. 政治面貌可填：" + "、".join(PARTIES),
    "10. 任何一行有误时整个文件都不会导入，系统会逐行列出问题。",
    "层级代码：" + "、".join(LEVELS.values()),
]


def roster_template() -> bytes:
    """An empty roster with the starred header and a sheet of instructions."""
    return write_xlsx(template_header(), [], "代表花名册",
                      text_columns=("身份证号", "联系电话", "出生年月"), notes=TEMPLATE_NOTES)
