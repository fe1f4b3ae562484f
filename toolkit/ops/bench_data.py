"""The benchmark's city-scale database: the demo at size "bench" (3,300 deputies, ~700 stations,
180,000 cases with timelines) plus 20,000 evaluation responses and 10 project votes of 300 paper
ballots over 20 candidates, left open so the tally can be timed."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..core.principal import named
from ..evaluations.models import EvalResponse, EvalTarget
from ..evaluations.services import create_round
from ..network.models import Department, Deputy, Seat
from ..projects.ballots import record_paper_ballots
from ..projects.votes import add_candidate, create_vote, open_vote
from ..suggestions.due import months_after
from ..suggestions.models import Suggestion
from .demo import load_demo

ACTOR = "基准测试"


def load_bench(session: Session, size: str = "bench", responses: int = 20_000, votes: int = 10,
               ballots: int = 300, candidates: int = 20) -> dict:
    """Fill an empty database; returns the counts."""
    with named(session, ACTOR):
        return _build_bench(session, size, responses, votes, ballots, candidates)


def _build_bench(session: Session, size: str, responses: int, votes: int, ballots: int, candidates: int) -> dict:
    counts = load_demo(session, size)
    rng = random.Random(3)
    rid = create_round(session, "基准测试：部门办理满意度", "department", "deputies", date(2026, 1, 1), date(2026, 12, 31))
    depts = list(session.execute(select(Department.id, Department.name).order_by(Department.id)))
    session.add_all(EvalTarget(round_id=rid, label=n, department_id=i) for i, n in depts)
    session.flush()
    targets = list(session.scalars(select(EvalTarget.id).where(EvalTarget.round_id == rid)))
    deputies = list(session.scalars(select(Deputy.id).order_by(Deputy.id)))
    rows, pairs = [], set()
    while len(rows) < min(responses, len(targets) * len(deputies)):
        pair = (rng.choice(targets), rng.choice(deputies))
        if pair in pairs:
            continue
        pairs.add(pair)
        rows.append({"round_id": rid, "target_id": pair[0], "respondent": f"deputy:{pair[1]}",
                     "verdict": rng.choices(["满意", "基本满意", "不满意", "弃权"], [70, 20, 7, 3])[0],
                     "comment": None, "submitted_at": datetime(2026, 6, 1, 9), "replaced_at": None})
    session.execute(insert(EvalResponse.__table__), rows)
    electorate = len(set(session.scalars(select(Seat.deputy_id).where(Seat.level == "county")))) or 1
    names = [f"基准项目{k:02d}" for k in range(1, candidates + 1)]
    for v in range(votes):
        vid = create_vote(session, f"基准票决{v + 1}", "county", max(1, candidates * 3 // 4), max(electorate, ballots), budget=10_000)
        for n in names:
            add_candidate(session, vid, n, cost=rng.randint(100, 2000))
        open_vote(session, vid)
        paper = [{n: rng.choice(["赞成", "赞成", "赞成", "反对", ""]) for n in names} for _ in range(ballots)]
        record_paper_ballots(session, vid, paper, ballots)
    session.flush()
    suggestions = _suggestions(session, rng, 10_000 if size == "bench" else 500)
    return {**counts, "测评答复": len(rows), "票决": votes, "选票": votes * ballots, "代表建议": suggestions}


def _suggestions(session: Session, rng: random.Random, n: int) -> int:
    """A province-sized year of 代表建议 for the list's paging (one INSERT: the list is what is measured)."""
    leads = list(session.scalars(select(Deputy.id).order_by(Deputy.id)))
    units = list(session.scalars(select(Department.id).order_by(Department.id)))
    rows = []
    for k in range(n):
        proposed = date(2025, 1, 8) + timedelta(days=rng.randrange(300))
        assigned = proposed + timedelta(days=rng.randrange(10, 30))
        due = months_after(assigned, 3)
        answered = assigned + timedelta(days=rng.randrange(30, 120)) if rng.random() < 0.9 else None
        cls = rng.choices("ABC", (55, 35, 10))[0] if answered else None
        rows.append({"number": f"JB-2025-{k + 1:05d}", "title": f"基准建议{k + 1}", "content": "", "category": "城乡建设",
                     "lead_deputy_id": rng.choice(leads), "proposed_on": proposed, "main_unit_id": rng.choice(units),
                     "assigned_on": assigned, "answer_due": due, "key_supervision": rng.random() < 0.05,
                     "answered_on": answered, "answer_class": cls, "answer_text": "已答复" if answered else None,
                     "promised_on": answered + timedelta(days=90) if cls == "B" else None, "rounds": 1, "version": 1})
    session.execute(insert(Suggestion.__table__), rows)
    return n
