"""Who hears what, on both databases: a case answered tells the station's staff, the receiving deputy
and the citizen (a text with the lookup link); 不满意 tells the unit and the county's administrators;
the daily digest per unit lists what is due within 3 working days and what is overdue (counted in
working days across 国庆 2026, by hand), once a day and never on a holiday; an overdue milestone and
a silent pairing tell once per episode; texts go through a real local SMS gateway, or wait to be
exported as CSV when there is none."""
from __future__ import annotations

import csv
import io
import json
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from toolkit import create_deputy
from toolkit.admin.users import add_user, list_users, update_user
from toolkit.cases.notices import department_digests, deputy_digests, reopened
from toolkit.duty.models import RotaTurn
from toolkit.duty.notices import rota_tomorrow
from toolkit.cases.services import Opinion, act, intake
from toolkit.core.errors import ValidationFailed
from toolkit.core.validation import mobile_number
from toolkit.formats.spreadsheets import write_csv
from toolkit.network.department_directory import add_department, set_department_contacts
from toolkit.network.models import Department
from toolkit.notify.addresses import SMS_LIMIT, Address, of_person, tell
from toolkit.notify.models import OutboxMessage
from toolkit.notify.outbox import message_rows, sweep
from toolkit.notify.senders import SmsGatewaySender
from toolkit.ops.cli import main as liaison
from toolkit.ops.ports import free_port
from toolkit.ops.reminders import remind
from toolkit.pairings.notices import overdue_pairings
from toolkit.pairings.services import create_pairing, log_contact
from toolkit.projects.notices import overdue_milestones
from toolkit.projects.supervision import add_milestone, reach_milestone

from .factories import id_number, record, small_network

CITIZEN_PHONE = "13900001111"


@pytest.fixture(autouse=True)
def local_robots(monkeypatch):
    """The tests' robots listen on this machine: allowed as a relay, as an intranet would list its own."""
    monkeypatch.setenv("LIAISON_ROBOT_HOSTS", "http://127.0.0.1:")


def _messages(session, event=None):
    q = select(OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.subject, OutboxMessage.body)
    if event:
        q = q.where(OutboxMessage.event == event)
    return list(session.execute(q.order_by(OutboxMessage.id)))


@pytest.fixture
def place(session, network):
    """A unit with e-mail and a robot; at 五松镇 a staff member with e-mail, one with a mobile only, one
    with neither; a county administrator of 义安区 with a mobile; a deputy reached by text."""
    dept = add_department(session, "区住建局")
    set_department_contacts(session, "区住建局", "zjj@example.gov.cn", "https://oapi.dingtalk.com/robot/send?access_token=T")
    add_user(session, "staff_mail", "站员甲", "station_staff", network["wusong"], email="jia@example.gov.cn")
    add_user(session, "staff_sms", "站员乙", "station_staff", network["wusong"], phone="139 0000 2222")
    add_user(session, "staff_none", "站员丙", "station_staff", network["wusong"], phone="0562-2821234")  # a landline
    add_user(session, "other_station", "他站员", "station_staff", network["shunan"], email="other@example.gov.cn")
    add_user(session, "county", "县管理员", "county_admin", network["yian"], phone="13900003333")
    deputy = create_deputy(session, record(姓名="李代表", 身份证号=id_number(), 联系电话="13900004444"))
    return {"dept": dept, "deputy": deputy, **network}


def _case(session, place, phone=CITIZEN_PHONE, deadline=None, at=None):
    at = at or datetime.now()
    case = intake(session, Opinion(content="王大爷家门口路灯坏了，晚上看不见", station_id=place["wusong"],
                                   deputy_id=place["deputy"], citizen_name="王大爷", citizen_phone=phone),
                  at=at)
    act(session, case.id, "assign", department_id=place["dept"], deadline=deadline or at.date() + timedelta(days=20),
        at=at)
    return case


def _answer(session, case):
    act(session, case.id, "accept")
    act(session, case.id, "answer", note="已修复")


