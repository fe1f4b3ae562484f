"""Services of the pairings: create, end, reassign, contacts, term ends; one refusal per rule."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import NotFound, ToolkitError
from ..core.glossary import CONTACT_MODES, PAIRING_KINDS
from ..core.principal import acting_name
from ..core.records import fetch
from ..core.settings import get_setting
from ..network.models import Deputy, Seat, Station
from .models import ContactLog, Pairing
from .rules import COMMITTEE_MAX, load_people, mentee_refusal, mentor_refusal


def capacity(session: Session, kind: str) -> int:
    """How many active mentees (or townships) one mentor may have in this kind."""
    return COMMITTEE_MAX if kind == "committee_grassroots" else get_setting(session, f"capacity_{kind}")


def active_load(session: Session, kind: str) -> dict[int, int]:
    """Active mentees per mentor in this kind."""
    return dict(session.execute(select(Pairing.mentor_id, func.count()).where(
        Pairing.kind == kind, Pairing.ended_on.is_(None)).group_by(Pairing.mentor_id)).all())


def _person(session, deputy_id, role, people=None):
    if people is None:
        people = load_people(session, [deputy_id]) if deputy_id else {}
    if deputy_id not in people:
        raise NotFound(f"{role}（编号{deputy_id}）不存在")
    return people[deputy_id]


def _scope(session: Session, mentee_id: int | None, station_id: int | None) -> int | None:
    """The station a pairing belongs to: its mentee's home station, or the township it covers."""
    if mentee_id is None:
        return station_id
    return session.scalar(select(Deputy.station_id).where(Deputy.id == mentee_id))


def create_pairing(session: Session, kind: str, mentor_id: int, mentee_id: int | None = None,
                   station_id: int | None = None, on: date | None = None,
                   people: dict | None = None, load: dict | None = None) -> int:
    """Pair a mentor with a mentee (or, for 包联, a township station); refused when a rule is broken.

    people/load: caches for many pairings in one go (load is kept up to date here).
    """
    actor = acting_name(session)
    if kind not in PAIRING_KINDS:
        raise ToolkitError(f"「{kind}」不是结对类型")
    require(session, "pairing.edit", station_id=_scope(session, mentee_id if kind != "leader_township" else None,
                                                       station_id))
    mentor = _person(session, mentor_id, "联系人", people)
    if (reason := mentor_refusal(kind, mentor)):
        raise ToolkitError(reason)
    if kind == "leader_township":
        station = session.get(Station, station_id or 0)
        if station is None or station.kind != "township_station" or station.closed_on:
            raise ToolkitError("包联对象应为未撤销的乡镇联络站")
        busy = Pairing.station_id == station_id
        target = f"「{station.name}」"
    else:
        if mentee_id == mentor_id:
            raise ToolkitError("代表不能与自己结对")
        mentee = _person(session, mentee_id, "被联系代表", people)
        if (reason := mentee_refusal(kind, mentee)):
            raise ToolkitError(reason)
        busy = Pairing.mentee_id == mentee_id
        target = mentee.name
    if session.scalar(select(Pairing.id).where(busy, Pairing.kind == kind, Pairing.ended_on.is_(None))):
        raise ToolkitError(f"{target}已有「{PAIRING_KINDS[kind]}」的联系人，请先结束或调整原结对")
    load = active_load(session, kind) if load is None else load
    cap = capacity(session, kind)
    if load.get(mentor_id, 0) >= cap:
        raise ToolkitError(f"{mentor.name}在「{PAIRING_KINDS[kind]}」中已联系{load[mentor_id]}个对象，达到上限{cap}")
    pairing = Pairing(kind=kind, mentor_id=mentor_id, mentee_id=mentee_id if kind != "leader_township" else None,
                      station_id=station_id if kind == "leader_township" else None,
                      started_on=on or date.today(), created_by=actor)
    session.add(pairing)
    session.flush()
    load[mentor_id] = load.get(mentor_id, 0) + 1
    return pairing.id


