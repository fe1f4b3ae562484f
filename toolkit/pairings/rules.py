"""Who may mentor whom in each kind of pairing, as data plus small predicates."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.glossary import PAIRING_KINDS
from ..network.models import Deputy, Seat
from ..network.station_index import StationIndex

COMMITTEE_MIN, COMMITTEE_MAX = 5, 8  # 常委会组成人员 联系 5–8 名基层代表


@dataclass(frozen=True)
class Person:
    """What the rules and the planner need to know about a deputy."""

    id: int
    name: str
    station_id: int | None
    county_id: int | None
    leader: bool
    reelected: bool | None
    levels: frozenset[str]
    role: str | None
    specialty: str


def load_people(session: Session, ids: list[int] | None = None) -> dict[int, Person]:
    """Deputies as Persons (two queries, whatever the count)."""
    index = StationIndex.load(session)
    county = {}
    for sid, row in index.by_id.items():
        chain = [sid] + index.ancestors(sid)
        county[sid] = next((s for s in chain if index.by_id[s].kind == "county_center"), None)
    levels: dict[int, set[str]] = {}
    q = select(Seat.deputy_id, Seat.level)
    if ids is not None:
        q = q.where(Seat.deputy_id.in_(ids))
    for did, level in session.execute(q):
        levels.setdefault(did, set()).add(level)
    q = select(Deputy.id, Deputy.name, Deputy.station_id, Deputy.is_leader, Deputy.is_reelected,
               Deputy.committee_role, Deputy.specialty)
    if ids is not None:
        q = q.where(Deputy.id.in_(ids))
    return {i: Person(i, n, s, county.get(s), bool(lead), re, frozenset(levels.get(i, ())), role, spec or "")
            for i, n, s, lead, re, role, spec in session.execute(q)}


def mentor_refusal(kind: str, p: Person) -> str | None:
    """Why `p` cannot be the mentor in this kind, or None."""
    ok = {
        "leader_grassroots": p.leader,
        "reelected_new": p.reelected is True,
        "upper_lower": bool(p.levels & {"province", "city"}),
        "committee_grassroots": p.role in ("member", "leader"),
        "leader_township": p.role == "leader",
    }[kind]
    need = {"leader_grassroots": "领导干部代表", "reelected_new": "连任代表", "upper_lower": "省、市人大代表",
            "committee_grassroots": "常委会组成人员", "leader_township": "常委会领导"}[kind]
    return None if ok else f"{p.name}不是{need}，不能在「{PAIRING_KINDS[kind]}」中担任联系人"


def mentee_refusal(kind: str, p: Person) -> str | None:
    """Why `p` cannot be the mentee in this kind, or None."""
    ok = {
        "leader_grassroots": not p.leader,
        "reelected_new": p.reelected is False,
        "upper_lower": bool(p.levels & {"county", "township"}),
        "committee_grassroots": not p.leader,
        "leader_township": False,
    }[kind]
    need = {"leader_grassroots": "基层代表", "reelected_new": "新任代表", "upper_lower": "县、乡人大代表",
            "committee_grassroots": "基层代表", "leader_township": "乡镇联络站"}[kind]
    return None if ok else f"{p.name}不是{need}，不能在「{PAIRING_KINDS[kind]}」中作为被联系对象"


def why(mentor: Person, mentee_station: int | None, mentee_county: int | None, specialty: str) -> tuple[int, str]:
    """How good a match is (0 best) and the reason in Chinese."""
    if mentee_station and mentor.station_id == mentee_station:
        return 0, "同一联络站"
    if mentee_county and mentor.county_id == mentee_county:
        return 1, "同一县区"
    if specialty and mentor.specialty and (specialty in mentor.specialty or mentor.specialty in specialty):
        return 2, f"专业特长相同（{specialty}）"
    return 3, "跨县区，按负荷分配"