def test_an_answer_tells_the_station_the_deputy_and_the_citizen(session, place, monkeypatch):
    monkeypatch.setenv("LIAISON_PUBLIC_URL", "https://rd.example.gov.cn/")
    case = _case(session, place)
    _answer(session, case)
    got = _messages(session, "case_answered")
    assert sorted((c, r) for c, r, _, _ in got) == sorted([
        ("email", "jia@example.gov.cn"), ("sms", "13900002222"),       # staff: e-mail, else a text to a mobile
        ("sms", "13900004444"),                                        # the deputy who received it
        ("sms", CITIZEN_PHONE)])                                       # the citizen
    citizen = next(b for c, r, _, b in got if r == CITIZEN_PHONE)
    assert f"https://rd.example.gov.cn/q?n={case.number}" in citizen and "手机号后四位" in citizen
    assert len(citizen) <= SMS_LIMIT
    for _, _, subject, body in got:
        assert "王大爷" not in body + subject and "路灯" not in body + subject and CITIZEN_PHONE not in body
    deputy = next(b for c, r, _, b in got if r == "13900004444")
    assert deputy.startswith("李代表代表：") and "区住建局" in deputy
    act(session, case.id, "conclude")
    assert len(_messages(session, "case_answered")) == 4                          # nothing more


def test_a_citizen_without_a_mobile_gets_no_text(session, place):
    _answer(session, _case(session, place, phone="0562-2821234"))
    assert sorted(r for _, r, _, _ in _messages(session, "case_answered")) == ["13900002222", "13900004444",
                                                                               "jia@example.gov.cn"]


def test_not_satisfied_tells_the_unit_and_the_county_administrators_at_the_next_pass(session, place):
    case = _case(session, place)
    _answer(session, case)
    act(session, case.id, "evaluate", rating="不满意")
    assert _messages(session, "case_unsatisfied") == []               # the public pages rate too: told by the pass
    assert reopened(session, date.today() + timedelta(days=8)) == 0   # looking back a week only
    assert reopened(session, date.today()) == 3
    assert reopened(session, date.today()) == 0                       # once for this round
    got = _messages(session, "case_unsatisfied")
    assert sorted(r for _, r, _, _ in got) == ["13900003333", "https://oapi.dingtalk.com/robot/send?access_token=T",
                                               "zjj@example.gov.cn"]
    assert all("二次办理" in b and "第2轮" in b for c, _, _, b in got if c != "sms")
    answered_twice = _case(session, place)
    _answer(session, answered_twice)
    act(session, answered_twice.id, "evaluate", rating="满意")
    assert reopened(session, date.today()) == 0 and len(_messages(session, "case_unsatisfied")) == 3  # 满意: nobody


# --- the daily digest, in working days around 国庆 2026 (10-01…10-07 off, Saturday 10-10 worked) ---

FRIDAY = date(2026, 10, 9)


def test_the_daily_digest_lists_due_soon_and_overdue_in_working_days(session, place):
    at = datetime(2026, 9, 21, 9)
    late = _case(session, place, deadline=date(2026, 9, 29), at=at)      # 9-30, 10-08, 10-09: 3 working days late
    today = _case(session, place, deadline=FRIDAY, at=at)
    soon = _case(session, place, deadline=date(2026, 10, 13), at=at)     # 10-10 (Sat, worked), 10-12, 10-13: 3 left
    later = _case(session, place, deadline=date(2026, 10, 14), at=at)    # 4 left: not yet
    answered = _case(session, place, deadline=date(2026, 9, 29), at=at)
    _answer(session, answered)
    assert department_digests(session, FRIDAY) == 2                       # the unit's e-mail and robot
    (_, _, subject, body), _ = _messages(session, "deadline_digest")
    assert subject == "办理时限提醒 2026-10-09"
    assert "1件案件已超期，2件将在3个工作日内到期" in body
    assert f"{late.number}（超期3个工作日）" in body
    assert f"{today.number}（2026-10-09到期）" in body and f"{soon.number}（2026-10-13到期）" in body
    assert later.number not in body and answered.number not in body
    assert department_digests(session, FRIDAY) == 0                       # once a day
    assert department_digests(session, date(2026, 10, 3)) == 0            # a holiday: nothing
    assert department_digests(session, date(2026, 10, 10)) == 2           # the make-up Saturday is a working day
    body = _messages(session, "deadline_digest")[-1][3]
    assert f"{late.number}（超期4个工作日）" in body and later.number in body


