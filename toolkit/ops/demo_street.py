"""Demo of the network's reach into the street — grids (网格), station places, mobile points, deputy groups.

Grids (网格): each township station and village point divided into a few grids, with a grid
worker, households and residents, one or two of its seated deputies each (a few grids left without),
and the deputies' contacts there over the last months — some grids gone quiet, as in life.

The contacts are dated back from a fixed day (as the suggestions' demo is fixed in 2026), so the grid
report reads the same whatever day the demo is built."""
from __future__ import annotations

import random
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..core.glossary import CONTACT_MODES
from ..duty.models import Activity, ActivityAttendee
from ..network.grid_models import Grid, GridContact, GridDeputy
from ..network.group_models import DeputyGroup, DeputyGroupMember
from ..network.models import Deputy, Station
from ..network.point_models import MobilePoint, MobilePointDeputy
from . import demo_names as N

NUMERALS = "一二三四五六七八九十"
ANCHOR = date(2026, 11, 20)
NOTES = ["入户走访，收集意见", "网格听事会", "电话了解民情", "与网格员巡查", "参加居民议事会"]


def load_demo_grids(session: Session, size: str, actor: str, seed: int = 33) -> int:
    """Grids under the township stations and village points; returns how many."""
    rng, today = random.Random(seed), ANCHOR
    stations = session.execute(select(Station.id).where(Station.kind.in_(("township_station", "village_point")))
                               .order_by(Station.id)).scalars().all()
    seated: dict[int, list[int]] = {}
    for did, sid in session.execute(select(Deputy.id, Deputy.station_id).where(Deputy.station_id.in_(stations))
                                    .order_by(Deputy.id)):
        seated.setdefault(sid, []).append(did)
    links, contacts, count = [], [], 0
    for sid in stations:
        people = seated.get(sid, [])
        for n in range(rng.randint(2, 3) if size == "small" else rng.randint(2, 5)):
            households = rng.randint(180, 650)
            grid = Grid(station_id=sid, name=f"第{NUMERALS[n]}网格", worker_name=_name(rng),
                        worker_mobile="1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
                        households=households, residents=int(households * rng.uniform(2.4, 3.2)))
            session.add(grid)
            session.flush()
            count += 1
            if not people or rng.random() < 0.12:
                continue                       # a grid no deputy answers for yet: the coverage page lists it
            chosen = rng.sample(people, min(len(people), rng.choice((1, 1, 2))))
            links += [{"grid_id": grid.id, "deputy_id": d} for d in chosen]
            last = rng.choice((5, 12, 20, 35, 48, 70, 95, 130))
            for k in range(rng.randint(1, 4)):
                contacts.append({"grid_id": grid.id, "deputy_id": rng.choice(chosen), "way": rng.choice(CONTACT_MODES),
                                 "day": today - timedelta(days=last + 30 * k), "note": rng.choice(NOTES), "actor": actor})
    if links:
        session.execute(insert(GridDeputy.__table__), links)
    if contacts:
        session.execute(insert(GridContact.__table__), contacts)
    return count


def _name(rng: random.Random) -> str:
    pool = N.GIVEN_FEMALE if rng.random() < 0.6 else N.GIVEN_MALE
    return rng.choice(N.SURNAMES) + "".join(rng.choice(pool) for _ in range(rng.choice((1, 2))))


# Where the demo city lies (铜陵, WGS-84): the hub, then each county centre's offset from it.
CITY_CENTRE = (117.812, 30.945)
RECEPTION = ["每月15日", "每月5日、20日", "每周三上午", "每月第一个星期五", "每周二、周四下午"]


def place_stations(session: Session, seed: int = 34) -> None:
    """Coordinates and 接待日 for every demo station: counties around the city, townships around their
    county, points around their township (a random generator of its own: the rest of the demo is unchanged)."""
    rng = random.Random(seed)
    stations = session.scalars(select(Station).order_by(Station.id)).all()
    by_id = {s.id: s for s in stations}
    spread = {"city_hub": 0.0, "county_center": 0.22, "township_station": 0.12}
    for s in stations:                                       # parents come before their children (ids)
        parent = by_id.get(s.parent_id)
        lon, lat = (parent.longitude, parent.latitude) if parent else CITY_CENTRE
        reach = spread.get(s.kind, 0.035 if s.kind == "village_point" else 0.006)
        s.longitude = round(lon + rng.uniform(-reach, reach), 6)
        s.latitude = round(lat + rng.uniform(-reach, reach) * 0.8, 6)
        if s.kind in ("township_station", "village_point", "county_center", "deputy_home"):
            s.reception_days = rng.choice(RECEPTION)


