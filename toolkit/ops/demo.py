"""Demo data: a Tongling-shaped network and its deputies; the same seed gives the same data."""
from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.collation import pinyin_key, stroke_key
from ..core.principal import named
from ..core.validation import id_check_digit
from ..network.models import Deputy, EnrolmentMove, Seat, Station
from . import demo_names as N

ACTOR = "演示数据"
SIZES = {  # deputies per level before dual seats; townships and points per county
    "city": {"national": 6, "province": 45, "city": 300, "county": 1100, "township": 1849,
             "townships": None, "points": 6},
    # The benchmark's city: the same people, 713 stations (12 points per township).
    "bench": {"national": 6, "province": 45, "city": 300, "county": 1100, "township": 1849,
              "townships": None, "points": 12},
    "small": {"national": 1, "province": 2, "city": 6, "county": 18, "township": 30,
              "townships": 2, "points": 2},
}


def build_network(session: Session, rng: random.Random, size: str) -> dict:
    """The 1 + 4 + 50 + N tree with homes and service posts; returns stations by role."""
    spec = SIZES[size]
    hub = _station(session, N.CITY_HUB, "city_hub", None, rng)
    roles = {"hub": [hub], "county": [], "township": [], "point": [], "region": {},
             "county_of": {}}
    counties = list(N.COUNTIES.items())[: 2 if size == "small" else 4]
    for county, (region, towns) in counties:
        center = _station(session, f"{county}人大代表联络中心站", "county_center", hub, rng)
        roles["county"].append(center)
        roles["region"][center.id] = region
        _station(session, f"{county}人大代表之家", "deputy_home", center, rng)
        _station(session, f"{county}代表履职示范基地", "demo_base", center, rng)
        for town in towns[: spec["townships"]]:
            station = _station(session, f"{town}人大代表联络站", "township_station", center, rng)
            roles["county_of"][station.id] = center.id
            roles["township"].append(station)
            _station(session, f"{town}{rng.choice(N.POSTS)}", "service_post", station, rng)
            for name in _village_names(rng, spec["points"]):
                point = _station(session, name, "village_point", station, rng)
                roles["county_of"][point.id] = center.id
                roles["point"].append(point)
    return roles


def _village_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        kind = rng.choice(["村", "社区"])
        names.add("".join(rng.sample(N.VILLAGE_WORDS, 2)) + kind + "联络点")
    return sorted(names)


def _station(session, name, kind, parent, rng) -> Station:
    station = Station(name=name, kind=kind, parent_id=parent.id if parent else None,
                      address=f"{name.removesuffix('联络点')}综合服务中心",
                      head=_name(rng, rng.choice("男女")), phone=_mobile(rng, set()))
    session.add(station)
    session.flush()
    return station


def _name(rng: random.Random, gender: str) -> str:
    pool = N.GIVEN_MALE if gender == "男" else N.GIVEN_FEMALE
    given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(N.SURNAMES) + given


def _mobile(rng: random.Random, used: set) -> str:
    while True:
        phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        if phone not in used:
            used.add(phone)
            return phone


def _id_number(rng: random.Random, region: str, born: date, gender: str, used: set) -> str:
    while True:
        seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8))
        first17 = f"{region}{born:%Y%m%d}{seq:03d}"
        number = first17 + id_check_digit(first17)
        if number not in used:
            used.add(number)
            return number


def _home(rng: random.Random, level: str, roles: dict) -> Station:
    if level in ("national", "province"):
        return rng.choice(roles["hub"] + roles["county"])
    if level == "city":
        return rng.choice(roles["county"] + roles["township"])
    if level == "county":
        return rng.choice(roles["township"] + roles["point"])
    return rng.choice(roles["point"] + roles["township"])


