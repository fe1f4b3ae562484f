"""Pairings (三联结对) and their contacts, one row each; the mentee's station places a pairing in
a scope (the township's, for 包联)."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from ..core.glossary import PAIRING_KINDS
from ..core.scope import scope_of
from ..core.settings import get_setting
from ..network.models import Deputy, Station
from ..pairings.models import ContactLog, Pairing
from .columns import FRAMES, framed
from .source import day, names_for, reading, typed, within_dates


def _placed(session, mentee):
    scope = scope_of(session)
    return or_(scope.where(station=mentee.station_id, deputy=Pairing.mentor_id),
               scope.where(station=Pairing.station_id, deputy=Pairing.mentee_id))


def pairings(*, db=None, today: date | None = None, active_only: bool = False) -> pd.DataFrame:
    """Every pairing (or only those not ended), with its contacts counted and its silence measured
    as of `today`: `overdue` when active and silent longer than the pairing_overdue_days setting."""
    today = day(today) or date.today()
    mentor, mentee, station = aliased(Deputy), aliased(Deputy), aliased(Station)
    log = (select(ContactLog.pairing_id, func.count().label("n"), func.max(ContactLog.day).label("last"))
           .group_by(ContactLog.pairing_id).subquery())
    q = (select(Pairing.id, Pairing.kind, Pairing.mentor_id, mentor.name, Pairing.mentee_id,
                func.coalesce(mentee.name, station.name), Pairing.started_on, Pairing.ended_on, Pairing.end_reason,
                func.coalesce(log.c.n, 0), log.c.last, func.coalesce(mentee.station_id, Pairing.station_id))
         .join(mentor, mentor.id == Pairing.mentor_id).outerjoin(mentee, mentee.id == Pairing.mentee_id)
         .outerjoin(station, station.id == Pairing.station_id).outerjoin(log, log.c.pairing_id == Pairing.id)
         .order_by(Pairing.id))
    if active_only:
        q = q.where(Pairing.ended_on.is_(None))
    with reading(db) as s:
        rows = s.execute(q.where(_placed(s, mentee))).all()
        limit = get_setting(s, "pairing_overdue_days")
        names = {i: n for i, n in s.execute(select(Station.id, Station.name))}
        df = pd.DataFrame(rows, columns=["pairing_id", "kind", "mentor_id", "mentor", "mentee_id", "mentee",
                                         "started_on", "ended_on", "end_reason", "contacts", "last_contact",
                                         "station_id"])
        df["mentor"] = names_for(s, df["mentor"])
        people = df["mentee_id"].notna()
        df.loc[people, "mentee"] = names_for(s, df.loc[people, "mentee"])
    df["kind"] = df["kind"].map(PAIRING_KINDS)
    df["station"] = df["station_id"].map(names)
    since = pd.to_datetime(df["last_contact"].fillna(df["started_on"]))
    until = pd.to_datetime(df["ended_on"]).fillna(pd.Timestamp(today))
    df["days_since_contact"] = (until - since).dt.days
    df["overdue"] = df["ended_on"].isna() & (df["days_since_contact"] > limit)
    df = df[list(FRAMES["pairings"])]
    typed(df, dates=("started_on", "ended_on", "last_contact"), categories=("kind", "station"),
          ints=("mentor_id", "mentee_id", "contacts", "days_since_contact"))
    return framed(df, "pairings")


def contacts(start=None, end=None, *, db=None) -> pd.DataFrame:
    """Every contact logged from `start` to `end` (the notes stay in the app)."""
    mentee = aliased(Deputy)
    q = (select(ContactLog.pairing_id, Pairing.kind, ContactLog.day, ContactLog.mode, ContactLog.topic)
         .join(Pairing, Pairing.id == ContactLog.pairing_id).outerjoin(mentee, mentee.id == Pairing.mentee_id)
         .order_by(ContactLog.day, ContactLog.id))
    q = within_dates(q, ContactLog.day, start, end)
    with reading(db) as s:
        df = pd.DataFrame(s.execute(q.where(_placed(s, mentee))).all(), columns=list(FRAMES["contacts"]))
    df["kind"] = df["kind"].map(PAIRING_KINDS)
    typed(df, dates=("day",), categories=("kind", "mode"))
    return framed(df, "contacts")