def test_a_long_digest_names_the_first_ten_and_counts_the_rest(session, place):
    at = datetime(2026, 9, 21, 9)
    numbers = [_case(session, place, deadline=date(2026, 9, 29), at=at).number for _ in range(12)]
    department_digests(session, FRIDAY)
    body = _messages(session, "deadline_digest")[0][3]
    assert sum(n in body for n in numbers) == 10 and "等12件" in body


def test_a_unit_without_addresses_gets_no_digest(session, network):
    dept = add_department(session, "无地址的局")
    at = datetime(2026, 9, 21)
    case = intake(session, Opinion(content="问题", station_id=network["wusong"]), at=at)
    act(session, case.id, "assign", department_id=dept, deadline=date(2026, 9, 29), at=at)
    assert department_digests(session, FRIDAY) == 0 and _messages(session) == []


# --- pairings and projects --------------------------------------------------------------------------

def test_a_silent_pairing_tells_its_mentor_once_per_stretch(session, network):
    mentor = create_deputy(session, record(姓名="连任甲", 身份证号=id_number(), 是否连任="是", 联系电话="13900005555",
                                           电子邮箱="lianren@example.gov.cn"))
    mentee = create_deputy(session, record(姓名="新任乙", 身份证号=id_number(), 是否连任="否"))
    pid = create_pairing(session, "reelected_new", mentor, mentee, on=date(2026, 1, 5))
    assert overdue_pairings(session, date(2026, 4, 1)) == 0               # 86 days: within 90
    assert overdue_pairings(session, date(2026, 4, 6)) == 1               # 91 days
    assert overdue_pairings(session, date(2026, 4, 7)) == 0               # the same stretch: once
    (channel, to, subject, body), = _messages(session, "pairing_overdue")
    assert (channel, to) == ("email", "lianren@example.gov.cn")           # e-mail first, not the phone
    assert body.startswith("连任甲代表：") and "新任乙已91天未联系" in body
    log_contact(session, pid, date(2026, 4, 8), "电话", "了解履职情况")
    assert overdue_pairings(session, date(2026, 5, 1)) == 0
    assert overdue_pairings(session, date(2026, 7, 8)) == 1               # a new stretch of silence
    assert len(_messages(session, "pairing_overdue")) == 2


def test_an_overdue_milestone_tells_the_unit_and_the_city_once(session, project):
    set_department_contacts(session, "区卫健委", "wjw@example.gov.cn")
    add_user(session, "city1", "市管理员", "city_admin", email="city@example.gov.cn")
    today = date.today()
    m = add_milestone(session, project, "完成招标", today + timedelta(days=10))
    assert overdue_milestones(session, today + timedelta(days=10)) == 0   # due today: not late yet
    assert overdue_milestones(session, today + timedelta(days=11)) == 2
    assert overdue_milestones(session, today + timedelta(days=30)) == 0   # once
    assert sorted(r for _, r, _, _ in _messages(session, "milestone_overdue")) == ["city@example.gov.cn",
                                                                                   "wjw@example.gov.cn"]
    assert "「完成招标」" in _messages(session, "milestone_overdue")[0][3]
    reach_milestone(session, m, today + timedelta(days=31))
    assert overdue_milestones(session, today + timedelta(days=40)) == 0


# --- addresses and contacts -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, number", [("13900001111", "13900001111"), ("+86 139-0000-1111", "13900001111"),
                                         ("0562-2821234", None), ("12345678901", None), ("", None), (None, None)])
def test_only_a_mobile_number_gets_texts(raw, number):
    assert mobile_number(raw) == number


def test_a_person_is_reached_by_email_first_then_a_mobile():
    assert of_person("a@example.gov.cn", "13900001111") == [Address("email", "a@example.gov.cn")]
    assert of_person(None, "13900001111") == [Address("sms", "13900001111")]
    assert of_person("", "0562-2821234") == []