def load_demo_points(session: Session, actor: str) -> int:
    """Two mobile points: one at a market that closed in November 2026 (its ledger can be drawn up),
    one in the fields open from yesterday for ten days (on the map and the 找联络站 page)."""
    town = session.scalar(select(Station).where(Station.kind == "township_station").order_by(Station.id))
    people = session.scalars(select(Deputy.id).where(Deputy.station_id == town.id).order_by(Deputy.id)).all()[:2]
    today = date.today()
    points = [MobilePoint(station_id=town.id, name=f"{town.name[:4]}农贸市场流动联络站", place=f"{town.name[:4]}农贸市场东门",
                          opens_on=date(2026, 11, 2), closes_on=date(2026, 11, 6), hours="上午7:30—11:00",
                          longitude=round(town.longitude + 0.004, 6), latitude=round(town.latitude - 0.003, 6),
                          qr_token=secrets.token_urlsafe(12)),
              MobilePoint(station_id=town.id, name="田间地头流动联络点", place=f"{town.name[:4]}高标准农田示范片",
                          opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=9), hours="下午2:00—5:00",
                          longitude=round(town.longitude - 0.02, 6), latitude=round(town.latitude + 0.012, 6),
                          qr_token=secrets.token_urlsafe(12))]
    session.add_all(points)
    session.flush()
    session.add_all(MobilePointDeputy(point_id=p.id, deputy_id=d) for p in points for d in people)
    return len(points)


def load_demo_groups(session: Session, actor: str, seed: int = 35) -> int:
    """A 代表小组 per township (its seated deputies, the first as 组长) and one field group per county
    (农业农村, deputies of any level whose specialty is farming); most township groups met once in
    late November 2026 (after the analysis notebooks' cut-off day, so their figures stay as they were)."""
    rng = random.Random(seed)
    stations = session.execute(select(Station.id, Station.name, Station.kind, Station.parent_id)
                               .order_by(Station.id)).all()
    under: dict[int, list[int]] = {}
    for sid, _, kind, parent in stations:
        if kind == "village_point":
            under.setdefault(parent, []).append(sid)
    seated: dict[int, list[int]] = {}
    for did, sid in session.execute(select(Deputy.id, Deputy.station_id).where(Deputy.station_id.is_not(None))
                                    .order_by(Deputy.id)):
        seated.setdefault(sid, []).append(did)
    count = 0
    for sid, name, kind, parent in stations:
        if kind == "township_station":
            members = seated.get(sid, []) + [d for p in under.get(sid, []) for d in seated.get(p, [])]
            title = f"{name.removesuffix('人大代表联络站')}代表小组"
        elif kind == "county_center":
            members = [d for d, spec in session.execute(select(Deputy.id, Deputy.specialty)
                                                        .where(Deputy.specialty.like("%农%")).order_by(Deputy.id))][:8]
            title = f"{name[:3]}农业农村专业小组"
        else:
            continue
        if not members:
            continue
        group = DeputyGroup(name=title, kind="township" if kind == "township_station" else "field", station_id=sid,
                            field=None if kind == "township_station" else "农业农村", leader_id=members[0])
        session.add(group)
        session.flush()
        session.add_all(DeputyGroupMember(group_id=group.id, deputy_id=d) for d in dict.fromkeys(members))
        count += 1
        if rng.random() < 0.7:
            held = date(2026, 11, rng.randint(20, 30))
            activity = Activity(station_id=sid, group_id=group.id, kind="theme", held_on=held,
                                title=f"{title}季度集中活动", theme="代表小组活动", citizens_received=rng.randint(0, 12),
                                created_by=actor, created_at=datetime(held.year, held.month, held.day, 17))
            session.add(activity)
            session.flush()
            came = rng.sample(list(dict.fromkeys(members)), max(1, int(len(set(members)) * rng.uniform(0.5, 0.9))))
            session.add_all(ActivityAttendee(activity_id=activity.id, deputy_id=d) for d in came)
    return count
