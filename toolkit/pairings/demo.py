"""Demo pairings: committee members chosen, most pairs made by the planner, contacts over a year."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..cases.demo import ANCHOR
from ..core.glossary import CONTACT_MODES, PAIRING_KINDS
from ..network.models import Deputy
from .models import ContactLog, Pairing
from .plan import suggest_plan

ACTOR = "演示数据"
TOPICS = ["学习履职知识", "走访选民情况交流", "建议撰写指导", "月度主题履职", "联络站活动安排", "民生项目征集"]


def load_demo_pairings(session: Session, seed: int = 11, share: float = 0.85) -> int:
    """Pair `share` of what the planner suggests for each kind, then log contacts; returns pairings."""
    rng = random.Random(seed)
    leaders = list(session.scalars(select(Deputy.id).where(Deputy.is_leader.is_(True)).order_by(Deputy.id)))
    members = leaders[: max(4, len(leaders) // 8)]
    session.execute(update(Deputy).where(Deputy.id.in_(members)).values(committee_role="member"))
    session.execute(update(Deputy).where(Deputy.id.in_(members[: max(2, len(members) // 5)])).values(committee_role="leader"))
    session.flush()
    total = 0
    for kind in PAIRING_KINDS:
        plan = suggest_plan(session, kind)
        chosen = [s for s in plan.suggestions if rng.random() < share]
        rows = [dict(kind=kind, mentor_id=s.mentor_id, mentee_id=None if s.target.is_station else s.target.key,
                     station_id=s.target.key if s.target.is_station else None,
                     started_on=date(2026, 2, 1), ended_on=None, end_reason=None, created_by=ACTOR) for s in chosen]
        if rows:
            session.execute(insert(Pairing.__table__), rows)
        total += len(rows)
    ids = list(session.scalars(select(Pairing.id).order_by(Pairing.id)))
    logs = []
    for pid in ids:
        day = date(2026, 2, 1)
        while rng.random() < 0.92:
            day += timedelta(days=rng.randint(15, 75))
            if day > ANCHOR:
                break
            logs.append(dict(pairing_id=pid, day=day, mode=rng.choice(CONTACT_MODES), topic=rng.choice(TOPICS),
                             notes=None, logged_by=ACTOR, logged_at=datetime.combine(day, datetime.min.time())))
    if logs:
        session.execute(insert(ContactLog.__table__), logs)
    session.flush()
    return total