def _person(rng: random.Random, level: str, roles: dict, used_ids: set, used_phones: set) -> Deputy:
    gender = "男" if rng.random() < 0.68 else "女"
    name = _name(rng, gender)
    born = date(rng.randint(1958, 1998), rng.randint(1, 12), rng.randint(1, 28))
    home = _home(rng, level, roles)
    county = roles["county_of"].get(home.id) or rng.choice(roles["county"]).id
    leader = rng.random() < (0.6 if level in ("national", "province", "city") else 0.2)
    job = rng.choice(N.LEADER_JOBS if leader else N.GRASSROOTS_JOBS)
    unit = rng.choice(N.LEADER_UNITS) if leader else home.name[:2]
    party = rng.choices(["中共党员", "群众", "无党派人士", "民盟盟员", "九三学社社员", "农工党党员"],
                        [70, 16, 6, 3, 3, 2])[0]
    return Deputy(
        name=name, gender=gender, ethnicity="汉族" if rng.random() < 0.97 else "回族",
        birth_month=born.replace(day=1),
        id_number=_id_number(rng, roles["region"][county], born, gender, used_ids),
        party=party, workplace=job.format(unit), phone=_mobile(rng, used_phones),
        specialty=rng.choice(N.SPECIALTIES) or None, is_reelected=rng.random() < 0.35,
        is_leader=leader, station_id=home.id, pinyin_key=pinyin_key(name),
        stroke_key=stroke_key(name), seats=[])


def build_deputies(session: Session, rng: random.Random, roles: dict, size: str,
                   leave_out: int = 0) -> list[Deputy]:
    """Deputies over the five levels, some at two levels at once, all but `leave_out` enrolled."""
    people, used_ids, used_phones = [], set(), set()
    for level in ("national", "province", "city", "county", "township"):
        for i in range(SIZES[size][level]):
            d = _person(rng, level, roles, used_ids, used_phones)
            district = session.get(Station, d.station_id).name[:4] + f"第{i % 9 + 1}选区"
            d.seats.append(Seat(level=level, term=N.TERMS[level], district=district))
            second = {"city": "county", "county": "township"}.get(level)
            if second and rng.random() < 0.1:  # e.g. 县、镇两级人大代表
                d.seats.append(Seat(level=second, term=N.TERMS[second], district=district))
            people.append(d)
    for d in people[len(people) - leave_out:]:
        d.station_id = None
    session.add_all(people)
    session.flush()
    when = datetime(2026, 1, 15, 9, 0)
    session.add_all(EnrolmentMove(deputy_id=d.id, from_station_id=None, to_station_id=d.station_id,
                                  moved_at=when, actor=ACTOR, note="换届后全部编组进站")
                    for d in people if d.station_id)
    for station in roles["township"]:  # two resident deputies per township station
        for d in [p for p in people if p.station_id == station.id][:2]:
            d.is_resident = True
    return people


def load_demo(session: Session, size: str = "city", seed: int = 2026, progress=lambda step: None) -> dict:
    """Fill an empty database with the demo network and deputies; returns counts. `progress(step)`
    is told each step as it starts (the first start of `make serve` shows them)."""
    with named(session, ACTOR):          # every step the demo takes is named 演示数据
        return _build_demo(session, size, seed, progress)


def _build_demo(session: Session, size: str, seed: int, progress) -> dict:
    if session.scalar(select(func.count()).select_from(Station)):
        raise ValueError("数据库中已有站点数据，演示数据只能装入空数据库")
    rng = random.Random(seed)
    progress("站点网络与代表")
    roles = build_network(session, rng, size)
    # The small set leaves three deputies out so the coverage page has something to list.
    people = build_deputies(session, rng, roles, size, leave_out=3 if size == "small" else 0)
    session.flush()
    from ..cases.demo import load_demo_cases
    progress("社情民意案件")
    cases = load_demo_cases(session, size)
    from ..pairings.demo import load_demo_pairings
    progress("三联结对")
    pairings = load_demo_pairings(session)
    from ..duty.demo import load_demo_duties
    progress("履职活动")
    activities = load_demo_duties(session)
    from ..projects.demo import load_demo_projects
    progress("民生实事项目与票决")
    projects = load_demo_projects(session)
    from ..suggestions.demo import load_demo_suggestions
    progress("代表建议")
    suggestions = load_demo_suggestions(session, size)
    from .demo_street import load_demo_grids, load_demo_groups, load_demo_points, place_stations
    progress("网格、站点位置、流动联络站与代表小组")
    grids = load_demo_grids(session, size, ACTOR)
    place_stations(session)
    load_demo_points(session, ACTOR)
    load_demo_groups(session, ACTOR)
    stations = session.scalar(select(func.count()).select_from(Station))
    return {"站点": stations, "网格": grids, "代表": len(people), "案件": cases, "结对": pairings, "民生实事项目": projects["项目"],
            "活动": activities, "代表建议": suggestions}
