"""Nothing lost, nothing hidden: the audit log, two editors at once, users, backup and restore."""
from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import delete, func, select, text

from toolkit.admin.models import AppUser
from toolkit.admin.users import add_user, list_users, principal_for, update_user
from toolkit.core.access import Forbidden
from toolkit.core.access_rules import COUNTY, STAFF
from toolkit.core.audit_reading import AuditFilter, entries
from toolkit.core.audit_models import AuditEntry
from toolkit.core.db import Database, make_engine
from toolkit.core.errors import StaleEdit, ToolkitError, ValidationFailed
from toolkit.core.principal import Principal, local_admin
from toolkit.network.deputies import create_deputy, get_deputy, read_deputy, update_deputy
from toolkit.network.models import Deputy, Station
from toolkit.ops.backup import backup, restore
from toolkit.ops.cli import main

from .conftest import _reset_pg, scratch_pg_url
from .factories import id_number, record, small_network

ADMIN = local_admin("审计测试员")


def _as_admin(db: Database) -> Database:
    return db.acting_as(ADMIN)


def test_every_write_a_user_makes_is_logged_with_before_and_after(db):
    admin = _as_admin(db)
    with admin.unit_of_work() as s:
        ids = small_network(s)
        dep = create_deputy(s, record(姓名="审计代表", 身份证号=id_number()))
    with admin.unit_of_work() as s:
        update_deputy(s, dep, {**read_deputy(s, dep), "专业特长": "法律服务"})
    with db.reader() as s:
        log = entries(s, AuditFilter(entity="deputy", entity_id=dep))
        raw = s.scalars(select(AuditEntry).where(AuditEntry.entity == "deputy", AuditEntry.entity_id == dep)
                        .order_by(AuditEntry.id)).all()
        assert raw[0].action == "insert" and raw[-1].action == "update"
        assert json.loads(raw[-1].before)["specialty"] == "农业"
        assert json.loads(raw[-1].after)["specialty"] == "法律服务"
        assert all(e.actor == "local" for e in raw)
        assert len(ids) == s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "station"))
    assert set(log["对象"]) == {"代表"} and list(log["操作"])[0] == "修改" and list(log["操作"])[-1] == "新增"


def test_the_log_names_a_user_one_way_and_the_filter_finds_all_they_did(db):
    from toolkit.projects.votes import create_vote
    with db.unit_of_work() as s:
        add_user(s, "wang.fx", "王芳", "city_admin")
        boss = principal_for(s, "wang.fx")
    with db.acting_as(boss).unit_of_work() as s:
        vid = create_vote(s, "一种写法票决", "county", 1, 30, uncontested=True)
    with db.reader() as s:
        actors = set(s.scalars(select(AuditEntry.actor).where(AuditEntry.entity == "vote", AuditEntry.entity_id == vid)))
        shown = entries(s, AuditFilter(actor="wang.fx"))
    assert actors == {"wang.fx"}                             # the flush's rows and record()'s alike
    assert {"新增", "建立"} <= set(shown["操作"])
    assert set(shown["操作人"]) == {"王芳（市级管理员）"}


def test_the_log_cannot_be_edited_or_deleted(db):
    with _as_admin(db).unit_of_work() as s:
        small_network(s)
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="(?i)audit|append"):
            with db.unit_of_work() as s:
                s.execute(text(statement))
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == "x")) == 0


def test_a_refused_write_writes_nothing_but_the_refusal(db):
    with db.unit_of_work() as s:
        ids = small_network(s)
    staff = db.acting_as(Principal("s1", "站员", STAFF, station_id=ids["wusong"], stations=frozenset({ids["wusong"]})))
    with pytest.raises(Forbidden):
        with staff.unit_of_work() as s:
            create_deputy(s, record(姓名="越权代表", 身份证号=id_number(), 所属联络站="天井湖社区联络站"))
    with db.reader() as s:
        assert not s.scalar(select(Deputy.id).where(Deputy.name == "越权代表"))
        refusal = s.scalar(select(AuditEntry).where(AuditEntry.action == "refused"))
        assert refusal.actor == "s1" and json.loads(refusal.after)["操作"] == "deputy.edit"


