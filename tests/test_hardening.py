"""What the security review found, each as it was tried (issue 16); the other items have tests
beside their feature (see the README's section on users, roles and the audit log)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.access import PRINCIPAL
from toolkit.deputies import read_deputy, update_deputy
from toolkit.errors import ToolkitError
from toolkit.models import Deputy, Seat
from toolkit.vote_ballots import cast

from .test_access import principals, world  # noqa: F401  (the fixture)


def _as(session, world, key):
    session.info[PRINCIPAL] = principals(world)[key]


@pytest.mark.parametrize("field,value", [("代表层级", "省"), ("姓名", "王大人"), ("是否领导干部", "是"),
                                         ("届次", "第十九届"), ("所属联络站", "")])
def test_a_deputy_edits_only_their_contact_fields_and_specialty(session, world, field, value):
    mine = world["dep_w"]
    before = read_deputy(session, mine)
    _as(session, world, "deputy_w")
    with pytest.raises(ToolkitError, match=f"代表本人只能修改联系电话、专业特长；{field}"):
        update_deputy(session, mine, {**before, field: value}, "x")
    session.info.pop(PRINCIPAL)
    assert read_deputy(session, mine) == before


def test_a_deputy_still_updates_their_phone_and_specialty(session, world):
    mine = world["dep_w"]
    _as(session, world, "deputy_w")
    update_deputy(session, mine, {**read_deputy(session, mine), "联系电话": "13955556666", "专业特长": "法律"}, "x")
    session.info.pop(PRINCIPAL)
    d = session.get(Deputy, mine)
    assert (d.phone, d.specialty) == ("13955556666", "法律")


def test_a_deputy_without_an_issued_ballot_is_refused_at_the_kiosk(session, world):
    """The review gave a deputy a county seat and cast with no ballot issued; both are refused now."""
    other = world["dep_t"]
    if not session.scalar(select(Seat.id).where(Seat.deputy_id == other, Seat.level == "county")):
        session.add(Seat(deputy_id=other, level="county", term="第十八届"))
        session.flush()
    _as(session, world, "deputy_t")
    with pytest.raises(ToolkitError, match="尚未向.*发放选票"):
        cast(session, world["vote"], other, {"老年食堂": "赞成"})
