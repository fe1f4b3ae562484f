"""代表建议 for analysts: one row per suggestion (`suggestions`), built by one SELECT with the
counts of its 附议代表, 协办单位, citizens' cases and their confirmations joined in, within the user's
scope; the lead deputy's name masked for analysts, no citizen's name, phone or words."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased

from ..network.models import Department, Deputy
from ..suggestions.models import Suggestion, SuggestionCase, SuggestionCosigner, SuggestionCoUnit
from ..suggestions.queries import within_scope
from .columns import FRAMES, framed
from .source import day, frame, names_for, reading, typed, within_dates


def _per_suggestion(column, *measures):
    return select(column.label("sid"), *measures).group_by(column).subquery()


def suggestions(start=None, end=None, *, db=None, today: date | None = None) -> pd.DataFrame:
    """Every suggestion proposed from `start` to `end` (both included; either may be left open), by
    number. `promise_late` is as of `today` (default: today)."""
    today = day(today) or date.today()
    lead, unit = aliased(Deputy), aliased(Department)
    cosigners = _per_suggestion(SuggestionCosigner.suggestion_id, func.count().label("n"))
    co_units = _per_suggestion(SuggestionCoUnit.suggestion_id, func.count().label("n"))
    cases = _per_suggestion(SuggestionCase.suggestion_id, func.count().label("n"),
                            func.count(SuggestionCase.confirmation).label("said"),
                            func.sum(sql_case((SuggestionCase.confirmation == "已落实", 1), else_=0)).label("done"))
    s = Suggestion
    q = (select(s.number, s.title, s.category, s.session_label, lead.name, func.coalesce(cosigners.c.n, 0), s.proposed_on,
                unit.name, func.coalesce(co_units.c.n, 0), s.assigned_on, s.answer_due, s.key_supervision, s.answered_on,
                sql_case((s.answered_on <= s.answer_due, True), else_=False), s.answer_class, s.deputy_opinion, s.rounds,
                s.promised_on, s.done_on,
                sql_case((and_(s.answer_class == "B", s.promised_on < today, s.done_on.is_(None)), True), else_=False),
                func.coalesce(cases.c.n, 0), func.coalesce(cases.c.said, 0), func.coalesce(cases.c.done, 0),
                s.lead_deputy_id, s.main_unit_id, lead.station_id)
         .join(lead, lead.id == s.lead_deputy_id).outerjoin(unit, unit.id == s.main_unit_id)
         .outerjoin(cosigners, cosigners.c.sid == s.id).outerjoin(co_units, co_units.c.sid == s.id)
         .outerjoin(cases, cases.c.sid == s.id).order_by(s.number))
    q = within_dates(q, s.proposed_on, start, end)
    with reading(db) as session:
        df = frame(session, within_scope(q, session), list(FRAMES["suggestions"]))
        df["lead_deputy"] = names_for(session, df["lead_deputy"])
    for column in ("key_supervision", "on_time", "promise_late"):
        df[column] = df[column].astype(bool)
    typed(df, dates=("proposed_on", "assigned_on", "answer_due", "answered_on", "promised_on", "done_on"),
          categories=("category", "unit", "answer_class", "deputy_opinion"),
          ints=("cosigners", "co_units", "rounds", "citizen_cases", "citizens_confirmed", "citizens_done", "lead_deputy_id",
                "unit_id", "station_id"))
    return framed(df, "suggestions")
