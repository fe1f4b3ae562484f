"""The acting user comes from the session: a timeline names the signed-in user whatever a caller
passes, so a page (or a forged widget message) cannot write another name into the record."""
from __future__ import annotations

from toolkit.cases.services import Opinion, act, intake, timeline
from toolkit.core.principal import PRINCIPAL, Principal, acting_name, named
from toolkit.network.enrolment import enrol, move_history
from toolkit.network.models import Deputy

from .factories.access import principals


def test_a_signed_in_user_is_named_whatever_the_caller_says(session, world):  # noqa: F811
    staff = principals(world)["staff_wusong"]
    session.info[PRINCIPAL] = staff
    try:
        case = intake(session, Opinion("井盖松动", station_id=world["wusong"]))
        act(session, case.id, "resolve_on_site", note="当场处理")
    finally:
        session.info.pop(PRINCIPAL, None)
    assert set(timeline(session, case.id)["操作人"]) == {staff.label} == {"五松站工作人员（站点工作人员）"}


def test_trusted_code_names_itself_and_the_public_pages_name_the_channel(session, world, monkeypatch):  # noqa: F811
    monkeypatch.delenv("LIAISON_USER", raising=False)
    with named(session, "台账导入"):
        assert acting_name(session) == "台账导入"
    session.info.pop("acting_name", None)          # the fixture's own name 测试
    assert acting_name(session) == "本地管理员"
    session.info[PRINCIPAL] = principals(world)["public"]
    try:
        with named(session, "群众（二维码）"):
            assert acting_name(session) == "群众（二维码）"
    finally:
        session.info.pop(PRINCIPAL, None)


def test_a_move_records_the_session_user(session, world):  # noqa: F811
    admin = Principal("y2", "义安区管理员乙", principals(world)["county_yian"].role, station_id=world["yian"],
                      stations=principals(world)["county_yian"].stations)
    session.info[PRINCIPAL] = admin
    try:
        enrol(session, world["dep_w"], world["dongcun_w"], note="就近进站")
    finally:
        session.info.pop(PRINCIPAL, None)
    assert session.get(Deputy, world["dep_w"]).station_id == world["dongcun_w"]
    assert move_history(session, world["dep_w"]).iloc[0]["操作人"] == admin.label      # newest first