def test_a_write_without_a_permission_check_is_refused_before_it_commits(db):
    with _as_admin(db).unit_of_work() as s:   # the guard for a service someone forgets to check
        small_network(s)
    with pytest.raises(RuntimeError, match="without a permission check"):
        with _as_admin(db).unit_of_work() as s:
            s.get(Station, 1).address = "未经检查的写入"
    with db.reader() as s:
        assert s.get(Station, 1).address is None


def test_users_carry_the_scope_their_role_needs(db):
    with db.unit_of_work() as s:
        ids = small_network(s)
    admin = _as_admin(db)
    with admin.unit_of_work() as s:
        with pytest.raises(ValidationFailed, match="站点工作人员须指定所在站点"):
            add_user(s, "no.scope", "无范围", "station_staff")
        add_user(s, "yian.admin", "义安区管理员", "县区管理员", station_id=ids["yian"])
    with db.reader() as s:
        p = principal_for(s, "yian.admin")
    assert p.role == COUNTY and ids["dongcun_w"] in p.stations and ids["tianjinghu"] not in p.stations
    county = db.acting_as(p)
    with county.unit_of_work() as s:
        add_user(s, "wusong.staff", "五松站员", "station_staff", station_id=ids["wusong"])
    with pytest.raises(Forbidden):
        with county.unit_of_work() as s:
            add_user(s, "tg.staff", "铜官站员", "station_staff", station_id=ids["tianjinghu"])
    with pytest.raises(Forbidden):
        with county.unit_of_work() as s:
            add_user(s, "boss", "越级", "city_admin")
    with county.reader() as s:
        assert set(list_users(s)["登录名"]) == {"yian.admin", "wusong.staff"}
    with db.unit_of_work() as s:
        uid = s.scalar(select(AppUser.id).where(AppUser.login == "wusong.staff"))
        update_user(s, uid, "五松站员", "station_staff", station_id=ids["wusong"], active=False)
    with db.reader() as s:
        assert principal_for(s, "wusong.staff") is None   # a disabled user signs in to nothing


def test_the_database_refuses_a_role_without_its_scope(db):
    with pytest.raises(Exception, match="(?i)check|constraint"):
        with db.unit_of_work() as s:
            s.add(AppUser(login="raw", name="绕过服务", role="department"))
            s.flush()