def get_pairing(session: Session, pairing_id: int) -> Pairing:
    """The pairing or NotFound."""
    return fetch(session, Pairing, pairing_id)


def end_pairing(session: Session, pairing_id: int, reason: str, on: date | None = None) -> None:
    """End an active pairing; its history stays."""
    p = get_pairing(session, pairing_id)
    require(session, "pairing.edit", station_id=_scope(session, p.mentee_id, p.station_id))
    if p.ended_on is not None:
        raise ToolkitError(f"该结对已于{p.ended_on}结束")
    on = on or date.today()
    if on < p.started_on:
        raise ToolkitError("结束日期不能早于结对日期")
    if not (reason or "").strip():
        raise ToolkitError("请写明结束原因")
    p.ended_on, p.end_reason = on, reason.strip()
    session.flush()


def reassign(session: Session, pairing_id: int, new_mentor_id: int, on: date | None = None) -> int:
    """Hand a mentee (or township) to another mentor: the old pairing ends, a new one starts."""
    p = get_pairing(session, pairing_id)
    if p.mentor_id == new_mentor_id:
        raise ToolkitError("新联系人与原联系人相同")
    kind, mentee, station = p.kind, p.mentee_id, p.station_id
    end_pairing(session, pairing_id, "调整联系人", on)
    return create_pairing(session, kind, new_mentor_id, mentee, station, on)


def log_contact(session: Session, pairing_id: int, day: date, mode: str, topic: str,
                notes: str = "", today: date | None = None) -> int:
    """Record one contact of an active pairing."""
    actor = acting_name(session)
    p = get_pairing(session, pairing_id)
    require(session, "pairing.contact", station_id=_scope(session, p.mentee_id, p.station_id),
            deputy_id=[p.mentor_id, p.mentee_id])
    today = today or date.today()
    if not isinstance(day, date):
        raise ToolkitError("请填写联系日期")
    if day > today:
        raise ToolkitError("联系日期不能晚于今天")
    if day < p.started_on:
        raise ToolkitError(f"联系日期早于结对日期（{p.started_on}）")
    if p.ended_on is not None and day > p.ended_on:
        raise ToolkitError(f"该结对已于{p.ended_on}结束")
    if mode not in CONTACT_MODES:
        raise ToolkitError(f"联系方式应为{'、'.join(CONTACT_MODES)}之一")
    if not (topic or "").strip():
        raise ToolkitError("请填写联系主题")
    row = ContactLog(pairing_id=pairing_id, day=day, mode=mode, topic=topic.strip()[:200],
                     notes=(notes or "").strip() or None, logged_by=actor, logged_at=datetime.now())
    session.add(row)
    session.flush()
    return row.id


def end_term_pairings(session: Session, level: str, term: str, on: date | None = None) -> int:
    """When a term ends (届满), end the pairings of everyone whose seat was of that term."""
    require(session, "pairing.edit", target=f"{term}届满")
    holders = select(Seat.deputy_id).where(Seat.level == level, Seat.term == term)
    active = session.scalars(select(Pairing).where(
        Pairing.ended_on.is_(None), (Pairing.mentor_id.in_(holders)) | (Pairing.mentee_id.in_(holders)))).all()
    for p in active:
        p.ended_on, p.end_reason = max(on or date.today(), p.started_on), f"{term}届满"
    session.flush()
    return len(active)


def set_committee_role(session: Session, deputy_id: int, role: str | None) -> None:
    """Mark a deputy 常委会组成人员 ('member') or 常委会领导 ('leader'), or neither (None)."""
    d = fetch(session, Deputy, deputy_id)
    if role not in (None, "member", "leader"):
        raise ToolkitError("身份应为常委会组成人员或常委会领导")
    require(session, "pairing.edit", target=d.name)
    d.committee_role = role
    session.flush()
