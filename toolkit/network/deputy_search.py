"""Finding deputies: filters, sort orders and pages, all done by the database."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from ..core.glossary import LEVELS
from ..core.personal_data import mask_phone, sees_deputy_contacts
from ..core.principal import principal_of
from .models import Deputy, Seat, Station
from .station_index import StationIndex

PAGE_COLUMNS = ["id", "姓名", "性别", "代表层级", "届次", "所属联络站", "政治面貌",
                "连任", "领导干部", "专业特长", "联系电话"]


@dataclass
class DeputyFilter:
    """What the staff narrowed the list to; empty fields do not filter."""

    text: str = ""              # name, workplace or phone contains
    level: str | None = None    # a level code
    term: str = ""
    station_id: int | None = None   # this station and all below it
    party: str | None = None
    reelected: bool | None = None
    leader: bool | None = None
    specialty: str = ""
    enrolled: bool | None = None
    ids: list[int] = field(default_factory=list)


def _where(q: Select, f: DeputyFilter, session: Session) -> Select:
    if f.text.strip():
        like = f"%{f.text.strip()}%"
        q = q.where(or_(Deputy.name.like(like), Deputy.workplace.like(like),
                        Deputy.phone.like(like)))
    if f.level or f.term.strip():
        seat = select(Seat.id).where(Seat.deputy_id == Deputy.id)
        if f.level:
            seat = seat.where(Seat.level == f.level)
        if f.term.strip():
            seat = seat.where(Seat.term.like(f"%{f.term.strip()}%"))
        q = q.where(exists(seat))
    if f.station_id is not None:
        q = q.where(Deputy.station_id.in_(StationIndex.load(session).subtree(f.station_id)))
    if f.party:
        q = q.where(Deputy.party == f.party)
    if f.reelected is not None:
        q = q.where(Deputy.is_reelected.is_(f.reelected))
    if f.leader is not None:
        q = q.where(Deputy.is_leader.is_(f.leader))
    if f.specialty.strip():
        q = q.where(Deputy.specialty.like(f"%{f.specialty.strip()}%"))
    if f.enrolled is not None:
        q = q.where(Deputy.station_id.is_not(None) if f.enrolled else Deputy.station_id.is_(None))
    if f.ids:
        q = q.where(Deputy.id.in_(f.ids))
    return q


def count_deputies(session: Session, f: DeputyFilter) -> int:
    """How many deputies match."""
    return session.scalar(_where(select(func.count(Deputy.id)), f, session))


def search_deputies(session: Session, f: DeputyFilter, sort: str = "strokes",
                    page: int = 1, page_size: int = 20) -> pd.DataFrame:
    """One page of matching deputies, sorted by surname strokes or pinyin."""
    key = Deputy.stroke_key if sort == "strokes" else Deputy.pinyin_key
    q = _where(select(Deputy.id), f, session).order_by(key, Deputy.id)
    if page_size:
        q = q.offset((max(page, 1) - 1) * page_size).limit(page_size)
    return deputy_rows(session, list(session.scalars(q)))


def deputy_rows(session: Session, ids: list[int]) -> pd.DataFrame:
    """The list columns for the given deputies, in the given order."""
    if not ids:
        return pd.DataFrame(columns=PAGE_COLUMNS)
    people = {d.id: d for d in session.scalars(select(Deputy).where(Deputy.id.in_(ids)))}
    seats: dict[int, list[Seat]] = {}
    for s in session.scalars(select(Seat).where(Seat.deputy_id.in_(ids))):
        seats.setdefault(s.deputy_id, []).append(s)
    station_ids = {d.station_id for d in people.values() if d.station_id}
    names = dict(session.execute(select(Station.id, Station.name)
                                 .where(Station.id.in_(station_ids))).all())
    order, viewer = list(LEVELS), principal_of(session)

    def flag(v, yes, no):
        return "" if v is None else (yes if v else no)

    rows = []
    for i in ids:
        d, own = people[i], sorted(seats.get(i, []), key=lambda s: order.index(s.level))
        rows.append([d.id, d.name, d.gender, "、".join(LEVELS[s.level] for s in own),
                     "、".join(dict.fromkeys(s.term for s in own if s.term)),
                     names.get(d.station_id, "（未进站）"), d.party or "",
                     flag(d.is_reelected, "连任", "新任"), flag(d.is_leader, "领导干部", "基层"),
                     d.specialty or "", d.phone if sees_deputy_contacts(viewer, d.station_id, d.id) else mask_phone(d.phone)])
    return pd.DataFrame(rows, columns=PAGE_COLUMNS)


def all_matching_ids(session: Session, f: DeputyFilter, sort: str = "strokes") -> list[int]:
    """Every matching id in list order (for exports)."""
    key = Deputy.stroke_key if sort == "strokes" else Deputy.pinyin_key
    return list(session.scalars(_where(select(Deputy.id), f, session).order_by(key, Deputy.id)))


def distinct_values(session: Session, column: str) -> list[str]:
    """Values present in the data, for filter drop-downs (terms, parties)."""
    col = {"term": Seat.term, "party": Deputy.party}[column]
    return [v for v in session.scalars(select(col).distinct().order_by(col)) if v]
