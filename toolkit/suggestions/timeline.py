"""A suggestion's timeline: each step, who took it, when, in which round, with its note — and the
checks every step's free text passes (a citizen's or a unit's words, hostile until shown safe)."""
from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.errors import FieldError
from ..core.glossary import SUGGESTION_ACTIONS
from .models import Suggestion, SuggestionEvent

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOTE_LIMIT = 5000


def add_step(session: Session, s: Suggestion, action: str, actor: str, note: str = "", at: datetime | None = None) -> None:
    """One step on the suggestion's timeline, in the current round."""
    session.add(SuggestionEvent(suggestion_id=s.id, at=at or datetime.now(), actor=actor[:80], action=action,
                                round=s.rounds or 1, note=(note or "").strip() or None))


def text_error(value: str | None, field: str, limit: int = NOTE_LIMIT, required: bool = True) -> FieldError | None:
    """Why a free-text field is refused, or None: empty when required, too long, control characters."""
    value = (value or "").strip()
    if required and not value:
        return FieldError(field, "不能为空")
    if len(value) > limit:
        return FieldError(field, f"过长（{len(value)}字），请控制在{limit}字以内")
    if CONTROL.search(value):
        return FieldError(field, "含有不可见的控制字符，请删除后重新填写")
    return None


def timeline(session: Session, suggestion_id: int) -> pd.DataFrame:
    """Every step of a suggestion, oldest first: 时间, 轮次, 经办, 环节, 说明."""
    rows = session.execute(select(SuggestionEvent.at, SuggestionEvent.round, SuggestionEvent.actor,
                                  SuggestionEvent.action, SuggestionEvent.note)
                           .where(SuggestionEvent.suggestion_id == suggestion_id)
                           .order_by(SuggestionEvent.at, SuggestionEvent.id))
    return pd.DataFrame([(at.strftime("%Y-%m-%d %H:%M"), f"第{r}轮", actor, SUGGESTION_ACTIONS[action], note or "")
                         for at, r, actor, action, note in rows], columns=["时间", "轮次", "经办", "环节", "说明"])
