"""Cases for analysts: one row per case (`cases`), one row per step (`case_events`), built by one
SELECT each with the names joined in, within the user's scope; no citizen's name, phone or words."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import case as sql_case
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..cases.due import overdue_condition
from ..cases.models import Case, CaseEvent
from ..cases.queries import within_scope
from ..core.glossary import CASE_ACTIONS, CASE_KINDS, CASE_STATES, CHANNELS, MATTER_LEVELS, SUPERVISION
from ..core.workdays import WorkCalendar
from ..network.models import Department, Deputy, Station
from .columns import FRAMES, framed
from .source import day, frame, names_for, reading, typed, within_dates

CATEGORICAL = {"channel": CHANNELS, "kind": CASE_KINDS, "matter_level": MATTER_LEVELS, "state": CASE_STATES,
               "supervision": SUPERVISION}


def cases(start=None, end=None, *, db=None, today: date | None = None) -> pd.DataFrame:
    """Every case received from `start` to `end` (both included; either may be left open), oldest
    first. `overdue` and `working_days_overdue` are as of `today` (default: today)."""
    start, end, today = day(start), day(end), day(today) or date.today()
    station, county = aliased(Station), aliased(Station)
    late = overdue_condition(today)
    q = (select(Case.number, Case.received_on, Case.channel, Case.category, Case.kind, Case.matter_level,
                station.name, county.name, Department.name, Deputy.name, Case.state, Case.assigned_on, Case.deadline,
                Case.answered_on, Case.days_to_answer, sql_case((late, True), else_=False), Case.rating, Case.rounds,
                Case.supervision, Case.concluded_on, Case.station_id, Case.county_id, Case.department_id,
                Case.deputy_id)
         .join(station, station.id == Case.station_id).outerjoin(county, county.id == Case.county_id)
         .outerjoin(Department, Department.id == Case.department_id).outerjoin(Deputy, Deputy.id == Case.deputy_id)
         .order_by(Case.received_on, Case.id))
    q = within_dates(q, Case.received_on, start, end)
    columns = [c for c in FRAMES["cases"] if c != "working_days_overdue"]
    with reading(db) as s:
        df = frame(s, within_scope(q, s), columns)
        df["deputy"] = names_for(s, df["deputy"])
        cal = WorkCalendar.load(s)
    for column, words in CATEGORICAL.items():
        df[column] = df[column].map(words)
    df["overdue"] = df["overdue"].astype(bool)
    late = df.index[df["overdue"].to_numpy()]
    late_days = pd.Series(0, index=df.index, dtype="int64")
    if len(late):
        late_days.loc[late] = [cal.between(day(d), today) for d in df.loc[late, "deadline"]]
    df.insert(df.columns.get_loc("overdue") + 1, "working_days_overdue", late_days)
    typed(df, dates=("received_on", "assigned_on", "deadline", "answered_on", "concluded_on"),
          categories=("channel", "category", "kind", "matter_level", "station", "county", "department", "state",
                      "rating", "supervision"),
          ints=("days_to_answer", "working_days_overdue", "rounds", "station_id", "county_id", "department_id",
                "deputy_id"))
    return framed(df, "cases")


def case_events(start=None, end=None, *, db=None) -> pd.DataFrame:
    """Every step of the cases received from `start` to `end`, in order (who acted is not given)."""
    q = (select(Case.number, CaseEvent.at, CaseEvent.action, CaseEvent.from_state, CaseEvent.to_state)
         .join(Case, Case.id == CaseEvent.case_id).order_by(CaseEvent.at, CaseEvent.id))
    q = within_dates(q, Case.received_on, start, end)
    with reading(db) as s:
        df = frame(s, within_scope(q, s), list(FRAMES["case_events"]))
    df["action"] = df["action"].map(CASE_ACTIONS)
    for column in ("from_state", "to_state"):
        df[column] = df[column].map(CASE_STATES)
    typed(df, dates=("at",), categories=("action", "from_state", "to_state"))
    return framed(df, "case_events")
