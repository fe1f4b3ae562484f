"""Deputies, their activities and how they meet a duty standard, one row per deputy, per activity,
per deputy × requirement. Built by a few grouped SELECTs, never one per row."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select

from ..core.errors import ToolkitError
from ..core.glossary import ACTIVITY_KINDS, COMMITTEE_ROLES, LEVELS
from ..core.scope import scope_of
from ..duty.models import Activity, ActivityAttendee, ActivityCase
from ..duty.points import county_of
from ..duty.standards import available_rules, evaluate_deputies, load_rules
from ..network.models import Deputy, Seat, Station
from ..network.station_index import StationIndex
from .columns import FRAMES, framed
from .source import day, names_for, reading, typed, within_dates

LEVEL_ORDER = list(LEVELS)


def _counties(index: StationIndex, station_ids: pd.Series) -> pd.Series:
    names = {sid: county_of(index, int(sid)) for sid in station_ids.dropna().unique()}
    return station_ids.map(names)


def deputies(*, db=None) -> pd.DataFrame:
    """Every deputy in scope: who they are (no ID number, phone or e-mail), their seats, their station."""
    q = (select(Deputy.id, Deputy.name, Deputy.gender, Deputy.ethnicity, Deputy.birth_month, Deputy.party,
                Station.name, Deputy.station_id, Deputy.is_resident, Deputy.is_reelected, Deputy.is_leader,
                Deputy.specialty, Deputy.committee_role)
         .outerjoin(Station, Station.id == Deputy.station_id).order_by(Deputy.id))
    with reading(db) as s:
        rows = s.execute(q.where(scope_of(s).where(station=Deputy.station_id, deputy=Deputy.id))).all()
        df = pd.DataFrame(rows, columns=["deputy_id", "name", "gender", "ethnicity", "birth_month", "party", "station",
                                         "station_id", "is_resident", "is_reelected", "is_leader", "specialty",
                                         "committee_role"])
        df["name"] = names_for(s, df["name"])
        seats = pd.DataFrame(s.execute(select(Seat.deputy_id, Seat.level)).all(), columns=["deputy_id", "level"])
        index = StationIndex.load(s)
    seats["order"] = seats["level"].map(LEVEL_ORDER.index)
    seats = seats.sort_values(["deputy_id", "order"])
    held = seats.groupby("deputy_id")["level"].agg(lambda ls: "、".join(LEVELS[x] for x in ls))
    df["levels"] = df["deputy_id"].map(held)
    df["highest_level"] = df["deputy_id"].map(seats.groupby("deputy_id")["level"].first().map(LEVELS))
    df["birth_year"] = pd.to_datetime(df["birth_month"]).dt.year.astype("Int64")
    df["county"] = _counties(index, df["station_id"])
    df["enrolled"] = df["station_id"].notna()
    df["committee_role"] = df["committee_role"].map(COMMITTEE_ROLES)
    df = df[list(FRAMES["deputies"])]
    typed(df, categories=("gender", "ethnicity", "party", "levels", "highest_level", "station", "county",
                          "committee_role"), ints=("station_id",))
    return framed(df, "deputies")


def activities(start=None, end=None, *, db=None) -> pd.DataFrame:
    """Every activity held from `start` to `end`, with how many deputies came and opinions were logged."""
    present = (select(ActivityAttendee.activity_id, func.count().label("n"))
               .group_by(ActivityAttendee.activity_id).subquery())
    raised = select(ActivityCase.activity_id, func.count().label("n")).group_by(ActivityCase.activity_id).subquery()
    q = (select(Activity.id, Activity.held_on, Activity.kind, Activity.title, Activity.theme, Station.name,
                func.coalesce(present.c.n, 0), Activity.citizens_received, func.coalesce(raised.c.n, 0),
                Activity.station_id)
         .join(Station, Station.id == Activity.station_id)
         .outerjoin(present, present.c.activity_id == Activity.id).outerjoin(raised, raised.c.activity_id == Activity.id)
         .order_by(Activity.held_on, Activity.id))
    q = within_dates(q, Activity.held_on, start, end)
    with reading(db) as s:
        rows = s.execute(q.where(scope_of(s).where(station=Activity.station_id))).all()
        index = StationIndex.load(s)
    df = pd.DataFrame(rows, columns=["activity_id", "held_on", "kind", "title", "theme", "station", "deputies_present",
                                     "citizens_received", "opinions", "station_id"])
    df["kind"] = df["kind"].map(ACTIVITY_KINDS)
    df.insert(6, "county", _counties(index, df["station_id"]))
    typed(df, dates=("held_on",), categories=("kind", "theme", "station", "county"),
          ints=("deputies_present", "citizens_received", "opinions", "station_id"))
    return framed(df, "activities")


def attendances(start=None, end=None, *, db=None) -> pd.DataFrame:
    """Every deputy's attendance at an activity (进站) from `start` to `end`: one row per deputy × activity."""
    q = (select(ActivityAttendee.activity_id, Activity.held_on, Activity.kind, ActivityAttendee.deputy_id,
                Deputy.station_id, Activity.station_id)
         .join(Activity, Activity.id == ActivityAttendee.activity_id).join(Deputy, Deputy.id == ActivityAttendee.deputy_id)
         .order_by(Activity.held_on, ActivityAttendee.id))
    q = within_dates(q, Activity.held_on, start, end)
    with reading(db) as s:
        rows = s.execute(q.where(scope_of(s).where(station=Activity.station_id))).all()
    df = pd.DataFrame(rows, columns=list(FRAMES["attendances"]))
    df["kind"] = df["kind"].map(ACTIVITY_KINDS)
    typed(df, dates=("held_on",), categories=("kind",), ints=("deputy_station_id", "station_id"))
    return framed(df, "attendances")


def duty_status(standard: str, period: str, *, db=None, today: date | None = None) -> pd.DataFrame:
    """How each deputy in scope meets each requirement of a duty standard (its name, e.g. 铜陵“121”)
    in a period ("2026", "2026-Q2", "2026-05"): one row per deputy × requirement."""
    rules = available_rules()
    if standard not in rules:
        raise ToolkitError(f"没有名为「{standard}」的履职标准，可选：{'、'.join(rules)}")
    ruleset = load_rules(rules[standard])
    with reading(db) as s:
        wide = evaluate_deputies(s, ruleset, period, today=day(today))
        visible = set(s.scalars(select(Deputy.id).where(scope_of(s).where(station=Deputy.station_id, deputy=Deputy.id))))
        wide = wide[wide["id"].isin(visible)].copy()
        wide["姓名"] = names_for(s, wide["姓名"])
    labels = [r.label for r in ruleset.requirements if r.subject == "deputy"]
    long = wide.melt(id_vars=["id", "姓名", "代表层级", "所属联络站"], value_vars=labels, var_name="requirement",
                     value_name="status")
    detail = wide.melt(id_vars=["id"], value_vars=[f"{x}（达标期数）" for x in labels], value_name="d")["d"]
    split = detail.str.split("/", expand=True).reindex(columns=[0, 1])
    long["units_met"] = pd.to_numeric(split[0], errors="coerce")
    long["units"] = pd.to_numeric(split[1], errors="coerce")
    long = long.rename(columns={"id": "deputy_id", "姓名": "name", "代表层级": "level", "所属联络站": "station"})
    long = long.sort_values(["deputy_id", "requirement"], kind="stable").reset_index(drop=True)
    typed(long, categories=("level", "station", "requirement", "status"), ints=("units_met", "units"))
    return framed(long[list(FRAMES["duty_status"])], "duty_status")