def test_user_commands(db, capsys):
    with db.unit_of_work() as s:
        ids = small_network(s)
    url = str(db.engine.url)
    assert main(["user", "add", "li.staff", "李站员", "station_staff", "--station", str(ids["wusong"]), "--db", url]) == 0
    assert main(["user", "add", "bad", "坏角色", "站长", "--db", url]) == 2
    assert "「站长」不是可选的角色" in capsys.readouterr().err
    assert main(["user", "set", "li.staff", "--disable", "--db", url]) == 0
    assert main(["user", "list", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "li.staff" in out and "停用" in out
    assert main(["audit", "--entity", "app_user", "--db", url]) == 0
    assert "用户" in capsys.readouterr().out


# --- two editors at once -----------------------------------------------------------------------

def _deputy_on(engine) -> tuple[Database, int]:
    db = Database(engine=engine)
    with db.unit_of_work() as s:
        small_network(s)
        dep = create_deputy(s, record(姓名="并发代表", 身份证号=id_number()))
    return db, dep


def _cleanup(db: Database) -> None:
    with db.unit_of_work() as s:
        from toolkit.network.models import EnrolmentMove, Seat
        for model in (EnrolmentMove, Seat, Deputy):
            s.execute(delete(model))
        for sid in sorted(s.scalars(select(Station.id)), reverse=True):
            s.execute(delete(Station).where(Station.id == sid))


def test_two_people_saving_the_same_deputy_the_later_is_told_to_refresh(engine):
    db, dep = _deputy_on(engine)
    try:
        with db.reader() as s:
            seen = get_deputy(s, dep).version   # both screens loaded this version
            form = read_deputy(s, dep)
        with db.unit_of_work() as s:
            update_deputy(s, dep, {**form, "专业特长": "第一位"}, expected_version=seen)
        with pytest.raises(StaleEdit, match="已被他人修改，请刷新"):
            with db.unit_of_work() as s:
                update_deputy(s, dep, {**form, "专业特长": "第二位"}, expected_version=seen)
        with db.reader() as s:
            assert get_deputy(s, dep).specialty == "第一位"
    finally:
        _cleanup(db)


def test_two_open_transactions_updating_one_deputy_never_both_win(engine):
    """Both read version n, both write; the version column lets one through and refuses the other
    (on PostgreSQL the second waits for the first's lock, then finds its row moved on)."""
    db, dep = _deputy_on(engine)
    barrier, outcome = threading.Barrier(2, timeout=20), {}
    with db.reader() as s:
        start = get_deputy(s, dep).version

    def edit(who):
        try:
            with db.sessions() as s, s.begin():
                d = s.get(Deputy, dep)
                barrier.wait()
                d.specialty = who
                s.flush()
            outcome[who] = "saved"
        except ToolkitError as e:
            outcome[who] = e.message
        except Exception as e:   # StaleDataError, or SQLite's single writer saying it is busy
            outcome[who] = type(e).__name__
    try:
        threads = [threading.Thread(target=edit, args=(w,)) for w in ("甲", "乙")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcome.values()).count("saved") == 1, outcome
        with db.reader() as s:
            d = get_deputy(s, dep)
            assert d.specialty in ("甲", "乙") and d.version == start + 1
    finally:
        _cleanup(db)


# --- backup and restore ---------------------------------------------------------------------------

def _rows(engine) -> dict[str, list[tuple]]:
    from toolkit.ops.all_models import METADATA
    out = {}
    with engine.connect() as c:
        for t in METADATA.sorted_tables:
            rows = c.execute(select(t).order_by(*t.primary_key.columns)).all()
            out[t.name] = [tuple(str(v) if v is not None else None for v in r) for r in rows]
    return out


def _fresh(kind: str, tmp_path):
    if kind == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    engine = make_engine(scratch_pg_url("liaison_restore_test"))
    _reset_pg(engine)
    return engine


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_a_backup_restores_with_nothing_lost(demo_db, tmp_path, target):
    with _as_admin(demo_db).unit_of_work() as s:   # a few audited writes, so the log travels too
        d = create_deputy(s, record(姓名="备份代表", 身份证号=id_number()))
    before = _rows(demo_db.engine)
    counts = backup(demo_db.engine, tmp_path / "b.zip")
    assert counts["citizen_case"] == 300 and counts["audit_log"] >= 1
    engine = _fresh(target, tmp_path)
    try:
        assert restore(engine, tmp_path / "b.zip") == counts
        after = _rows(engine)
        after["audit_log"] = after["audit_log"][:-1]   # the restore itself is logged last
        assert after == before
        restored = Database(engine=engine)
        with restored.unit_of_work() as s:   # ids continue after the restored ones
            assert create_deputy(s, record(姓名="恢复后新增", 身份证号=id_number())) > d
        with pytest.raises(ToolkitError, match="目标数据库不是空的"):
            restore(engine, tmp_path / "b.zip")
    finally:
        if target == "postgresql":
            _reset_pg(engine)
        engine.dispose()


def test_restore_refuses_what_is_not_a_backup(tmp_path, capsys):
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    assert main(["restore", str(tmp_path / "x.zip"), "--db", url]) == 2
    assert "不是联络站工作台的备份文件" in capsys.readouterr().err


def test_backup_and_restore_commands(demo_db, tmp_path, capsys):
    url = str(demo_db.engine.url)
    assert main(["backup", str(tmp_path / "c.zip"), "--db", url]) == 0
    assert main(["restore", str(tmp_path / "c.zip"), "--db", f"sqlite:///{tmp_path / 'new.sqlite3'}"]) == 0
    assert "已从" in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(Deputy)) == 57
    engine.dispose()