def test_user_contacts_are_checked_and_listed(session, network):
    with pytest.raises(ValidationFailed) as refused:
        add_user(session, "bad", "坏地址", "station_staff", network["wusong"], email="not-an-address", phone="123")
    assert {e.field for e in refused.value.errors} == {"电子邮箱", "手机"}
    uid = add_user(session, "ok", "好地址", "station_staff", network["wusong"], phone="13900006666")
    assert list_users(session).set_index("登录名").loc["ok", "通知方式"] == "短信"
    update_user(session, uid, "好地址", "station_staff", network["wusong"], email="ok@example.gov.cn")
    assert list_users(session).set_index("登录名").loc["ok", "通知方式"] == "电子邮件"
    update_user(session, uid, "好地址", "station_staff", network["wusong"], email="", phone="")
    assert list_users(session).set_index("登录名").loc["ok", "通知方式"] == "（无）"


def test_a_deputy_email_in_the_roster_is_checked(session, network):
    with pytest.raises(ValidationFailed, match="不是电子邮箱地址"):
        create_deputy(session, record(身份证号=id_number(), 电子邮箱="wang at example"))


# --- texts: a real local gateway, or the export ---------------------------------------------------

class Gateway:
    """A local HTTP SMS gateway: records each JSON body and its Authorization header; answers `answer`."""

    def __init__(self, answer=b'{"code": 0, "message": "ok"}'):
        self.port, self.got, gateway = free_port(), [], self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                gateway.got.append((json.loads(self.rfile.read(int(self.headers["Content-Length"]))),
                                    self.headers.get("Authorization")))
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/sms/send"


