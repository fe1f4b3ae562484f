"""代表履职公开页 from a real server on both databases: the deputy's public facts; the shares shown only
from ten rated opinions, each with its Wilson interval; no ranking, no attendance; a county switched off
shows nothing; the interval itself."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import exists, select, update

from toolkit.cases.deputy_record import MIN_RATED, wilson
from toolkit.cases.models import Case
from toolkit.cases.services import Opinion, intake
from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token
from toolkit.network.station_index import StationIndex
from toolkit.ops.cli import main

from .public_site import Browser, site  # noqa: F401  (the fixture)


def test_the_wilson_interval_is_honest_for_small_counts():
    low, high = wilson(3, 3)
    assert 0.43 < low < 0.44 and high == 1.0                      # 3 of 3 is not "100%"
    low, high = wilson(90, 100)
    assert 0.82 < low < 0.83 and 0.94 < high < 0.95
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.fixture
def record(site):  # noqa: F811
    db = site["db"]
    with db.unit_of_work() as s:
        d = s.scalar(select(Deputy).where(Deputy.station_id.is_not(None), ~exists().where(Case.deputy_id == Deputy.id))
                     .order_by(Deputy.id.desc()))                       # a deputy with no opinions of the demo
        token, name = ensure_token(s, d), d.name
        county = StationIndex.load(s).county(d.station_id)
        county_name = StationIndex.load(s).path(county)
        day = datetime.combine(date.today() - timedelta(days=30), datetime.min.time())
        numbers = [intake(s, Opinion(f"意见{i}", deputy_id=d.id), at=day + timedelta(hours=i)).number for i in range(12)]
    return {**site, "token": token, "name": name, "numbers": numbers, "county": county_name,
            "url": db.engine.url.render_as_string(hide_password=False)}


def _rate(db, numbers, ratings):
    with db.unit_of_work() as s:
        for n, r in zip(numbers, ratings):
            received = s.scalar(select(Case.received_on).where(Case.number == n))
            s.execute(update(Case).where(Case.number == n).values(
                rating=r, state="evaluated", deadline=received + timedelta(days=10),
                answered_on=received + timedelta(days=5 if r != "不满意" else 12)))


def test_the_shares_show_only_from_ten_rated_opinions_with_their_interval(record):
    base, db = record["base"], record["db"]
    _rate(db, record["numbers"][:MIN_RATED - 1], ["满意"] * (MIN_RATED - 1))
    status, _, page = Browser().open(f"{base}/r/{record['token']}")
    assert status == 200 and f"{record['name']} 代表" in page and "收到" not in page.split("<h2>")[0]
    assert f"现有{MIN_RATED - 1}件" in page and "置信区间" not in page
    _rate(db, record["numbers"][MIN_RATED - 1:], ["不满意", "基本满意", "满意"])
    _, _, page = Browser().open(f"{base}/r/{record['token']}")
    shown = re.search(r"<dt>群众满意（满意、基本满意）</dt><dd>([^<]+)</dd>", page).group(1)
    assert shown.startswith("92%（11/12，95%置信区间 6") and "排名" not in page.replace("不对代表排名", "")
    on_time = re.search(r"<dt>按期答复</dt><dd>([^<]+)</dd>", page).group(1)
    assert on_time.startswith("92%（11/12")
    assert "进站" not in page and "缺席" not in page                    # attendance is not shown at all
    _, _, intake_page = Browser().open(f"{base}/d/{record['token']}")
    assert f'href="/r/{record["token"]}"' in intake_page


def test_a_county_switched_off_shows_nothing(record, capsys):
    assert main(["deputy", "page", "off", "--county", record["county"], "--db", record["url"]]) == 0
    status, _, page = Browser().open(f"{record['base']}/r/{record['token']}")
    assert status == 404 and "暂未开放" in page and record["name"] not in page
    assert main(["deputy", "page", "on", "--county", record["county"], "--db", record["url"]]) == 0
    assert Browser().open(f"{record['base']}/r/{record['token']}")[0] == 200
    assert Browser().open(f"{record['base']}/r/NOSUCHTOKEN")[0] == 404
    assert main(["deputy", "page", "off", "--county", "五松镇人大代表联络站", "--db", record["url"]]) == 2
