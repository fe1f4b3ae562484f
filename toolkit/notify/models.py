"""The outbox: one row per message to send, kept after sending (what was sent, to whom, when)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of

CHANNELS = {"email": "电子邮件", "wecom": "企业微信群机器人", "dingtalk": "钉钉群机器人", "sms": "短信"}
STATES = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败（将重试）", "given_up": "已放弃",
          "exported": "已导出（交短信平台发送）"}


class OutboxMessage(Base):
    """A message: to whom and how, what it says, which event caused it, and how sending went."""

    __tablename__ = "outbox"
    # Not in the audit log: each message follows from a write that is, and the outbox is its own record.
    __audit__ = False
    __table_args__ = (CheckConstraint(one_of("channel", CHANNELS), name="ck_outbox_channel"),
                      CheckConstraint(one_of("state", STATES), name="ck_outbox_state"),
                      Index("ix_outbox_state_next", "state", "next_try_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # What makes a message the same message (event, record, recipient): enqueued twice, stored once.
    key: Mapped[str] = mapped_column(String(160), unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    event: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(DateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
