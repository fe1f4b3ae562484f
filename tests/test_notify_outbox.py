"""Notifications, on both databases: the outbox keeps one message per key, a case assigned tells its
department (and only by the addresses it has), a real SMTP server and a real local robot endpoint
receive what the sweep sends, a receiver that is down is tried again later and gets the message
once, two sweeps at once send each message once."""
from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta
from email import message_from_string
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from toolkit.cases.services import Opinion, act, intake
from toolkit.core.errors import ValidationFailed
from toolkit.network.department_directory import add_department, set_department_contacts
from toolkit.notify.models import OutboxMessage
from toolkit.notify.outbox import MAX_ATTEMPTS, enqueue, resend, sweep
from toolkit.notify.senders import EmailSender, RobotSender
from toolkit.ops.cli import main as liaison
from toolkit.ops.ports import free_port

from .factories import small_network


class Inbox:
    """A real SMTP server on a free port, keeping what it receives."""

    def __init__(self):
        self.received = []
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                inbox.received.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
                return "250 OK"
        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)


@pytest.fixture
def inbox():
    box = Inbox()
    box.controller.start()
    yield box
    box.controller.stop()


@pytest.fixture(autouse=True)
def local_robots(monkeypatch):
    """The tests' robots listen on this machine: allowed as a relay, as an intranet would list its own."""
    monkeypatch.setenv("LIAISON_ROBOT_HOSTS", "http://127.0.0.1:")


class Robot:
    """A local HTTP endpoint standing in for a group robot: records each JSON body, answers errcode 0."""

    def __init__(self, port: int | None = None):
        self.port, self.bodies, self.server = port or free_port(), [], None

    def start(self):
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                robot.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                answer = b'{"errcode": 0, "errmsg": "ok"}'
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/webhook/send?key=SECRET"


def _case(db, dept_name="通知测试局", email=None, robot=None):
    with db.unit_of_work() as s:
        net = _network(s)
        dept = add_department(s, dept_name)
        if email or robot:
            s.flush()
            from toolkit.network.models import Department
            d = s.get(Department, dept)
            d.email, d.robot_url = email, robot
        case = intake(s, Opinion(content="王大爷家门口路灯坏了", station_id=net["wusong"], citizen_name="王大爷",
                                 citizen_phone="13900001111"))
        act(s, case.id, "assign", department_id=dept, deadline=case.received_on + timedelta(days=30))
        return case.number


def _network(s):
    from toolkit.network.models import Station
    if not s.scalar(select(Station.id).limit(1)):
        return small_network(s)
    return {"wusong": s.scalar(select(Station.id).where(Station.name == "五松镇人大代表联络站"))}


def _outbox(db):
    with db.reader() as s:
        return list(s.execute(select(OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.subject,
                                     OutboxMessage.body, OutboxMessage.state).order_by(OutboxMessage.id)))


