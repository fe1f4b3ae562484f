"""What the security review found, each as it was tried (issue 16); the other items have tests
beside their feature (see the README's section on users, roles and the audit log)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from toolkit.core.errors import ToolkitError
from toolkit.core.principal import PRINCIPAL
from toolkit.network.deputies import read_deputy, update_deputy
from toolkit.network.models import Deputy, Seat
from toolkit.projects.ballots import cast

from .factories.access import principals


def _as(session, world, key):
    session.info[PRINCIPAL] = principals(world)[key]


@pytest.mark.parametrize("field,value", [("代表层级", "省"), ("姓名", "王大人"), ("是否领导干部", "是"),
                                         ("届次", "第十九届"), ("所属联络站", "")])
def test_a_deputy_edits_only_their_contact_fields_and_specialty(session, world, field, value):
    mine = world["dep_w"]
    before = read_deputy(session, mine)
    _as(session, world, "deputy_w")
    with pytest.raises(ToolkitError, match=f"代表本人只能修改联系电话、电子邮箱、专业特长；{field}"):
        update_deputy(session, mine, {**before, field: value})
    session.info.pop(PRINCIPAL)
    assert read_deputy(session, mine) == before


def test_a_deputy_still_updates_their_phone_email_and_specialty(session, world):
    mine = world["dep_w"]
    _as(session, world, "deputy_w")
    update_deputy(session, mine, {**read_deputy(session, mine), "联系电话": "13955556666", "专业特长": "法律",
                                  "电子邮箱": "wang@example.gov.cn"})
    session.info.pop(PRINCIPAL)
    d = session.get(Deputy, mine)
    assert (d.phone, d.specialty, d.email) == ("13955556666", "法律", "wang@example.gov.cn")


def test_a_deputy_without_an_issued_ballot_is_refused_at_the_kiosk(session, world):
    """The review gave a deputy a county seat and cast with no ballot issued; both are refused now."""
    other = world["dep_t"]
    if not session.scalar(select(Seat.id).where(Seat.deputy_id == other, Seat.level == "county")):
        session.add(Seat(deputy_id=other, level="county", term="第十八届"))
        session.flush()
    _as(session, world, "deputy_t")
    with pytest.raises(ToolkitError, match="尚未向.*发放选票"):
        cast(session, world["vote"], other, {"老年食堂": "赞成"})


def test_an_opinion_that_looks_like_a_formula_stays_text_in_the_export(session, world):
    """Item 7: =HYPERLINK in a citizen's text is written as a text cell, never a formula."""
    import io
    import zipfile

    from toolkit.cases.export import export_cases
    from toolkit.cases.queries import CaseFilter
    from toolkit.cases.services import Opinion, intake
    hostile = '=HYPERLINK("//e.cn","x")'
    intake(session, Opinion(hostile, station_id=world["wusong"], citizen_name="@SUM(1)"), register=False)
    data = export_cases(session, CaseFilter(), reveal=True)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    import openpyxl
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
    assert any(c.value == hostile and c.data_type == "s" for c in cells)


@pytest.mark.parametrize("field", ["content", "citizen_name", "citizen_phone"])
def test_control_characters_are_refused_at_the_edge_and_write_nothing(session, world, field):
    """Item 8: a NUL byte crashed the write on PostgreSQL and logged the citizen's data."""
    from toolkit.cases.models import Case
    from toolkit.cases.services import Opinion, intake
    from toolkit.core.errors import ValidationFailed
    before = session.scalar(select(func.count(Case.id)))
    values = {"content": "路灯坏了", "citizen_name": "王女士", "citizen_phone": "13912345678"}
    values[field] = values[field][:2] + "\x00" + values[field][2:]
    with pytest.raises(ValidationFailed) as e:
        intake(session, Opinion(station_id=world["wusong"], **values), register=False)
    assert "控制字符" in str(e.value.errors)
    assert session.scalar(select(func.count(Case.id))) == before


def test_sql_parameters_stay_out_of_error_messages(engine):
    """Item 8: a failed statement's message (logged with its traceback) carries no values."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from toolkit.core.db import make_engine
    eng = make_engine(str(engine.url.render_as_string(hide_password=False)))
    with pytest.raises(DBAPIError) as e, eng.connect() as c:
        c.execute(text("SELECT no_such_column FROM citizen_case WHERE citizen_phone = :p"), {"p": "13912345678"})
    assert "13912345678" not in str(e.value)
    eng.dispose()


def test_the_audit_log_keeps_citizens_and_deputies_personal_data_masked(demo_db):
    """Item 8: the append-only log must not hold a phone number it can never delete."""
    from toolkit.cases.services import Opinion, intake
    from toolkit.core.audit_models import AuditEntry
    from toolkit.core.principal import local_admin
    from toolkit.network.models import Station
    db = demo_db.acting_as(local_admin())
    with db.unit_of_work() as s:
        station = s.scalar(select(Station.id).where(Station.kind == "township_station").order_by(Station.id))
        intake(s, Opinion("路灯坏了", station_id=station, citizen_name="王秀英", citizen_phone="13912345678"),
               register=False)
    with db.reader() as s:
        logged = " ".join(a or "" for a in s.scalars(select(AuditEntry.after).where(AuditEntry.entity == "citizen_case")))
    assert "13912345678" not in logged and "王秀英" not in logged and "139****5678" in logged


def test_staff_log_no_attendee_from_outside_their_stations(session, world):
    """Item 14: attendance counts as 进站 and earns points; another county's deputy is refused."""
    from datetime import date

    from toolkit.core.access import Forbidden
    from toolkit.duty.activities import ActivityForm, log_activity
    from toolkit.duty.models import ActivityAttendee
    _as(session, world, "staff_wusong")
    form = ActivityForm(world["wusong"], "接待选民日", date(2026, 3, 2), "接待日", deputy_ids=[world["dep_w"], world["dep_t"]])
    with pytest.raises(Forbidden, match="无权登记履职活动：对象不在您管理的站点范围内"):
        log_activity(session, form, today=date(2026, 3, 3))
    assert session.scalar(select(func.count()).select_from(ActivityAttendee).where(ActivityAttendee.deputy_id == world["dep_t"])) == 0
    log_activity(session, ActivityForm(world["wusong"], "接待选民日", date(2026, 3, 2), "接待日", deputy_ids=[world["dep_w"]]), today=date(2026, 3, 3))
    session.info.pop(PRINCIPAL)


