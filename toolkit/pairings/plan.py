"""The suggested plan: cover every eligible mentee within rules and capacities, near first, load even.

Deterministic: the same data gives the same plan. Passes go from the best tier (same station) to the
worst (anyone); in each pass every waiting mentee takes the least-loaded mentor of that tier.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..network.station_index import StationIndex
from .models import Pairing
from .rules import Person, load_people, mentee_refusal, mentor_refusal, why
from .services import active_load, capacity, create_pairing


@dataclass(frozen=True)
class Target:
    """Someone (or a township, for 包联) who should have a mentor."""

    key: int               # deputy id, or station id for 包联
    name: str
    station_id: int | None
    county_id: int | None
    specialty: str = ""
    is_station: bool = False  # a township of 包联, not a deputy


@dataclass
class Suggestion:
    """One proposed pairing and why."""

    mentor_id: int
    mentor: str
    target: Target
    reason: str


@dataclass
class Plan:
    """Suggestions plus the figures that say how good they are."""

    kind: str
    suggestions: list[Suggestion] = field(default_factory=list)
    eligible: int = 0
    quality: dict = field(default_factory=dict)


def _targets(session: Session, kind: str, people: dict[int, Person]) -> list[Target]:
    """Eligible mentees (or townships) without an active mentor of this kind, in a stable order."""
    if kind == "leader_township":
        index = StationIndex.load(session)
        taken = set(session.scalars(select(Pairing.station_id).where(Pairing.kind == kind, Pairing.ended_on.is_(None))))
        out = []
        for sid, row in sorted(index.by_id.items()):
            if row.kind == "township_station" and not row.closed and sid not in taken:
                county = next((a for a in index.ancestors(sid) if index.by_id[a].kind == "county_center"), None)
                out.append(Target(sid, row.name, sid, county, is_station=True))
        return out
    taken = set(session.scalars(select(Pairing.mentee_id).where(Pairing.kind == kind, Pairing.ended_on.is_(None))))
    return [Target(p.id, p.name, p.station_id, p.county_id, p.specialty) for p in sorted(people.values(), key=lambda p: p.id)
            if p.station_id and p.id not in taken and mentee_refusal(kind, p) is None]


def _mentors(kind: str, people: dict[int, Person]) -> list[Person]:
    return [p for p in sorted(people.values(), key=lambda p: p.id) if p.station_id and mentor_refusal(kind, p) is None]


def suggest_plan(session: Session, kind: str) -> Plan:
    """The planner's suggestions for one kind, with quality figures beside first-fit's."""
    people = load_people(session)
    targets, mentors = _targets(session, kind, people), _mentors(kind, people)
    cap, load = capacity(session, kind), active_load(session, kind)
    plan = Plan(kind, eligible=len(targets))
    left = {m.id: cap - load.get(m.id, 0) for m in mentors}
    by_station, by_county = _group(mentors)
    waiting = list(targets)
    for tier in range(4):
        still = []
        for t in waiting:
            m = _best(t, tier, mentors, by_station, by_county, left, load)
            if m is None:
                still.append(t)
                continue
            left[m.id] -= 1
            load[m.id] = load.get(m.id, 0) + 1
            plan.suggestions.append(Suggestion(m.id, m.name, t, why(m, t.station_id, t.county_id, t.specialty)[1]))
        waiting = still
    plan.quality = {"建议方案": _quality(plan.suggestions, len(targets), mentors, session, kind),
                    "首次适配方案": _quality(first_fit(session, kind, targets, mentors), len(targets), mentors, session, kind)}
    return plan


def _group(mentors):
    by_station, by_county = {}, {}
    for m in mentors:
        by_station.setdefault(m.station_id, []).append(m)
        by_county.setdefault(m.county_id, []).append(m)
    return by_station, by_county


def _best(t: Target, tier: int, mentors, by_station, by_county, left, load) -> Person | None:
    """The least-loaded mentor with room in this tier (0 station, 1 county, 2 specialty, 3 anyone)."""
    pool = {0: by_station.get(t.station_id, []), 1: by_county.get(t.county_id, []), 2: mentors, 3: mentors}[tier]
    best = None
    for m in pool:
        if left[m.id] <= 0 or (not t.is_station and m.id == t.key):
            continue
        if tier == 2 and why(m, None, None, t.specialty)[0] != 2:
            continue
        rank = (load.get(m.id, 0), m.id)
        if best is None or rank < best[0]:
            best = (rank, m)
    return best[1] if best else None


def first_fit(session: Session, kind: str, targets: list[Target], mentors: list[Person]) -> list[Suggestion]:
    """The plain baseline: each target takes the first mentor (by id) that has room."""
    cap, load = capacity(session, kind), active_load(session, kind)
    room = [(m.id, m) for m in mentors]
    left = {m.id: cap - load.get(m.id, 0) for m in mentors}
    out = []
    for t in targets:
        for _, m in room:
            if left[m.id] > 0 and not (not t.is_station and m.id == t.key):
                left[m.id] -= 1
                out.append(Suggestion(m.id, m.name, t, "首次适配"))
                break
    return out


def _quality(suggestions: list[Suggestion], eligible: int, mentors: list[Person], session, kind) -> dict:
    load = active_load(session, kind)
    for s in suggestions:
        load[s.mentor_id] = load.get(s.mentor_id, 0) + 1
    loads = [load.get(m.id, 0) for m in mentors] or [0]
    county = {m.id: m.county_id for m in mentors}
    same = sum(1 for s in suggestions if s.target.county_id and county.get(s.mentor_id) == s.target.county_id)
    return {"覆盖率": round(len(suggestions) / eligible, 4) if eligible else 1.0,
            "最大负荷": max(loads), "最小负荷": min(loads),
            "同县区比例": round(same / len(suggestions), 4) if suggestions else 0.0}


def accept(session: Session, plan: Plan, chosen: list[int]) -> int:
    """Create the chosen suggestions (indexes into plan.suggestions); every rule is checked again,
    against the database as it is now, so a stale plan cannot break one."""
    people, load = load_people(session), active_load(session, plan.kind)
    for i in sorted(set(chosen)):
        s = plan.suggestions[i]
        target = {"station_id": s.target.key} if s.target.is_station else {"mentee_id": s.target.key}
        create_pairing(session, plan.kind, s.mentor_id, people=people, load=load, **target)
    return len(set(chosen))
