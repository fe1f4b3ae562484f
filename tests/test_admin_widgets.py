"""The admin app (系统管理) driven as its visitor would, forged messages included."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from toolkit.admin.models import AppUser
from toolkit.admin.users import add_user, get_user_by_login, principal_for
from toolkit.core.audit_models import AuditEntry
from toolkit.core.principal import Principal, local_admin
from toolkit.network.models import Station
from widgets import AdminApp
from toolkit.core.audit_text import change_text as said

from .factories.widgets import click, pick, update

ADMIN = local_admin("系统管理员")


def _centre(db, which: int = 0) -> int:
    """A county centre of the demo network."""
    with db.reader() as s:
        return s.scalars(select(Station.id).where(Station.kind == "county_center").order_by(Station.id)).all()[which]


def _county_admin(db) -> tuple:
    """A county administrator of the demo's first county centre, and that centre's id."""
    centre = _centre(db)
    with db.acting_as(ADMIN).unit_of_work() as s:
        add_user(s, "county.one", "县区甲", "county_admin", station_id=centre)
    with db.reader() as s:
        return db.acting_as(principal_for(s, "county.one")), centre


def _users(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count(AppUser.id)))


def test_a_city_administrator_adds_a_user_and_the_log_shows_it(demo_db):
    app = AdminApp(demo_db.acting_as(ADMIN))
    panel = app.users
    centre = _centre(demo_db, 1)
    update(panel.login.control, value="yian.admin")
    update(panel.name.control, value="义安区管理员")
    pick(panel.role.control, "county_admin")
    assert panel.station.layout.display is None and panel.department.layout.display == "none"
    pick(panel.station.control, centre)
    before = _users(demo_db)
    update(panel.email.control, value="yian@example")
    click(panel.save_button)
    assert "不是电子邮箱地址" in panel.email.error_text and _users(demo_db) == before
    update(panel.email.control, value="")
    update(panel.phone.control, value="13900001234")
    click(panel.save_button)
    assert panel.message.kind == "ok", panel.message.text
    with demo_db.reader() as s:
        p = principal_for(s, "yian.admin")
        assert get_user_by_login(s, "yian.admin").phone == "13900001234"
    assert p.role == "county_admin" and centre in p.stations
    assert "短信" in panel.table.value and panel.phone.value == "13900001234"
    assert "yian.admin" in panel.table.value and panel.chosen.value
    app.audit.search()
    assert "yian.admin" in app.audit.table.value and "新增" in app.audit.table.value


def test_bad_input_names_its_field_and_writes_nothing(demo_db):
    panel = AdminApp(demo_db.acting_as(ADMIN)).users
    before = _users(demo_db)
    update(panel.login.control, value="空 格")
    pick(panel.role.control, "station_staff")
    click(panel.save_button)
    assert panel.message.kind == "error"
    assert "字母" in panel.login.error_text and "必填" in panel.name.error_text
    assert _users(demo_db) == before


def test_a_county_administrator_can_only_grant_inside_their_subtree(demo_db):
    county, centre = _county_admin(demo_db)
    panel = AdminApp(county).users
    offered = {v for _, v in panel.station.control.options} - {0}      # 0: （全市）, for analysts only
    with demo_db.reader() as s:
        everything = set(s.scalars(select(Station.id).where(Station.closed_on.is_(None))))
    assert centre in offered and offered < everything
    # A client can still send any role: making a city administrator is refused and logged.
    update(panel.login.control, value="sneaky.boss")
    update(panel.name.control, value="越级")
    pick(panel.role.control, "city_admin")
    click(panel.save_button)
    assert panel.message.kind == "error" and panel.message.text.startswith("无权管理用户与权限")
    with demo_db.reader() as s:
        assert not s.scalar(select(AppUser.id).where(AppUser.login == "sneaky.boss"))
        refused = s.scalar(select(AuditEntry.after).where(AuditEntry.actor == "county.one",
                                                          AuditEntry.action == "refused"))
    assert json.loads(refused)["操作"] == "user.manage"


def test_a_county_administrator_reads_no_audit_log(demo_db):
    county, _ = _county_admin(demo_db)
    app = AdminApp(county)
    assert app.audit.message.kind == "error" and "仅市级管理员" in app.audit.message.text
    assert "<td>" not in app.audit.table.value


def test_station_staff_see_no_user_form(demo_db):
    county, centre = _county_admin(demo_db)
    with county.unit_of_work() as s:
        add_user(s, "staff.one", "站员甲", "station_staff", station_id=centre)
    with demo_db.reader() as s:
        staff = demo_db.acting_as(principal_for(s, "staff.one"))
    panel = AdminApp(staff).users
    assert panel.form.layout.display == "none" and "不能管理用户" in panel.message.text


def test_two_administrators_editing_one_user_the_later_is_refused(demo_db):
    county, centre = _county_admin(demo_db)
    first, second = AdminApp(demo_db.acting_as(ADMIN)).users, AdminApp(demo_db.acting_as(ADMIN)).users
    with demo_db.reader() as s:
        uid = s.scalar(select(AppUser.id).where(AppUser.login == "county.one"))
    for panel in (first, second):
        pick(panel.chosen, uid)
        assert panel.login.value == "county.one" and panel.station.value == centre
    update(first.name.control, value="县区甲（改）")
    click(first.save_button)
    assert first.message.kind == "ok"
    update(second.active, value=False)
    click(second.save_button)
    assert second.message.kind == "error" and "已被他人修改" in second.message.text
    with demo_db.reader() as s:
        assert principal_for(s, "county.one").name == "县区甲（改）"   # still active: the later save lost


def test_the_audit_view_filters_and_pages_in_the_database(demo_db):
    county, _ = _county_admin(demo_db)
    audit = AdminApp(demo_db.acting_as(ADMIN)).audit
    assert audit.pager.total >= 1
    update(audit.actor, value="local")
    pick(audit.entity, "app_user")
    click(audit.search_button)
    assert audit.pager.total == 1 and "county.one" in audit.table.value
    update(audit.entity_id, value="abc")
    click(audit.search_button)
    assert audit.message.kind == "error" and "编号须为数字" in audit.message.text
    update(audit.entity_id, value="")
    pick(audit.entity, "")
    update(audit.actor, value="")
    audit.until.value = date(2000, 1, 1)
    click(audit.search_button)
    assert audit.pager.total == 0 and "没有符合条件的记录" in audit.table.value


def change_text(before, after):
    return said("deputy", before, after, {})


def test_a_change_reads_as_old_to_new():
    assert change_text('{"specialty": "农业"}', '{"specialty": "法律"}') == "专业特长：农业 → 法律"
    assert change_text("", '{"name": "甲", "phone": null}') == "名称：甲"
    assert change_text('{"x": "1"}', "").startswith("x：1")      # an unlisted field keeps its identifier
    assert change_text("", json.dumps({"t": "长" * 500})).endswith("……")


def test_the_log_shows_labels_names_and_minutes_not_raw_values(demo_db):
    """What a new administrator saw: True, None, evaluated, reception, [1219, 1790], ids, microseconds."""
    from toolkit.cases.models import Case
    from toolkit.core.audit_reading import AuditFilter, readable_entries
    from toolkit.network.models import Station
    with demo_db.reader() as s:
        case = s.scalar(select(Case).order_by(Case.id))
        station = s.scalar(select(Station).where(Station.id == case.station_id))
        names = {("station", station.id): station.name}
        station_name, case_id, case_number = station.name, case.id, case.number
        text = said("citizen_case", json.dumps({"state": "answered", "is_leader": None}),
                    json.dumps({"state": "evaluated", "is_leader": True, "channel": "reception", "station_id": station.id,
                                "deputies": [1219, 1790], "received_at": "2026-12-07T09:30:12.123456"}), names)
    assert "状态：已答复 → 已评价" in text and "是否领导干部：（空） → 是" in text and "渠道：（空） → 站内接待" in text
    assert f"站点：（空） → {station_name}" in text and "2项" in text and "2026-12-07 09:30" in text
    assert "True" not in text and "None" not in text and "evaluated" not in text and ".123456" not in text
    from toolkit.core.audit import record
    with demo_db.acting_as(ADMIN).unit_of_work() as s:
        record(s, "", "citizen_case", case_id, "update", before={"place": None}, after={"place": "北门"})
    with demo_db.reader() as s:
        page = readable_entries(s, AuditFilter(entity="citizen_case", entity_id=case_id), limit=5)
    assert page.iloc[0]["编号"] == case_number and len(page.iloc[0]["时间"]) == 16
    assert page.iloc[0]["内容"].startswith("地点：") and "北门" in page.iloc[0]["内容"]


def test_the_intake_flood_limit_is_a_setting_only_a_city_administrator_changes(demo_db):
    from toolkit.core.settings import get_setting
    app = AdminApp(demo_db.acting_as(ADMIN))
    assert app.settings.controls["intake_per_client_hour"].value == 5
    app.settings.controls["intake_per_client_hour"].value = 40
    click(app.settings.save_button)
    assert app.settings.message.kind == "ok"
    county, _ = _county_admin(demo_db)
    theirs = AdminApp(county).settings
    update(theirs.controls["intake_per_client_hour"], value=1000)
    click(theirs.save_button)
    assert theirs.message.kind == "error" and "无权修改系统参数" in theirs.message.text
    with demo_db.reader() as s:
        assert get_setting(s, "intake_per_client_hour") == 40


def test_the_calendar_tab_shows_a_year_sets_a_day_imports_a_year_and_warns_in_december(demo_db):
    from widgets.admin.calendar import CalendarPanel
    assert AdminApp(demo_db.acting_as(ADMIN), today=date(2026, 11, 30)).titles[3] == "节假日日历"
    app = AdminApp(demo_db.acting_as(ADMIN), today=date(2026, 12, 1))
    assert app.titles[3] == "节假日日历" and "2027年的节假日安排还没有录入" in app.calendar.warning.text   # inside, not as the title
    panel = CalendarPanel(demo_db.acting_as(ADMIN), today=date(2026, 12, 1))
    assert "2027年的节假日安排还没有录入" in panel.warning.text
    panel.year.value = 2026
    assert "2026-02-14" in panel.table.value and "调休上班" in panel.table.value and "春节" in panel.table.value
    panel.load_file("日期,类型,名称\n2027-02-06,调休上班,春节调休\n2027-02-08,休息,春节\n".encode(), "2027.csv")
    panel.import_button.click()
    assert panel.message.kind == "error" and "第3行「类型」" in panel.message.text
    panel.load_file("日期,类型,名称\n2027-02-06,调休上班,春节调休\n2027-02-08,放假,春节\n".encode(), "2027.csv")
    panel.import_button.click()
    assert panel.message.kind == "ok" and panel.warning.text == ""
    panel.day.value, panel.kind.value, panel.name.value = date(2027, 2, 9), "放假", "春节"
    panel.set_button.click()
    assert panel.year.value == 2027 and panel.table.value.count("春节") == 3
    staff = CalendarPanel(demo_db.acting_as(Principal("li.county", "李区管", "county_admin", station_id=1,
                                                      stations=frozenset({1}))), today=date(2026, 12, 1))
    staff.day.value, staff.kind.value = date(2027, 10, 1), "放假"
    staff.set_button.click()
    assert staff.message.kind == "error" and "无权" in staff.message.text


def test_the_notifications_tab_lists_failed_messages_and_resends_one(demo_db):
    from toolkit.notify.models import OutboxMessage
    from toolkit.notify.outbox import enqueue
    with demo_db.unit_of_work() as s:
        enqueue(s, "admin-tab", "wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY", "新交办案件 TL-1",
                "正文", "test")
        m = s.scalar(select(OutboxMessage).where(OutboxMessage.key == "admin-tab"))
        m.state, m.attempts, m.last_error = "failed", 3, "URLError: timed out"
    panel = AdminApp(demo_db.acting_as(ADMIN)).outbox
    assert "新交办案件 TL-1" in panel.table.value and "qyapi.weixin.qq.com/…" in panel.table.value
    assert "SECRETKEY" not in panel.table.value and "timed out" in panel.table.value
    county = demo_db.acting_as(Principal("li.county", "李区管", "county_admin", station_id=1, stations=frozenset({1})))
    other = AdminApp(county).outbox
    other.resend_button.click()
    assert other.message.kind == "error" and "无权" in other.message.text
    panel.resend_button.click()
    assert panel.message.kind == "ok" and "没有发送失败的通知" in panel.table.value
    with demo_db.reader() as s:
        assert s.scalar(select(OutboxMessage.state).where(OutboxMessage.key == "admin-tab")) == "pending"


def test_the_notifications_tab_exports_waiting_texts_once(demo_db):
    import base64
    from toolkit.notify.addresses import Address, tell
    with demo_db.unit_of_work() as s:
        tell(s, "admin-sms", [Address("sms", "13900008888"), Address("sms", "13900009999")], "主题", "", "test",
             sms="【人大代表联络站】您反映的问题已有答复")
    county = AdminApp(demo_db.acting_as(Principal("li.county", "李区管", "county_admin", station_id=1,
                                                  stations=frozenset({1})))).outbox
    county.export_button.click()
    assert county.message.kind == "error" and "无权" in county.message.text and not county.export_link.value
    panel = AdminApp(demo_db.acting_as(ADMIN)).outbox
    assert "待发短信 2 条" in panel.sms_count.value and not panel.export_button.disabled
    panel.export_button.click()
    assert panel.message.kind == "ok" and "已导出2条" in panel.message.text
    data = base64.b64decode(panel.export_link.value.split("base64,", 1)[1].split('"', 1)[0]).decode("utf-8-sig")
    assert data.splitlines() == ["手机号码,短信内容", "13900008888,【人大代表联络站】您反映的问题已有答复",
                                 "13900009999,【人大代表联络站】您反映的问题已有答复"]
    assert "待发短信 0 条" in panel.sms_count.value and panel.export_button.disabled


def test_the_departments_tab_sets_a_units_email_and_robot_without_showing_the_robot(demo_db):
    from toolkit.network.department_directory import department_contacts
    from widgets.cases.departments import DepartmentPanel
    panel = DepartmentPanel(demo_db.acting_as(ADMIN))
    unit = panel.unit.value
    name = dict((v, n) for n, v in panel.unit.options)[unit]
    panel.email.value, panel.robot.value = "bad address", "http://insecure.example/robot"
    panel.contacts_button.click()
    assert "不是电子邮箱地址" in panel.email.error.value and "企业微信" in panel.robot.error.value
    panel.email.value, panel.robot.value = "unit@example.gov.cn", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1"
    panel.contacts_button.click()
    assert panel.message.kind == "ok" and panel.unit.value == unit
    with demo_db.reader() as s:
        assert department_contacts(s, unit) == ("unit@example.gov.cn", True)
    assert "K1" not in panel.robot.value and "已设置" in panel.robot.control.placeholder
    assert "电子邮件、群机器人" in panel.table.value
    panel.clear_robot.value = True
    panel.contacts_button.click()
    with demo_db.reader() as s:
        assert department_contacts(s, unit) == ("unit@example.gov.cn", False)
    assert name in panel.message.text
