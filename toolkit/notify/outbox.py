"""Putting messages in the outbox and sending them: each message is sent once.

A sweep claims a message by a compare-and-set (`UPDATE … SET state='sending' WHERE id=? AND state IN
(pending, failed)`): of two sweeps at once, on PostgreSQL or SQLite, exactly one gets each row. The
send happens after the claim is committed; the outcome is written after. A failed send is tried
again later (1, 2, 4, 8, 16 minutes…), and given up after MAX_ATTEMPTS. A sweep that died between
claim and outcome leaves the row 'sending'; after STALE it is tried again (the one case in which a
message could go out twice — a crash in the middle of a send)."""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.db import Database
from ..core.errors import ToolkitError
from .models import CHANNELS, STATES, OutboxMessage

MAX_ATTEMPTS = 8
STALE = timedelta(minutes=10)


def enqueue(session: Session, key: str, channel: str, recipient: str, subject: str, body: str, event: str,
            now: datetime | None = None) -> bool:
    """Put a message in the outbox; False when a message with this key is already there (it is not repeated)."""
    if channel not in CHANNELS:
        raise ToolkitError(f"「{channel}」不是通知渠道")
    now = now or datetime.now()
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)):
        return False
    try:
        with session.begin_nested():      # two writers at once: the unique key decides
            session.add(OutboxMessage(key=key[:160], channel=channel, recipient=recipient[:300], subject=subject[:200],
                                      body=body, event=event, created_at=now, next_try_at=now, state="pending"))
            session.flush()
    except IntegrityError:
        return False
    return True


def _due(now: datetime, senders: dict | None = None):
    due = (((OutboxMessage.state.in_(("pending", "failed"))) & (OutboxMessage.next_try_at <= now))
           | ((OutboxMessage.state == "sending") & (OutboxMessage.claimed_at < now - STALE)))
    # Without a gateway, texts are not failures: they wait to be exported for a bulk-SMS platform.
    return due if senders is None or "sms" in senders else due & (OutboxMessage.channel != "sms")


def sweep(db: Database, senders: dict, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due, each message by the sender of its channel; returns counts by outcome."""
    now = now or datetime.now()
    with db.reader() as s:
        due = list(s.scalars(select(OutboxMessage.id).where(_due(now, senders)).order_by(OutboxMessage.id)
                             .limit(limit)))
    counts = {"sent": 0, "failed": 0, "given_up": 0, "skipped": 0}
    for message_id in due:
        with db.unit_of_work() as s:                      # the claim: committed before sending
            won = s.execute(update(OutboxMessage).where(OutboxMessage.id == message_id, _due(now))
                            .values(state="sending", claimed_at=now)).rowcount == 1
            m = s.get(OutboxMessage, message_id) if won else None
            message = (m.channel, m.recipient, m.subject, m.body, m.attempts) if m else None
        if message is None:
            counts["skipped"] += 1                        # another sweep has it
            continue
        channel, recipient, subject, body, attempts = message
        sender = senders.get(channel)
        error = None
        try:
            if sender is None:
                raise ToolkitError(f"未配置「{CHANNELS[channel]}」的发送方式")
            sender.send(recipient, subject, body)
        except Exception as e:                            # a sender's failure is recorded, never raised
            error = f"{type(e).__name__}: {e}"[:300]
        with db.unit_of_work() as s:
            m = s.get(OutboxMessage, message_id)
            m.attempts = attempts + 1
            if error is None:
                m.state, m.sent_at, m.last_error = "sent", datetime.now(), None
            elif m.attempts >= MAX_ATTEMPTS:
                m.state, m.last_error = "given_up", error
            else:
                m.state, m.last_error = "failed", error
                m.next_try_at = now + timedelta(minutes=2 ** (m.attempts - 1))
            counts[m.state] += 1
    return counts


SMS_COLUMNS = ["手机号码", "短信内容"]


def waiting_sms(session: Session) -> int:
    """Texts not yet sent nor exported."""
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.channel == "sms", OutboxMessage.state.in_(("pending", "failed"))))


def export_sms(session: Session, now: datetime | None = None) -> list[tuple[str, str]]:
    """The texts waiting to be sent, as (手机号码, 短信内容) rows for a bulk-SMS platform's import; each
    is marked exported by the same compare-and-set as a sweep's claim, so two exports (or an export
    and a sweep) never hand over one text twice."""
    require(session, "notify.manage", target="sms")
    now = now or datetime.now()
    ids = list(session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.channel == "sms", OutboxMessage.state.in_(("pending", "failed"))).order_by(OutboxMessage.id)))
    rows = []
    for message_id in ids:
        won = session.execute(update(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.state.in_(("pending", "failed")))
            .values(state="exported", sent_at=now, last_error=None)).rowcount == 1
        if won:
            m = session.get(OutboxMessage, message_id)
            rows.append((m.recipient, m.body))
    return rows


def resend(session: Session, message_id: int, now: datetime | None = None) -> None:
    """Try a failed or given-up message again at the next sweep."""
    require(session, "notify.manage", target=str(message_id))
    m = session.get(OutboxMessage, message_id)
    if m is None or m.state not in ("failed", "given_up"):
        raise ToolkitError("只能重发发送失败或已放弃的消息")
    m.state, m.attempts, m.next_try_at = "pending", 0, now or datetime.now()
    session.flush()


def shown_recipient(channel: str, recipient: str) -> str:
    """A recipient as lists may show it: a robot's address holds its key, so only its host."""
    if channel == "sms":      # a citizen's number: enough to tell two apart, not to call
        return f"{recipient[:3]}****{recipient[-4:]}"
    return recipient if channel == "email" else f"{urlparse(recipient).hostname or '?'}/…"


ROW_COLUMNS = ["编号", "生成时间", "状态", "渠道", "接收方", "主题", "已尝试", "最后的错误"]


def message_rows(session: Session, failed_only: bool = False, limit: int = 100) -> list[tuple]:
    """The newest messages as shown to people (ROW_COLUMNS); failed and given up only, when asked."""
    q = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if failed_only:
        q = q.where(OutboxMessage.state.in_(("failed", "given_up")))
    return [(m.id, f"{m.created_at:%Y-%m-%d %H:%M}", STATES[m.state], CHANNELS[m.channel],
             shown_recipient(m.channel, m.recipient), m.subject, m.attempts, m.last_error or "")
            for m in session.scalars(q)]
