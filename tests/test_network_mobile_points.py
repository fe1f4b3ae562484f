"""流动联络站 on both databases: set up with its days and deputies (refused with reasons, and by the
database), its own QR page taking opinions only while open (the case carries the point), the
citizens' 找联络站 listing it, its ledger once closed (one activity with attendance and the
opinions), and the app's tab driven as the browser drives it."""
from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from toolkit.cases.models import Case
from toolkit.cases.stats import opinions_by_point
from toolkit.core.errors import ToolkitError, ValidationFailed
from toolkit.duty.models import Activity, ActivityAttendee, ActivityCase
from toolkit.duty.point_ledger import point_activity, point_ledger
from toolkit.formats.svg_map import svg_map
from toolkit.network.mobile_points import PointForm, list_points, open_point
from toolkit.network.models import Deputy, Station
from toolkit.network.point_models import MobilePoint
from toolkit.network.station_map import point_pins
from widgets.enrolment.mobile_points import MobilePointPanel

from .browser import _shot, needs_chromium
from .factories.widgets import click, pick, update
from .public_site import Browser, _xsrf, site  # noqa: F401  (the fixture)

TODAY = date.today()
HOSTILE = "<img src=x onerror=alert(1)>"


def _town(db):
    with db.reader() as s:
        station = s.scalar(select(Station.id).where(Station.kind == "township_station").order_by(Station.id))
        deputies = s.scalars(select(Deputy.id).where(Deputy.station_id == station).order_by(Deputy.id)).all()
        return station, list(deputies)


def _point(db, opens=TODAY - timedelta(days=1), closes=TODAY + timedelta(days=3), name="五松集市流动联络站") -> tuple[int, str]:
    station, deputies = _town(db)
    with db.unit_of_work() as s:
        p = open_point(s, PointForm(station, name, HOSTILE, opens, closes, "上午", deputies[:2]))
        return p.id, p.qr_token


def test_a_point_is_refused_with_reasons_and_by_the_database(demo_db):
    station, _ = _town(demo_db)
    with demo_db.unit_of_work() as s, pytest.raises(ValidationFailed) as refused:
        open_point(s, PointForm(station, "", "", TODAY, TODAY - timedelta(days=1), longitude="200", latitude="30"))
    fields = {e.field for e in refused.value.errors}
    assert {"名称", "地点", "日期", "经度"} <= fields
    with demo_db.unit_of_work() as s, pytest.raises(ValidationFailed, match="最长92天"):
        open_point(s, PointForm(station, "长期点", "某地", TODAY, TODAY + timedelta(days=200)))
    with pytest.raises(IntegrityError), demo_db.unit_of_work() as s:
        s.execute(text("INSERT INTO mobile_point (station_id, name, place, opens_on, closes_on, qr_token) "
                       f"VALUES ({station}, '倒置', '某地', '2026-12-09', '2026-12-01', 'tok-x')"))


def test_its_qr_page_takes_opinions_while_open_and_the_case_carries_the_point(site):  # noqa: F811
    db, base = site["db"], site["base"]
    pid, token = _point(db)
    b = Browser()
    status, _, page = b.open(f"{base}/p/{token}")
    assert status == 200 and "在 五松集市流动联络站 反映意见" in page and "&lt;img src=x" in page and "<img src=x" not in page
    status, _, receipt = b.open(f"{base}/p/{token}", {"_xsrf": _xsrf(page), "once": "x" * 20, "content": "集市排水沟堵塞",
                                                      "category": "城乡建设", "name": "", "phone": ""}, follow=True)
    assert status == 200 and "案件编号" in receipt and "查询码" in receipt
    with db.reader() as s:
        case = s.scalar(select(Case).where(Case.point_id == pid))
        assert (case.channel, case.station_id, case.deputy_id) == ("mobile", _town(db)[0], None)
    closed_id, closed = _point(db, TODAY - timedelta(days=9), TODAY - timedelta(days=2), "已结束的点")
    status, _, page = b.open(f"{base}/p/{closed}")
    assert status == 200 and "不在开放时间内" in page and "<form method=\"post\"" not in page
    xsrf = _xsrf(b.open(f"{base}/p/{token}")[2])                        # a forged post to the closed point
    status, _, page = b.open(f"{base}/p/{closed}", {"_xsrf": xsrf, "once": "y" * 20, "content": "还想反映",
                                                    "category": "其他", "name": "", "phone": ""})
    assert status == 400 and "已结束" in page
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Case).where(Case.point_id == closed_id)) == 0
    assert Browser().open(f"{base}/p/NOSUCHTOKEN")[0] == 404
    with db.unit_of_work() as s:                                        # pinned on the map while open, with its count
        s.get(MobilePoint, pid).longitude, s.get(MobilePoint, pid).latitude = 117.8, 30.9
    with db.reader() as s:
        pins = [p for p in point_pins(s, opinions_by_point(s)) if p.id == pid]
        assert [(p.kind, p.opinions) for p in pins] == [("mobile", 1)]
        assert "（流动联络站）：意见&lt;5件" in str(svg_map(pins))
    status, _, finder = Browser().open(f"{base}/s")
    assert "近期流动联络站" in finder and "五松集市流动联络站" in finder and "已结束的点" not in finder


