"""网格员转交 from a real server on both databases: a personal link (issued, revoked, expired), the
worker's own grids only, a hand-off that becomes an opinion case of channel 网格 carrying the grid,
its deputy and a working-day limit, the deputy told at the next reminders' pass; and the page in
Chromium at 360 px with JavaScript off."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from toolkit.admin.link_models import PersonalLink
from toolkit.cases.grid_handoff import grid_worker_link
from toolkit.cases.models import Case
from toolkit.cases.notices import grid_handoffs
from toolkit.core.errors import ToolkitError
from toolkit.core.workdays import WorkCalendar
from toolkit.network.grid_models import Grid, GridDeputy
from toolkit.network.grids import GridData, save_grid
from toolkit.network.models import Deputy, Station
from toolkit.notify.models import OutboxMessage

from .browser import _shot, needs_chromium
from .public_site import Browser, _xsrf, site  # noqa: F401  (the fixture)

WORKER, OTHER = "13700000001", "13700000002"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def worker(site):  # noqa: F811
    """Two grids of one worker at a township (one with two deputies, one named hostilely without any),
    one grid of another worker; the worker's link token."""
    db = site["db"]
    with db.unit_of_work() as s:
        station = s.scalar(select(Station.id).where(Station.kind == "township_station").order_by(Station.id))
        deputies = s.scalars(select(Deputy.id).where(Deputy.station_id == station).order_by(Deputy.id)).all()[:2]
        mine = save_grid(s, station, GridData("转交测试网格", "陈网格", WORKER, deputy_ids=list(deputies))).id
        save_grid(s, station, GridData(HOSTILE, "陈网格", WORKER))
        other = save_grid(s, station, GridData("别人的网格", "李网格", OTHER, deputy_ids=list(deputies))).id
        address = grid_worker_link(s, WORKER)
    return {**site, "grid": mine, "other": other, "deputies": list(deputies), "token": address.rsplit("/", 1)[1]}


def _signed_in(worker) -> tuple[Browser, str]:
    b = Browser()
    status, headers, _ = b.open(f"{worker['base']}/g/{worker['token']}")
    assert status == 303 and headers["Location"] == "/g"
    status, _, page = b.open(f"{worker['base']}/g")
    assert status == 200, page
    return b, page


def test_the_worker_hands_an_opinion_to_a_grids_deputy_and_the_deputy_is_told(worker):
    db, base = worker["db"], worker["base"]
    b, page = _signed_in(worker)
    assert "转交测试网格" in page and "&lt;img src=x" in page and "<img src=x" not in page
    assert "别人的网格" not in page and WORKER not in page                # only the worker's grids; no phone shown
    pick = f"{worker['grid']}:{worker['deputies'][1]}"
    status, headers, _ = b.open(f"{base}/g", {"_xsrf": _xsrf(page), "pick": pick, "content": "楼道堆放杂物，存在消防隐患",
                                               "category": "城乡建设", "name": "", "phone": "13912340000"})
    assert status == 303 and headers["Location"].startswith("/g?done=")
    number = headers["Location"].split("=", 1)[1]
    with db.reader() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        assert (case.channel, case.grid_id, case.deputy_id, case.state) == ("grid", worker["grid"], worker["deputies"][1],
                                                                              "collected")
        assert case.deadline == WorkCalendar.load(s).add(case.received_on, 5)
        received = case.received_on
    _, _, page = b.open(f"{base}/g?done={number}")
    assert f"已转交，案件编号 <b>{number}</b>" in page and re.search(rf"{number} · 转交测试网格 → \S+ · 收集", page)
    with db.unit_of_work() as s:
        s.execute(update(Deputy).where(Deputy.id == worker["deputies"][1]).values(email="dep@example.gov.cn"))
        assert grid_handoffs(s, received) == 1 and grid_handoffs(s, received) == 0   # told once
        told = s.scalar(select(OutboxMessage).where(OutboxMessage.event == "grid_handoff"))
        assert told.recipient == "dep@example.gov.cn" and number in told.body and "13912340000" not in told.body


def test_a_grid_or_deputy_not_the_workers_is_refused_and_nothing_is_written(worker):
    db, base = worker["db"], worker["base"]
    b, page = _signed_in(worker)
    with db.reader() as s:
        before = s.scalar(select(Case.id).order_by(Case.id.desc()))
    for pick in (f"{worker['other']}:{worker['deputies'][0]}", f"{worker['grid']}:999999", "abc"):
        status, _, shown = b.open(f"{base}/g", {"_xsrf": _xsrf(page), "pick": pick, "content": "试探",
                                                "category": "其他", "name": "", "phone": ""})
        assert status == 400 and ("您负责的网格" in shown or "联系代表" in shown), shown
    status, _, shown = b.open(f"{base}/g", {"_xsrf": _xsrf(page), "pick": f"{worker['grid']}:{worker['deputies'][0]}",
                                            "content": "   ", "category": "其他", "name": "", "phone": ""})
    assert status == 400 and "请填写" in shown and "Traceback" not in shown
    with db.reader() as s:
        assert s.scalar(select(Case.id).order_by(Case.id.desc())) == before


def test_a_wrong_revoked_or_expired_link_shows_no_data(worker):
    db, base = worker["db"], worker["base"]
    b = Browser()
    b.open(f"{base}/g/{'x' * 32}")
    status, _, page = b.open(f"{base}/g")
    assert status == 403 and "链接无效或已失效" in page and "转交测试网格" not in page
    assert Browser().open(f"{base}/g")[0] == 403                          # no cookie at all
    with db.unit_of_work() as s:
        s.execute(update(PersonalLink).values(expires_at=datetime.now() - timedelta(seconds=1),
                                              created_at=datetime.now() - timedelta(days=2)))
    b = Browser()
    b.open(f"{base}/g/{worker['token']}")
    assert b.open(f"{base}/g")[0] == 403
    with db.unit_of_work() as s:
        fresh = grid_worker_link(s, WORKER).rsplit("/", 1)[1]
        assert grid_worker_link(s, WORKER, revoke=True) == 1               # the live one; the expired stays as it was
    b = Browser()
    b.open(f"{base}/g/{fresh}")
    assert b.open(f"{base}/g")[0] == 403
    with db.reader() as s:
        assert fresh not in str(s.scalars(select(PersonalLink.token_hash)).all())      # only a keyed hash is kept
    with db.unit_of_work() as s, pytest.raises(ToolkitError, match="没有网格的网格员手机"):
        grid_worker_link(s, "13800009999")


@needs_chromium
def test_the_page_at_360_px_without_javascript(worker, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{worker['base']}/g/{worker['token']}")
    page.check("input[name=pick] >> nth=0")
    page.fill("#content", "路灯不亮")
    page.click("button[type=submit]")
    assert page.locator(".done", has_text="已转交").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "grid-worker-360-nojs")
    context.close()
    with worker["db"].reader() as s:
        assert s.scalar(select(GridDeputy.grid_id).where(GridDeputy.grid_id == worker["grid"]).limit(1))
        assert s.scalar(select(Grid.name).where(Grid.id == worker["grid"])) == "转交测试网格"
