"""What a client can send a Voilà page, sent as the comm messages it would send.

Hidden and disabled buttons exist only in the browser: a client may still send their click. Each
test signs in a user, forges the message for a write the role may not make, and checks the page
shows the refusal, the record is unchanged, and the refusal is in the audit log.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.admin.users import principal_for
from toolkit.cases.models import Case
from toolkit.core.access_rules import COUNTY, DEPT, DEPUTY, STAFF
from toolkit.core.audit_models import AuditEntry
from toolkit.core.db import Database
from toolkit.core.principal import Principal
from toolkit.network.models import Deputy, Station
from toolkit.projects.vote_models import Vote
from widgets import CasesApp, EnrolmentApp, VotesApp
from widgets.page.gate import open_app

from .factories.widgets import click, pick, update


def _as(demo_db: Database, principal: Principal) -> Database:
    return demo_db.acting_as(principal)


def _refusals(db: Database, login: str) -> list[str]:
    """What the audit log kept of this user's refused writes (as JSON text)."""
    with db.reader() as s:
        return list(s.scalars(select(AuditEntry.after).where(AuditEntry.actor == login, AuditEntry.action == "refused")))


@pytest.fixture
def some_case(demo_db):
    with demo_db.reader() as s:
        c = s.scalar(select(Case).where(Case.state == "registered").order_by(Case.id))
        return c.id, c.station_id, c.version


def test_a_department_forging_a_hidden_supervise_click_is_refused_and_logged(demo_db, some_case):
    case_id, _, version = some_case
    db = _as(demo_db, Principal("dept.x", "某局", DEPT, department_id=1))
    app = CasesApp(db)
    app.detail.case_id = case_id   # as if it were reachable (it is not in this user's list)
    app.detail.refresh()
    click(app.detail.supervise_button)
    assert app.detail.message.kind == "error" and app.detail.message.text.startswith("无权")
    with demo_db.reader() as s:
        assert s.get(Case, case_id).supervision is None and s.get(Case, case_id).version == version
    assert '"操作": "case.supervise"' in _refusals(demo_db, "dept.x")[0]


def test_a_department_sees_only_its_cases_and_cannot_pick_another(demo_db):
    from sqlalchemy import func

    from toolkit.network.models import Department
    with demo_db.reader() as s:       # the unit given the most demo cases
        unit = s.scalar(select(Case.department_id).where(Case.department_id.is_not(None)).group_by(Case.department_id)
                        .order_by(func.count().desc(), Case.department_id))
        name = s.get(Department, unit).name
        theirs = set(s.scalars(select(Case.id).where(Case.department_id == unit)))
    db = _as(demo_db, Principal("dept.y", "某局", DEPT, department_id=unit))
    app = CasesApp(db)
    listed = {v for _, v in app.cases.pick.options if v is not None}
    assert listed and listed <= theirs and set(app.cases.frame["承办单位"]) == {name}
    update(app.cases.pick, index=len(app.cases.pick.options) + 5)  # past the options: the widget drops it
    assert app.cases.selected_id is None


def test_station_staff_forging_a_move_into_another_county_is_refused(demo_db):
    with demo_db.reader() as s:
        deputy, home = s.execute(select(Deputy.id, Deputy.station_id).where(Deputy.station_id.is_not(None))
                                 .order_by(Deputy.id)).first()
        others = [i for i in s.scalars(select(Station.id).where(Station.closed_on.is_(None))) if i != home]
    db = _as(demo_db, Principal("staff.z", "站员", STAFF, station_id=home, stations=frozenset({home})))
    app = EnrolmentApp(db)
    app.mover.deputy_id = deputy
    pick(app.mover.target, others[-1])
    click(app.mover.move_button)
    assert app.mover.message.text.startswith("无权代表进站或调整站点"), app.mover.message.text
    with demo_db.reader() as s:
        assert s.get(Deputy, deputy).station_id == home
    assert _refusals(demo_db, "staff.z")


def test_a_deputy_forging_the_start_of_a_vote_is_refused(demo_db):
    with demo_db.reader() as s:
        draft = s.scalar(select(Vote).where(Vote.state == "draft"))
        deputy = s.scalar(select(Deputy.id).order_by(Deputy.id))
    db = _as(demo_db, Principal("dep.q", "代表", DEPUTY, deputy_id=deputy))
    app = VotesApp(db)
    if draft is None:   # the demo's votes are all counted: the deputy forges the creation of one
        update(app.setup.vote_name, value="伪造的票决")
        click(app.setup.create_button)
        assert app.setup.message.text.startswith("无权组织项目票决")
        with demo_db.reader() as s:
            assert not s.scalar(select(Vote.id).where(Vote.name == "伪造的票决"))
    else:
        pick(app.vote, draft.id)
        click(app.setup.open_button)
        assert app.setup.message.text.startswith("无权组织项目票决")
    assert _refusals(demo_db, "dep.q")