def test_the_ledger_once_closed_is_one_activity_with_attendance_and_the_opinions(demo_db):
    pid, _ = _point(demo_db, TODAY - timedelta(days=5), TODAY - timedelta(days=1))
    station, deputies = _town(demo_db)
    with demo_db.unit_of_work() as s:
        s.add(Case(number="LZ-T-1", channel="mobile", received_at=TODAY - timedelta(days=3), point_id=pid,
                   received_on=TODAY - timedelta(days=3), station_id=station, content="路灯", category="其他",
                   matter_level="station", state="collected"))
    with demo_db.unit_of_work() as s, pytest.raises(ToolkitError, match="结束后再生成台账"):
        point_activity(s, pid, today=TODAY - timedelta(days=3))
    with demo_db.unit_of_work() as s:
        data = point_ledger(s, pid)
        first = point_activity(s, pid)
    with demo_db.unit_of_work() as s:
        assert point_activity(s, pid) == first                          # made once
        activity = s.get(Activity, first)
        assert (activity.kind, activity.held_on, activity.citizens_received) == ("reception", TODAY - timedelta(days=1), 1)
        assert set(s.scalars(select(ActivityAttendee.deputy_id).where(ActivityAttendee.activity_id == first))) == set(deputies[:2])
        assert s.scalar(select(func.count()).select_from(ActivityCase).where(ActivityCase.activity_id == first)) == 1
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["台账", "值班代表", "收集意见"] and book["收集意见"]["A2"].value == "LZ-T-1"


def test_the_tab_sets_one_up_offers_its_code_and_its_ledger(demo_db):
    station, _ = _town(demo_db)
    panel = MobilePointPanel(demo_db)
    pick(panel.station, station)
    update(panel.name, value="广场流动联络站")
    update(panel.place, value="人民广场")
    update(panel.deputies, index=[0])
    click(panel.save_button)
    assert "已保存「广场流动联络站」" in panel.message.value and "/p/" in panel.heading.value
    click(panel.qr_button)
    assert "image/png" in panel.links.value
    assert panel.ledger_button.disabled                                 # still open: no ledger yet
    with demo_db.reader() as s:
        assert list_points(s)[0]["名称"] == "广场流动联络站"
        pid = s.scalar(select(MobilePoint.id).where(MobilePoint.name == "广场流动联络站"))
    with demo_db.unit_of_work() as s:
        s.get(MobilePoint, pid).opens_on = TODAY - timedelta(days=3)
        s.get(MobilePoint, pid).closes_on = TODAY - timedelta(days=1)
    panel.refresh()
    panel.open_point(pid)
    click(panel.ledger_button)
    assert "台账已生成" in panel.message.value and "流动联络站台账" in panel.links.value
    update(panel.place, value="")
    click(panel.save_button)
    assert "地点" in panel.message.value and "Traceback" not in panel.message.value


@needs_chromium
def test_the_points_page_at_360_px_without_javascript(site, browser):  # noqa: F811
    _, token = _point(site["db"])
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site['base']}/p/{token}")
    page.fill("#content", "集市门口积水")
    page.click("button[type=submit]")
    assert page.locator(".receipt b").count() == 2 and page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "mobile-point-receipt-360-nojs")
    context.close()