def test_a_case_assigned_tells_its_department_by_the_addresses_it_has(db):
    number = _case(db, email="banli@example.gov.cn", robot="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")
    rows = _outbox(db)
    assert [(c, r) for c, r, *_ in rows] == [("email", "banli@example.gov.cn"),
                                            ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")]
    subject, body = rows[0][2], rows[0][3]
    assert subject == f"新交办案件 {number}" and "办理时限" in body and "签收" in body
    assert "王大爷" not in body and "13900001111" not in body and "路灯" not in body      # no personal data, no content
    _case(db, dept_name="没有地址的局")
    assert len(_outbox(db)) == 2                                                           # nothing without an address


def test_the_same_key_is_one_message(db):
    with db.unit_of_work() as s:
        assert enqueue(s, "k1", "email", "a@example.gov.cn", "主题", "正文", "test") is True
        assert enqueue(s, "k1", "email", "a@example.gov.cn", "主题", "正文", "test") is False
    assert len(_outbox(db)) == 1


def test_email_reaches_a_real_smtp_server_once(db, inbox):
    _case(db, email="banli@example.gov.cn")
    senders = {"email": EmailSender("127.0.0.1", inbox.port, "liaison@example.gov.cn")}
    assert sweep(db, senders)["sent"] == 1
    assert sweep(db, senders)["sent"] == 0
    (to, content), = inbox.received
    mail = message_from_string(content, policy=default)
    assert to == ["banli@example.gov.cn"] and mail["Subject"].startswith("新交办案件")
    assert "请登录联络站工作台签收办理" in mail.get_content()
    assert _outbox(db)[0][4] == "sent"


def test_a_robot_that_is_down_is_tried_again_and_gets_the_message_once(db):
    robot = Robot()
    _case(db, robot=robot.url)
    now = datetime.now()
    assert sweep(db, {"wecom": RobotSender(timeout=2)}, now=now)["failed"] == 1         # nothing listens yet
    with db.reader() as s:
        m = s.scalar(select(OutboxMessage))
        assert (m.state, m.attempts, m.next_try_at) == ("failed", 1, now + timedelta(minutes=1)) and m.last_error
    robot.start()
    try:
        assert sweep(db, {"wecom": RobotSender()}, now=now + timedelta(seconds=30)) == \
            {"sent": 0, "failed": 0, "given_up": 0, "skipped": 0}                           # not due yet
        assert sweep(db, {"wecom": RobotSender()}, now=now + timedelta(minutes=2))["sent"] == 1
        assert sweep(db, {"wecom": RobotSender()}, now=now + timedelta(minutes=60))["sent"] == 0
    finally:
        robot.stop()
    assert len(robot.bodies) == 1 and robot.bodies[0]["msgtype"] == "text"
    assert robot.bodies[0]["text"]["content"].startswith("新交办案件")


def test_a_message_is_given_up_after_the_last_attempt_and_can_be_resent(db):
    with db.unit_of_work() as s:
        enqueue(s, "k-given-up", "email", "a@example.gov.cn", "主题", "正文", "test")
    now = datetime.now()
    for i in range(MAX_ATTEMPTS):
        now += timedelta(days=1)
        sweep(db, {}, now=now)                                # no e-mail sender configured: a failure each time
    with db.reader() as s:
        m = s.scalar(select(OutboxMessage))
        assert (m.state, m.attempts) == ("given_up", MAX_ATTEMPTS) and "未配置" in m.last_error
        message_id = m.id
    with db.unit_of_work() as s:
        resend(s, message_id, now=now)
    with db.reader() as s:
        assert s.scalar(select(OutboxMessage.state)) == "pending"


class SlowRecorder:
    def __init__(self):
        self.sent, self.lock = [], threading.Lock()

    def send(self, recipient, subject, body):
        time.sleep(0.02)
        with self.lock:
            self.sent.append(recipient)


def test_two_sweeps_at_once_send_each_message_once(db):
    with db.unit_of_work() as s:
        for i in range(40):
            enqueue(s, f"k{i}", "email", f"u{i}@example.gov.cn", "主题", "正文", "test")
    recorder, results = SlowRecorder(), []
    threads = [threading.Thread(target=lambda: results.append(sweep(db, {"email": recorder}))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(recorder.sent) == sorted(f"u{i}@example.gov.cn" for i in range(40))     # each once
    assert sum(r["sent"] for r in results) == 40


def test_department_contacts_are_checked_and_the_cli_sends_and_lists(db, inbox, monkeypatch, capsys):
    with db.unit_of_work() as s:
        add_department(s, "命令行测试局")
        with pytest.raises(ValidationFailed) as bad:
            set_department_contacts(s, "命令行测试局", "not-an-address", "http://insecure")
        assert set(bad.value.by_field()) == {"电子邮箱", "群机器人地址"}
    url = str(db.engine.url.render_as_string(hide_password=False))
    assert liaison(["department", "contacts", "命令行测试局", "--email", "cli@example.gov.cn", "--db", url]) == 0
    with db.unit_of_work() as s:
        from toolkit.network.models import Department
        dept = s.scalar(select(Department.id).where(Department.name == "命令行测试局"))
        net = _network(s)
        case = intake(s, Opinion(content="x", station_id=net["wusong"]))
        act(s, case.id, "assign", department_id=dept, deadline=case.received_on + timedelta(days=9))
    monkeypatch.setenv("LIAISON_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("LIAISON_SMTP_PORT", str(inbox.port))
    capsys.readouterr()
    assert liaison(["notify", "run", "--db", url]) == 0
    assert "已发送1条" in capsys.readouterr().out and inbox.received[0][0] == ["cli@example.gov.cn"]
    assert liaison(["notify", "list", "--db", url]) == 0
    assert "已发送\t电子邮件\tcli@example.gov.cn" in capsys.readouterr().out


def _answering(status: int, body: bytes, headers: dict | None = None):
    """A local endpoint that answers every POST the same way; returns (url, the paths it was asked)."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            asked.append(self.path)
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/", asked


def test_a_robot_address_is_only_a_robot_services_and_no_redirect_or_remote_text_is_followed(db, monkeypatch):
    with db.unit_of_work() as s:
        add_department(s, "机器人测试局")
    for bad in ("https://evil.example.com/cgi-bin/webhook/send?key=K", "https://oapi.dingtalk.com.evil.cn/robot/send",
                "http://oapi.dingtalk.com/robot/send?access_token=T", "https://10.0.0.5/robot"):
        with pytest.raises(ValidationFailed, match="企业微信"):
            with db.unit_of_work() as s:
                set_department_contacts(s, "机器人测试局", robot_url=bad)
    inner, inner_url, inner_asked = _answering(200, b'{"errcode": 0}')
    outer, outer_url, _ = _answering(302, b"", {"Location": inner_url + "internal"})
    chatty, chatty_url, _ = _answering(200, '{"errcode": 93000, "errmsg": "内部地址 10.1.2.3 <script>"}'.encode())
    try:
        with pytest.raises(Exception, match="跳转"):
            RobotSender(timeout=5).send(outer_url + "cgi-bin/webhook/send?key=K", "主题", "正文")
        assert inner_asked == []                                              # the redirect was not followed
        with pytest.raises(RuntimeError) as e:
            RobotSender(timeout=5).send(chatty_url + "send", "主题", "正文")
        assert "93000" in str(e.value) and "10.1.2.3" not in str(e.value) and "<script>" not in str(e.value)
        monkeypatch.delenv("LIAISON_ROBOT_HOSTS")
        with pytest.raises(ValueError, match="不是企业微信或钉钉"):
            RobotSender(timeout=5).send(inner_url + "send", "主题", "正文")     # a stored address no longer allowed
        assert inner_asked == []
    finally:
        for server in (inner, outer, chatty):
            server.shutdown()
            server.server_close()
