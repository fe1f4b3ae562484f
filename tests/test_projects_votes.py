"""A vote kept in the database: frozen on opening, one secret ballot per deputy, counted from the box."""
import pytest
from sqlalchemy import select

from toolkit import ToolkitError, create_deputy
from toolkit.projects.ballots import cast, issue_ballots
from toolkit.projects.box import fingerprint, published_box
from toolkit.projects.vote_models import Ballot, Vote
from toolkit.projects.votes import add_candidate, close_and_count, create_vote, open_vote

from .factories.projects import remove_committed
from .factories import id_number, record


def _deputies(session, n, vote=None):
    """County deputies; with a vote, each is checked in and issued a ballot."""
    ids = [create_deputy(session, record(姓名=f"代表{'甲乙丙丁戊'[i]}", 身份证号=id_number(), 代表层级="县"))
           for i in range(n)]
    if vote is not None:
        issue_ballots(session, vote, ids)
    return ids


@pytest.fixture
def vote(session, network):
    vid = create_vote(session, "2027年民生实事项目票决", "county", seats=1, electorate=3)
    for name in ("老年食堂", "口袋公园"):
        add_candidate(session, vid, name, cost=100000)
    open_vote(session, vid)
    return vid


def test_the_box_holds_no_voter_identity():
    columns = {c.name for c in Ballot.__table__.columns}
    assert columns == {"receipt", "vote_id", "marks", "paper"}
    assert not any(fk.column.table.name == "deputy" for fk in Ballot.__table__.foreign_keys)


def test_candidates_and_rules_are_frozen_once_open(session, vote):
    with pytest.raises(ToolkitError, match="已锁定"):
        add_candidate(session, vote, "充电桩")


def test_one_ballot_per_deputy_and_a_count_from_the_box(session, vote):
    a, b, c = _deputies(session, 3, vote)
    receipts = [cast(session, vote, a, {"老年食堂": "赞成", "口袋公园": "反对"}),
                cast(session, vote, b, {"老年食堂": "赞成"})]
    with pytest.raises(ToolkitError, match="已经投过票"):
        cast(session, vote, a, {"老年食堂": "反对"})
    with pytest.raises(ToolkitError, match="不是有效的选择"):
        cast(session, vote, c, {"老年食堂": "√"})
    result = close_and_count(session, vote, present=3)
    assert result["ballots"] == 2 and result["selected"] == ["老年食堂"] and result["void"] is None
    assert result["candidates"]["口袋公园"] == {"for": 0, "against": 1, "abstain": 1}
    assert session.get(Vote, vote).fingerprint == fingerprint(session, vote)
    assert published_box(session, vote)[0] == sorted(receipts)
    with pytest.raises(ToolkitError, match="未在进行中"):
        cast(session, vote, c, {"老年食堂": "赞成"})


def test_a_vote_without_quorum_is_recorded_void(session, vote):
    a, = _deputies(session, 1, vote)
    cast(session, vote, a, {"老年食堂": "赞成"})
    result = close_and_count(session, vote, present=1)
    assert "不足全体代表3人的2/3" in result["void"] and session.get(Vote, vote).state == "void"


def test_a_deputy_without_an_issued_ballot_cannot_vote(session, vote):
    a, = _deputies(session, 1)
    with pytest.raises(ToolkitError, match="尚未向代表甲发放选票"):
        cast(session, vote, a, {"老年食堂": "赞成"})
    assert session.scalar(select(Ballot.receipt).where(Ballot.vote_id == vote)) is None


def test_only_deputies_of_this_congress_vote(session, vote):
    township = create_deputy(session, record(代表层级="乡", 身份证号=id_number()))
    with pytest.raises(ToolkitError, match="不是本次人代会的代表"):
        cast(session, vote, township, {"老年食堂": "赞成"})


def test_two_ballots_at_once_from_one_deputy_count_once(engine):
    from toolkit.core.db import Database

    from .factories import small_network
    db = Database(engine=engine)
    with db.unit_of_work() as s:
        small_network(s)
        vid = create_vote(s, "并发票决", "county", seats=1, electorate=3, uncontested=True)
        add_candidate(s, vid, "老年食堂")
        open_vote(s, vid)
        deputy = create_deputy(s, record(代表层级="县"))
        issue_ballots(s, vid, [deputy])
    try:
        with db.sessions() as first, db.sessions() as second:
            cast(first, vid, deputy, {"老年食堂": "赞成"})
            first.commit()
            with pytest.raises(ToolkitError, match="已经投过票"):
                cast(second, vid, deputy, {"老年食堂": "反对"})
            second.rollback()
        with db.reader() as s:
            assert len(s.scalars(select(Ballot.receipt).where(Ballot.vote_id == vid)).all()) == 1
    finally:
        remove_committed(db)


@pytest.mark.parametrize("how", ["code", "kiosk"])
def test_one_deputy_voting_from_two_pages_at_the_same_moment_counts_once(engine, how):
    """Two threads, each its own transaction, submit the same deputy's ballot at once."""
    import threading

    from toolkit.core.db import Database
    from toolkit.projects.ballots import cast_with_code, issue_ballots

    from .factories import small_network
    db = Database(engine=engine)
    with db.unit_of_work() as s:
        small_network(s)
        vid = create_vote(s, "同时投票", "county", seats=1, electorate=3, uncontested=True)
        add_candidate(s, vid, "老年食堂")
        open_vote(s, vid)
        deputy = create_deputy(s, record(代表层级="县"))
        code = issue_ballots(s, vid, [deputy])[deputy]
    start, outcomes = threading.Barrier(2), []

    def submit(mark):
        try:
            start.wait()
            with db.unit_of_work() as s:
                if how == "code":
                    cast_with_code(s, code, {"老年食堂": mark})
                else:
                    cast(s, vid, deputy, {"老年食堂": mark})
            outcomes.append("ok")
        except ToolkitError as e:
            outcomes.append(e.message)
    try:
        threads = [threading.Thread(target=submit, args=(m,)) for m in ("赞成", "反对")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(outcomes)[0] == "ok" and "已经投过票" in sorted(outcomes)[1], outcomes
        with db.reader() as s:
            assert len(s.scalars(select(Ballot.receipt).where(Ballot.vote_id == vid)).all()) == 1
    finally:
        remove_committed(db)
