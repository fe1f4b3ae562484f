"""Projects for tests: one voted through, and the cleaning after tests that commit votes."""
from __future__ import annotations

from sqlalchemy import delete, select

from toolkit.network.department_directory import add_department
from toolkit.projects.ballots import record_paper_ballots
from toolkit.projects.models import Project
from toolkit.projects.vote_models import Ballot, Vote, VoteCandidate, VoteRegister
from toolkit.projects.votes import add_candidate, close_and_count, create_vote, open_vote


def finished_project(session) -> int:
    """A project voted through (one candidate, three ballots for it), run by 区卫健委."""
    dept = add_department(session, "区卫健委")
    vid = create_vote(session, "票决", "county", seats=1, electorate=3, uncontested=True)
    add_candidate(session, vid, "村卫生室提升", cost=50, department="区卫健委")
    open_vote(session, vid)
    record_paper_ballots(session, vid, [{"村卫生室提升": "赞成"}] * 3, 3)
    close_and_count(session, vid)
    p = session.scalar(select(Project).where(Project.name == "村卫生室提升"))
    assert p.department_id == dept
    return p.id


def remove_committed(db):
    """Tests that commit (two sessions, two threads) clean up after themselves."""
    from toolkit.network.models import Deputy, EnrolmentMove, Seat, Station
    with db.unit_of_work() as s:
        for model in (Ballot, VoteRegister, VoteCandidate, Vote, EnrolmentMove, Seat, Deputy):
            s.execute(delete(model))
        for sid in sorted(s.scalars(select(Station.id)), reverse=True):
            s.execute(delete(Station).where(Station.id == sid))
