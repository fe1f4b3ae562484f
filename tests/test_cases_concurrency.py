"""Two people acting on one case at once: the later write is refused, nothing is overwritten."""
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from toolkit import ToolkitError
from toolkit.cases.models import Case, CaseCounter, CaseEvent
from toolkit.cases.services import Opinion, act, intake
from toolkit.network.department_directory import add_department
from toolkit.core.db import Database
from toolkit.network.models import Department, Station

from .factories import small_network


def engine_name(db) -> str:
    return db.engine.dialect.name


@pytest.fixture
def committed(engine):
    """A committed network, department and case on the test back-end, removed afterwards."""
    db = Database(engine=engine)
    with db.unit_of_work() as s:
        ids = small_network(s)
        dept = add_department(s, "并发测试局")
        case = intake(s, Opinion(content="并发", station_id=ids["wusong"]))
        case_id = case.id
    yield db, case_id, dept
    with db.unit_of_work() as s:
        for model in (CaseEvent, Case, CaseCounter, Department):
            s.execute(delete(model))
        for sid in sorted(s.scalars(select(Station.id)), reverse=True):
            s.execute(delete(Station).where(Station.id == sid))


def test_two_pages_acting_on_the_same_version_the_later_is_refused(committed):
    """What two staff with the same case open see: the second click gets 请刷新."""
    db, case_id, dept = committed
    with db.reader() as s:
        seen = s.get(Case, case_id).version  # both pages loaded this
    with db.unit_of_work() as s:
        act(s, case_id, "assign", department_id=dept, deadline=date.today() + timedelta(days=5),
            expected_version=seen)
    with pytest.raises(ToolkitError, match="已被他人修改，请刷新"):
        with db.unit_of_work() as s:
            act(s, case_id, "resolve_on_site", "已当场解决", expected_version=seen)
    with db.reader() as s:
        assert s.get(Case, case_id).state == "assigned"


def test_two_open_transactions_writing_the_same_case_never_both_win(committed):
    """Sessions that read the case before either wrote: the row version stops the second."""
    db, case_id, dept = committed
    deadline = date.today() + timedelta(days=5)
    with db.sessions() as first, db.sessions() as second:
        first.get(Case, case_id)
        second.get(Case, case_id)
        act(first, case_id, "assign", department_id=dept, deadline=deadline)
        first.commit()
        # PostgreSQL shows the second session the old state: the version check refuses it. On
        # SQLite the second read transaction's snapshot is stale, and SQLite itself refuses to
        # let it write ("database is locked"). The app's units of work begin IMMEDIATE on SQLite,
        # so there writers queue instead and never hold a stale snapshot.
        refused = (ToolkitError, OperationalError) if engine_name(db) == "sqlite" else ToolkitError
        with pytest.raises(refused, match="已被他人修改|当前状态为「已交办」|database is locked"):
            act(second, case_id, "resolve_on_site", "已当场解决")
            second.flush()
        second.rollback()
    with db.reader() as s:
        case = s.get(Case, case_id)
        assert case.state == "assigned" and case.answered_on is None
