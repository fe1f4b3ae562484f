"""民生实事 projects and votes for analysts: one row per project, one row per vote × candidate with
the count and the turnout — never who voted what (the ballot box keeps no names). Neither has a
station, so both are for city-wide readers."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
from sqlalchemy import func, select

from ..core.glossary import VOTE_STATES
from ..core.scope import scope_of
from ..network.models import Department
from ..projects.models import Project, ProjectMilestone, ProjectUpdate
from ..projects.vote_models import Ballot, Vote, VoteCandidate
from .columns import FRAMES, framed
from .source import day, reading, typed

LEVELS = {"county": "县级", "township": "乡镇级"}


def projects(year: int | None = None, *, db=None, today: date | None = None) -> pd.DataFrame:
    """Every project (of one year, or all) with its milestones counted as of `today`."""
    today = day(today) or date.today()
    done = ProjectMilestone.done_on.is_not(None)
    late = ProjectMilestone.done_on.is_(None) & (ProjectMilestone.due_on < today)
    steps = (select(ProjectMilestone.project_id, func.count().label("n"),
                    func.sum(func.cast(done, type_=Project.progress.type)).label("done"),
                    func.sum(func.cast(late, type_=Project.progress.type)).label("late"))
             .group_by(ProjectMilestone.project_id).subquery())
    updates = (select(ProjectUpdate.project_id, func.max(ProjectUpdate.reported_on).label("last"))
               .group_by(ProjectUpdate.project_id).subquery())
    q = (select(Project.id, Project.name, Project.year, Department.name, Project.cost, Project.progress, Project.due_on,
                Project.completed_on, func.coalesce(steps.c.n, 0), func.coalesce(steps.c.done, 0),
                func.coalesce(steps.c.late, 0), updates.c.last)
         .outerjoin(Department, Department.id == Project.department_id)
         .outerjoin(steps, steps.c.project_id == Project.id).outerjoin(updates, updates.c.project_id == Project.id)
         .order_by(Project.year, Project.id))
    if year is not None:
        q = q.where(Project.year == year)
    with reading(db) as s:
        rows = s.execute(q.where(scope_of(s).where())).all()
    df = pd.DataFrame(rows, columns=list(FRAMES["projects"]))
    df["cost"] = pd.to_numeric(df["cost"])
    typed(df, dates=("due_on", "completed_on", "last_update"), categories=("department",),
          ints=("year", "progress", "milestones", "milestones_done", "milestones_late"), floats=("cost",))
    return framed(df, "projects")


def votes(*, db=None) -> pd.DataFrame:
    """Every vote × candidate: the vote's size and turnout, the candidate's count and outcome (empty
    before the count)."""
    boxed = select(Ballot.vote_id, func.count().label("n")).group_by(Ballot.vote_id).subquery()
    q = (select(Vote.id, Vote.name, Vote.level, Vote.state, Vote.seats, Vote.electorate, Vote.present,
                func.coalesce(boxed.c.n, 0), Vote.result, VoteCandidate.name, VoteCandidate.cost,
                VoteCandidate.department)
         .join(VoteCandidate, VoteCandidate.vote_id == Vote.id).outerjoin(boxed, boxed.c.vote_id == Vote.id)
         .order_by(Vote.id, VoteCandidate.id))
    with reading(db) as s:
        rows = s.execute(q.where(scope_of(s).where())).all()
    out = []
    for vid, name, level, state, seats, electorate, present, ballots, result, candidate, cost, dept in rows:
        r = json.loads(result) if result else None
        counts = (r or {}).get("candidates", {}).get(candidate, {})
        out.append((vid, name, LEVELS.get(level, level), VOTE_STATES.get(state, state), seats, electorate, present,
                    r["ballots"] if r else ballots, None, candidate, cost, dept, counts.get("for"),
                    counts.get("against"), counts.get("abstain"),
                    candidate in r["passed"] if r else None, candidate in r["selected"] if r else None))
    df = pd.DataFrame(out, columns=list(FRAMES["votes"]))
    df["turnout"] = (df["ballots"] / df["electorate"]).round(4)
    df["cost"] = pd.to_numeric(df["cost"])
    typed(df, categories=("vote", "level", "state", "department"),
          ints=("seats", "electorate", "present", "ballots", "votes_for", "votes_against", "votes_abstain"),
          floats=("cost", "turnout"))
    df["passed"] = df["passed"].astype("boolean")
    df["selected"] = df["selected"].astype("boolean")
    return framed(df, "votes")
