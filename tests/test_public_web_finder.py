"""找联络站 from a real server on both databases: the districts, one district's stations with address,
接待日 and the deputies on duty, nearest first from a phone's place, hostile names escaped, small and
script-optional pages; and in Chromium at 360 px, with JavaScript off."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from toolkit.duty.models import RotaTurn
from toolkit.network.models import Deputy, Station

from .browser import _shot, needs_chromium
from .public_site import Browser, site  # noqa: F401  (the fixture)


def _township(db) -> tuple[int, int, str]:
    """A township station of the demo with its county centre and name."""
    with db.reader() as s:
        station = s.scalar(select(Station).where(Station.kind == "township_station").order_by(Station.id))
        return station.id, station.parent_id, station.name


def test_the_districts_then_a_districts_stations_with_reception_and_duty(site):  # noqa: F811
    db, base = site["db"], site["base"]
    sid, county, name = _township(db)
    with db.unit_of_work() as s:
        deputy = s.scalar(select(Deputy).where(Deputy.station_id == sid).order_by(Deputy.id))
        s.add(RotaTurn(station_id=sid, day=date.today() + timedelta(days=2), post="info", deputy_id=deputy.id))
        s.get(Station, sid).address = "<img src=x onerror=alert(1)>路1号"
        day, who, phones = date.today() + timedelta(days=2), deputy.name, [deputy.phone, s.get(Station, sid).phone]
    b = Browser()
    status, headers, page = b.open(f"{base}/s")
    assert status == 200 and "找联络站" in page and f'href="/s?d={county}"' in page
    assert "script-src 'self'" in headers["Content-Security-Policy"] and "<script src=\"/static/near.js\"" in page
    status, _, page = b.open(f"{base}/s?d={county}")
    assert status == 200 and name in page and "接待日：" in page
    assert f"{day.month}月{day.day}日 {who}" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;路1号" in page
    assert len(page.encode()) < 100_000
    assert not any(p and p in page for p in phones)                   # no station's or deputy's phone


def test_nearest_first_from_the_phones_place(site):  # noqa: F811
    db, base = site["db"], site["base"]
    with db.reader() as s:
        lon, lat, name = s.execute(select(Station.longitude, Station.latitude, Station.name)
                                   .where(Station.kind == "village_point").order_by(Station.id)).first()
    status, _, page = Browser().open(f"{base}/s?lon={lon + 0.001:.3f}&lat={lat:.3f}")
    assert status == 200 and "离您最近的联络站" in page
    first = page.index("<h3>")
    assert page[first:first + 200].startswith(f"<h3>{name}</h3>") and "约0.1公里" in page[first:first + 400]
    # nonsense or a place outside China is the district list again, not an error
    status, _, page = Browser().open(f"{base}/s?lon=abc&lat=999")
    assert status == 200 and "离您最近" not in page


@needs_chromium
def test_the_page_at_360_px_works_without_javascript(site, browser):  # noqa: F811
    _, county, name = _township(site["db"])
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site['base']}/s")
    page.click(f"a[href='/s?d={county}']")
    assert page.locator("h3", has_text=name).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360           # nothing wider than the phone
    _shot(page, "finder-360-nojs")
    assert page.locator("#near").is_hidden()
    context.close()
