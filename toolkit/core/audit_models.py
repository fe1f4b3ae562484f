"""The append-only audit trail: who did what to which record, with the values before and after.

The database itself refuses UPDATE and DELETE on this table (triggers in migration 0006), so no
page, widget message or service can rewrite history.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base

PUBLIC_ACTOR = "public"


class AuditEntry(Base):
    """One write: when, who, what (entity and id), the action, and the values as JSON."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    # The public account may not write this column (toolkit/ops/public_role.py): its rows take the default.
    actor: Mapped[str] = mapped_column(String(50), server_default=PUBLIC_ACTOR)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(30))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