def test_a_county_admin_forging_a_city_wide_department_is_refused(demo_db):
    with demo_db.reader() as s:
        county = s.scalar(select(Station.id).where(Station.kind == "county_center"))
        stations = frozenset({county})
    app = CasesApp(_as(demo_db, Principal("county.r", "区管理员", COUNTY, station_id=county, stations=stations)))
    update(app.departments.name.control, value="伪造局")
    click(app.departments.add_button)
    assert app.departments.message.text.startswith("无权管理承办单位")
    assert _refusals(demo_db, "county.r")


def _behind_the_proxy(monkeypatch, proof: str = "the-proxys-own-secret") -> None:
    monkeypatch.setenv("LIAISON_AUTH", "header")
    monkeypatch.setenv("LIAISON_PROXY_SECRET", "the-proxys-own-secret")
    monkeypatch.setenv("HTTP_X_LIAISON_PROXY", proof)


@pytest.mark.parametrize("proof", ["", "the-proxys-own-secreT", "a guess"])
def test_a_user_header_without_the_proxys_secret_names_nobody(demo_db, monkeypatch, proof):
    monkeypatch.setenv("LIAISON_DB_URL", str(demo_db.engine.url))
    _behind_the_proxy(monkeypatch, proof)
    monkeypatch.setenv("HTTP_X_REMOTE_USER", "本地管理员")
    page = open_app(CasesApp)
    assert "未能识别您的身份" in page.value


def test_header_mode_without_a_secret_is_a_configuration_error(demo_db, monkeypatch):
    monkeypatch.setenv("LIAISON_DB_URL", str(demo_db.engine.url))
    monkeypatch.setenv("LIAISON_AUTH", "header")
    monkeypatch.delenv("LIAISON_PROXY_SECRET", raising=False)
    monkeypatch.setenv("HTTP_X_REMOTE_USER", "anyone")
    assert "须设置 LIAISON_PROXY_SECRET" in open_app(CasesApp).value


def test_a_user_the_system_does_not_know_gets_a_chinese_refusal(demo_db, monkeypatch):
    monkeypatch.setenv("LIAISON_DB_URL", str(demo_db.engine.url))
    _behind_the_proxy(monkeypatch)
    monkeypatch.setenv("HTTP_X_REMOTE_USER", "stranger")
    page = open_app(CasesApp)
    assert "账号「stranger」尚未开通或已停用" in page.value
    monkeypatch.delenv("HTTP_X_REMOTE_USER")
    assert "未能识别您的身份" in open_app(CasesApp).value


def test_a_known_user_signed_in_by_the_proxy_gets_their_scope(demo_db, monkeypatch):
    from toolkit.admin.users import add_user
    with demo_db.reader() as s:
        station = s.scalar(select(Station.id).where(Station.kind == "township_station").order_by(Station.id))
    with demo_db.unit_of_work() as s:
        add_user(s, "wang.staff", "王站员", "station_staff", station_id=station)
    monkeypatch.setenv("LIAISON_DB_URL", str(demo_db.engine.url))
    _behind_the_proxy(monkeypatch)
    monkeypatch.setenv("HTTP_X_REMOTE_USER", "wang.staff")
    page = open_app(CasesApp)
    bar, app = page.children
    assert "王站员（站点工作人员）" in bar.value
    with demo_db.reader() as s:
        p = principal_for(s, "wang.staff")
        stations = set(s.scalars(select(Case.station_id).distinct()))
    shown = set(app.cases.frame["所属站点"])
    assert p.station_id == station and len(shown) <= len(stations & p.stations)


def test_a_page_offers_only_the_steps_the_role_may_take(demo_db):
    with demo_db.reader() as s:
        c = s.scalar(select(Case).where(Case.state == "assigned", Case.department_id.is_not(None)).order_by(Case.id))
        case_id, dept, station = c.id, c.department_id, c.station_id
    department = CasesApp(_as(demo_db, Principal("dept.z", "承办单位", DEPT, department_id=dept))).detail
    department.case_id = case_id
    department.refresh()
    assert department.allowed == ["accept"] and department.supervise_row.layout.display == "none"
    staff = CasesApp(_as(demo_db, Principal("st", "站员", STAFF, station_id=station, stations=frozenset({station})))).detail
    staff.case_id = case_id
    staff.refresh()
    assert "accept" not in staff.allowed and staff.supervise_row.layout.display == "none"
    city = CasesApp(demo_db).detail
    city.case_id = case_id
    city.refresh()
    assert "accept" in city.allowed and city.supervise_row.layout.display == ""
