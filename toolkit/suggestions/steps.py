"""What may be done to a suggestion now, by whom: the steps its state allows, kept to those the
session's user may take (what a page offers; each service checks again when it is taken)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import why_not
from ..core.principal import principal_of
from ..core.records import fetch
from ..network.models import Deputy
from .models import Suggestion, SuggestionCoUnit

# step → (the permission it needs, which units of the suggestion may take it)
STEPS = {"assign": ("suggestion.assign", "none"), "contact": ("suggestion.handle", "any"),
         "co_opinion": ("suggestion.handle", "co"), "answer": ("suggestion.answer", "main"),
         "rate": ("suggestion.rate", "none"), "fulfil": ("suggestion.fulfil", "main")}
STEP_LABELS = {"assign": "交办", "contact": "记录沟通（三见面）", "co_opinion": "协办意见", "answer": "答复",
               "rate": "代表意见", "fulfil": "记录落实"}


def _by_state(s: Suggestion) -> list[str]:
    assigned, answered, reopened = s.assigned_on is not None, s.answered_on is not None, s.reopened_on is not None
    waiting = assigned and (not answered or reopened)
    return [step for step, ok in (("assign", not answered), ("contact", assigned and s.done_on is None),
                                  ("co_opinion", waiting), ("answer", waiting),
                                  ("rate", answered and not reopened and s.deputy_opinion is None),
                                  ("fulfil", s.answer_class == "B" and s.done_on is None and not reopened)) if ok]


def next_steps(session: Session, suggestion_id: int) -> list[str]:
    """The steps the suggestion's state allows and the user may take, in the order of handling."""
    s = fetch(session, Suggestion, suggestion_id)
    p = principal_of(session)
    if p is None:
        return _by_state(s)
    station = session.scalar(select(Deputy.station_id).where(Deputy.id == s.lead_deputy_id))
    co = list(session.scalars(select(SuggestionCoUnit.department_id).where(SuggestionCoUnit.suggestion_id == s.id)))
    units = {"none": None, "main": [s.main_unit_id], "co": co, "any": [s.main_unit_id, *co]}
    return [step for step in _by_state(s)
            if why_not(p, STEPS[step][0], station, units[STEPS[step][1]], s.lead_deputy_id) is None]
