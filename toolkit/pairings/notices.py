"""A pairing without contact past its limit (pairing_overdue_days) tells its mentor, once for each
stretch of silence: a contact logged starts a new stretch, and the next overdue one tells again."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..core.glossary import PAIRING_KINDS
from ..core.settings import get_setting
from ..notify.addresses import of_deputy, tell
from .models import Pairing
from .queries import PairingFilter, _query


def overdue_pairings(session: Session, today: date) -> int:
    """One message to each mentor of an active pairing overdue today (by e-mail, else a text)."""
    q, since, _ = _query(session, PairingFilter(health="overdue"), today)
    limit, sent = get_setting(session, "pairing_overdue_days"), 0
    for row in session.execute(q.add_columns(Pairing.mentor_id).order_by(Pairing.id)):
        pairing_id, kind, mentor, mentee, since_day, mentor_id = row[0], row[1], row[2], row[3], row[8], row[-1]
        days = (today - since_day).days
        sent += tell(session, f"pairing-overdue:{pairing_id}:{since_day}", of_deputy(session, mentor_id),
                     f"结对联系提醒：{mentee}",
                     f"{mentor}代表：您{PAIRING_KINDS[kind]}的结对对象{mentee}已{days}天未联系（要求{limit}天内至少联系一次），"
                     "请尽快联系，并请联络站登记联系情况。", "pairing_overdue")
    return sent
