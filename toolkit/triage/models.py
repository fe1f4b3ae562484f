"""The learned suggestions, kept in the database so every kernel and every server reads the same."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base


class TriageModel(Base):
    """One learned model: from how many labelled cases, up to which case, and its arrays (toolkit.triage.learned_model)."""

    __tablename__ = "triage_model"
    __audit__ = False      # derived from the cases, learned again at will: nothing anyone edits

    id: Mapped[int] = mapped_column(primary_key=True)
    learned_at: Mapped[datetime] = mapped_column(DateTime)
    cases: Mapped[int] = mapped_column(Integer)          # labelled cases it learned from
    last_case_id: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[int] = mapped_column(Integer)        # how long learning took
    digest: Mapped[str] = mapped_column(String(64))      # sha256 of data: the same history gives the same digest
    data: Mapped[bytes] = mapped_column(LargeBinary)