def _url(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _texts(db, n=2):
    with db.unit_of_work() as s:
        for i in range(n):
            tell(s, f"t{i}", [Address("sms", f"1390000777{i}")], "主题", "", "test", sms=f"=短信{i}，请查看")


def test_texts_go_through_the_gateway_once(db):
    gateway = Gateway()
    try:
        _texts(db)
        senders = {"sms": SmsGatewaySender(gateway.url, "TOKEN")}
        assert sweep(db, senders)["sent"] == 2 and sweep(db, senders)["sent"] == 0
    finally:
        gateway.stop()
    assert [(b["phone"], b["text"], auth) for b, auth in gateway.got] == [
        ("13900007770", "=短信0，请查看", "Bearer TOKEN"), ("13900007771", "=短信1，请查看", "Bearer TOKEN")]


def test_a_gateway_that_refuses_is_a_failure_tried_again(db):
    gateway = Gateway(b'{"code": 40001, "message": "balance"}')
    try:
        _texts(db, 1)
        assert sweep(db, {"sms": SmsGatewaySender(gateway.url)})["failed"] == 1
    finally:
        gateway.stop()
    with db.reader() as s:
        assert "40001" in s.scalar(select(OutboxMessage.last_error))


def test_without_a_gateway_texts_wait_and_are_exported_once(db, tmp_path, capsys):
    _texts(db)
    with db.unit_of_work() as s:
        tell(s, "mail", [Address("email", "a@example.gov.cn")], "主题", "正文", "test")
    assert sweep(db, {}, now=datetime.now() + timedelta(minutes=1)) == {"sent": 0, "failed": 1, "given_up": 0,
                                                                          "skipped": 0}   # only the e-mail failed
    with db.reader() as s:
        assert [st for st, in s.execute(select(OutboxMessage.state).where(OutboxMessage.channel == "sms"))] == \
            ["pending", "pending"]
    path = tmp_path / "sms.csv"
    assert liaison(["notify", "sms-export", str(path), "--db", _url(db)]) == 0
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows == [["手机号码", "短信内容"], ["13900007770", "'=短信0，请查看"], ["13900007771", "'=短信1，请查看"]]
    assert "已导出2条" in capsys.readouterr().out
    assert liaison(["notify", "sms-export", str(path), "--db", _url(db)]) == 2                # never overwrites
    assert "已存在" in capsys.readouterr().err
    assert liaison(["notify", "sms-export", str(tmp_path / "again.csv"), "--db", _url(db)]) == 0
    assert "没有待发短信" in capsys.readouterr().out and not (tmp_path / "again.csv").exists()
    with db.reader() as s:
        shown = [r for r in message_rows(s) if r[3] == "短信"]
        assert {r[2] for r in shown} == {"已导出（交短信平台发送）"} and shown[0][4] == "139****7771"


def test_csv_cells_that_look_like_formulas_stay_text():
    data = write_csv(["号码", "内容"], [["13900001111", "=HYPERLINK(\"//e.cn\")"], ["+1", "@SUM(A1)"], [None, "普通"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1:] == [["13900001111", "'=HYPERLINK(\"//e.cn\")"], ["'+1", "'@SUM(A1)"], ["", "普通"]]


def test_notify_run_adds_the_days_reminders_then_sends(db, capsys):
    with db.unit_of_work() as s:
        net = small_network(s)
        dept = add_department(s, "区水利局")
        s.get(Department, dept).robot_url = "http://127.0.0.1:9/robot"        # nothing listens: a failure
        case = intake(s, Opinion(content="问题", station_id=net["wusong"]), at=datetime(2026, 9, 21))
        act(s, case.id, "assign", department_id=dept, deadline=date(2026, 9, 29), at=datetime(2026, 9, 21))
    assert remind(db, date(2026, 10, 3)) == {"不满意退回": 0, "网格员转交": 0, "办理时限提醒": 0, "结对联系提醒": 0,
                                              "项目节点逾期": 0, "建议承诺逾期": 0, "代表新意见": 0, "明日值班": 0}  # 国庆
    assert liaison(["notify", "run", "--today", "2026-10-09", "--db", _url(db)]) == 0
    out = capsys.readouterr().out
    assert "办理时限提醒1条" in out and "失败待重试" in out
    assert remind(db, FRIDAY)["办理时限提醒"] == 0


def test_the_migration_for_texts_goes_down_and_up_keeping_other_messages(db):
    from alembic import command
    from sqlalchemy.exc import IntegrityError

    from toolkit.ops.schema import _config, upgrade

    def add(channel, key):
        with db.unit_of_work() as s:
            s.add(OutboxMessage(key=key, channel=channel, recipient="x", subject="s", body="b", event="test",
                                created_at=datetime.now(), next_try_at=datetime.now(), state="pending", attempts=0))
    add("sms", "a-text")
    add("email", "a-mail")
    with db.engine.begin() as connection:
        command.downgrade(_config(connection), "0015")
    with db.engine.connect() as c:
        assert list(c.exec_driver_sql("SELECT key FROM outbox")) == [("a-mail",)]
    with pytest.raises(IntegrityError):
        with db.engine.begin() as c:
            c.exec_driver_sql("INSERT INTO outbox (key, channel, recipient, subject, body, event, created_at, state, "
                              "attempts, next_try_at) VALUES ('t2', 'sms', 'x', 's', 'b', 'e', '2026-12-01', "
                              "'pending', 0, '2026-12-01')")
    upgrade(db.engine)
    add("sms", "a-text-again")
    with pytest.raises(IntegrityError):
        add("fax", "a-fax")



def test_a_deputy_hears_of_new_opinions_and_of_a_rota_turn_once(db):
    with db.unit_of_work() as s:
        net = small_network(s)
        wang = create_deputy(s, record(姓名="王代表", 身份证号=id_number(), 联系电话="13900002222"))
        for hour in (9, 10):                                    # Thursday's opinions, told on Friday
            intake(s, Opinion(content=f"问题{hour}", deputy_id=wang, channel="qr"), at=datetime(2026, 10, 15, hour))
        s.add(RotaTurn(station_id=net["wusong"], day=date(2026, 10, 19), post="info", deputy_id=wang))   # Monday
    with db.unit_of_work() as s:
        assert deputy_digests(s, date(2026, 10, 16)) == 1 and deputy_digests(s, date(2026, 10, 16)) == 0
        assert rota_tomorrow(s, date(2026, 10, 16)) == 1 and rota_tomorrow(s, date(2026, 10, 16)) == 0   # Friday: Monday's turn
        texts = {m.event: m.body for m in s.scalars(select(OutboxMessage))}
    assert "收到群众意见2条" in texts["deputy_digest"] and "问题9" not in texts["deputy_digest"]
    assert "10月19日请到五松镇人大代表联络站信息服务岗值班" in texts["rota_tomorrow"]