@pytest.mark.parametrize("who,allowed", [("staff_wusong", False), ("county_tongguan", True), ("deputy_w", False),
                                         ("deputy_t", True), ("dept_d1", False), ("city", True)])
def test_the_duty_archive_and_reports_read_only_within_scope(session, world, who, allowed):
    """Item 10: staff of one county read another county's deputy's archive (and case summaries)."""
    from toolkit.duty.archive import deputy_archive, station_archives
    _as(session, world, who)
    try:
        if allowed:
            assert deputy_archive(session, world["dep_t"]).title
        else:
            with pytest.raises(ToolkitError, match="无权查看"):
                deputy_archive(session, world["dep_t"])
        if who in ("staff_wusong", "deputy_w", "dept_d1"):
            with pytest.raises(ToolkitError, match="无权查看"):
                station_archives(session, world["tianjinghu"])
    finally:
        session.info.pop(PRINCIPAL)


@pytest.mark.parametrize("who", ["staff_wusong", "deputy_w", "dept_d1", "county_tongguan"])
def test_a_roster_preview_reveals_no_id_number_outside_ones_scope(session, world, who):
    """Item 6: candidates built from a masked ID number and a birth month; one preview said 更新."""
    from toolkit.core.access import Forbidden
    from toolkit.network.roster import plan_roster_import

    from .factories import record
    from .test_core_access import _table
    real = session.get(Deputy, world["dep_w"]).id_number
    guesses = [real[:-2] + f"{n:02d}" for n in range(100)] + [real]
    _as(session, world, who)
    try:
        plan = plan_roster_import(session, _table([record(姓名="试探者", 身份证号=g) for g in guesses]))
    except Forbidden as e:
        assert who != "county_tongguan" and e.message.startswith("无权")
    else:
        assert who == "county_tongguan"        # may import, but 五松 is not theirs: its deputy is not matched
        assert not any(r.deputy_id == world["dep_w"] for r in plan.rows)   # (天井湖's deputy is theirs to match)
    finally:
        session.info.pop(PRINCIPAL)


def test_a_burst_for_one_deputy_stops_exactly_at_the_limit(demo_db):
    """Item 9: 40 submissions at once were all stored against a limit of 30 (count, then insert)."""
    import threading

    from toolkit.cases.models import Case
    from toolkit.cases.public_intake import PER_DEPUTY, submit_opinion
    from toolkit.core.settings import set_setting
    from toolkit.network.qr import ensure_token
    with demo_db.unit_of_work() as s:
        deputy = s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id.desc()))
        token, deputy_id = ensure_token(s, deputy), deputy.id
        set_setting(s, PER_DEPUTY, 6)
    start, outcomes = threading.Barrier(14), []

    def send(n):
        start.wait()
        try:
            with demo_db.unit_of_work() as s:
                submit_opinion(s, token, f"并发留言{n}", "其他", client=f"198.51.100.{n}")
            outcomes.append("ok")
        except ToolkitError as e:
            outcomes.append(e.message)
    threads = [threading.Thread(target=send, args=(n,)) for n in range(14)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with demo_db.reader() as s:
        stored = s.scalar(select(func.count(Case.id)).where(Case.deputy_id == deputy_id, Case.content.like("并发留言%")))
    assert outcomes.count("ok") == stored == 6, outcomes


def test_jiebas_cache_is_kept_in_a_folder_only_this_user_can_write(tmp_path, monkeypatch):
    from toolkit.core.private_dir import private_dir
    from toolkit.triage import text as triage_text
    monkeypatch.setenv("LIAISON_CACHE_DIR", str(tmp_path / "cache"))
    triage_text._tokenizer.cache_clear()
    triage_text._stored_words.cache_clear()
    try:
        assert "路灯" in triage_text.words("小区路灯坏了")
        # A process that has cut many texts (a long test run) reads the whole dictionary; ask for the store itself.
        assert "路灯" in triage_text._stored_cutter("小区路灯坏了").lcut("小区路灯坏了", HMM=False)
        folder = tmp_path / "cache" / "jieba"
        cached = list(folder.glob("jieba*.cache"))
        stored = list(folder.glob("words-*.sqlite3"))       # the dictionary a suggestion reads entry by entry
        assert cached and stored and oct(folder.stat().st_mode & 0o777) == "0o700"
        assert oct(stored[0].stat().st_mode & 0o777) == "0o600"
    finally:
        triage_text._tokenizer.cache_clear()
        triage_text._stored_words.cache_clear()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)                                  # a folder others could plant a cache in
    monkeypatch.setenv("LIAISON_CACHE_DIR", str(shared))
    with pytest.raises(ToolkitError, match="不是本用户独有"):
        private_dir("jieba")
