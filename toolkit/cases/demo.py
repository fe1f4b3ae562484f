"""Demo cases: three years in a realistic mix; 2025 reproduces Chizhou's headline figures exactly
(60,100 received, 54,700 concluded = 91.0%, 94.2% satisfied) at city size."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from ..core.config import case_prefix
from ..network.models import Department, Deputy
from ..network.station_index import StationIndex
from . import demo_words as W
from .models import Case, CaseCounter, CaseEvent
from .rules import CONCLUDED

ANCHOR = date(2026, 11, 15)  # the demo's "today": the same data whatever day it is built
ACTOR = "演示数据"
YEARS = {"city": {2024: 55_000, 2025: 60_100, 2026: 52_000}, "small": {2025: 150, 2026: 150},
         "bench": {2024: 60_000, 2025: 60_100, 2026: 59_900}}   # three years, 180,000 cases


def _outcomes(rng: random.Random, n: int, exact: bool, past: bool) -> list[tuple[str, str | None]]:
    """(final state, final rating) for n cases; exact=True gives Chizhou's 2025 mix."""
    if exact:
        sat, basic, unsat, unrated_done = 36_500, 7_500, 2_709, 54_700 - 44_000
    else:  # a year long past has little left open
        done = int(n * (rng.uniform(0.975, 0.99) if past else rng.uniform(0.88, 0.93)))
        rated = int(done * 0.8)
        sat, basic = int(rated * 0.83), rated - int(rated * 0.83)
        unsat, unrated_done = min(int(rated * 0.06), n - done), done - rated  # 不满意 ones are still open
    open_rest = n - sat - basic - unsat - unrated_done
    states = ([("concluded", "满意")] * sat + [("concluded", "基本满意")] * basic
              + [("in_progress", "不满意")] * unsat + [("concluded", None)] * unrated_done)
    open_states = ["assigned", "accepted", "in_progress", "answered", "registered"]
    states += [(rng.choice(open_states), None) for _ in range(open_rest)]
    rng.shuffle(states)
    return states


def load_demo_cases(session: Session, size: str = "city", seed: int = 7) -> int:
    """Add the demo departments and cases with their timelines; returns how many cases."""
    rng = random.Random(seed)
    dept_ids = _departments(session)
    places = _places(session)
    next_id = (session.scalar(select(func.max(Case.id))) or 0) + 1
    next_event = (session.scalar(select(func.max(CaseEvent.id))) or 0) + 1
    total = 0
    for year, n in YEARS[size].items():
        cases, events = [], []
        outcomes = _outcomes(rng, n, exact=(size in ("city", "bench") and year == 2025), past=year < ANCHOR.year)
        start = date(year, 1, 1)
        span = ((ANCHOR if year == ANCHOR.year else date(year, 12, 31)) - start).days
        for seq, (state, rating) in enumerate(outcomes, start=1):
            day = start + timedelta(days=rng.randrange(span + 1))
            if day > ANCHOR - timedelta(days=30) and state == CONCLUDED and rng.random() < 0.6:
                state, rating = rng.choice(("assigned", "accepted", "in_progress")), None  # still being handled
            c = _case(rng, next_id, f"{case_prefix()}-{year}-{seq:06d}", day, state, rating, places, dept_ids)
            cases.append(c)
            for e in _events(c):
                events.append(dict(e, id=next_event, case_id=next_id))
                next_event += 1
            next_id += 1
        # Core inserts: one executemany each (the ORM path would send a statement per row here).
        session.execute(insert(Case.__table__), cases)
        session.execute(insert(CaseEvent.__table__), events)
        session.add(CaseCounter(prefix=case_prefix(), year=year, last=n))
        total += n
    session.flush()
    if session.bind.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        for table in ("citizen_case", "case_event"):
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))"))
    return total


def _departments(session: Session) -> dict[str, int]:
    session.add_all(Department(name=n, contact="办公室", phone="0562-28" + f"{i:05d}")
                    for i, n in enumerate(W.DEPARTMENTS))
    session.flush()
    return dict(session.execute(select(Department.name, Department.id).order_by(Department.id)).all())


def _places(session: Session) -> list[tuple[int, int | None, str, list[int], str | None]]:
    """(station, county, place name, deputies there, county's name) for every township station and village point."""
    index = StationIndex.load(session)
    by_station: dict[int, list[int]] = {}
    for did, sid in session.execute(select(Deputy.id, Deputy.station_id).where(Deputy.station_id.is_not(None))):
        by_station.setdefault(sid, []).append(did)
    out = []
    for sid, row in index.by_id.items():
        if row.kind in ("township_station", "village_point"):
            county = next((a for a in index.ancestors(sid) if index.by_id[a].kind == "county_center"), None)
            place = row.name.replace("人大代表联络站", "").replace("联络点", "")
            out.append((sid, county, place, by_station.get(sid, []),
                        index.by_id[county].name.replace("人大代表联络中心站", "") if county else None))
    return out


def _case(rng, case_id, number, day, state, rating, places, dept_ids) -> dict:
    station, county, place, deputies, county_name = rng.choice(places)
    category = rng.choices(list(W.CATEGORY_WEIGHTS), list(W.CATEGORY_WEIGHTS.values()))[0]
    channel = rng.choices(list(W.CHANNEL_WEIGHTS), list(W.CHANNEL_WEIGHTS.values()))[0]
    at = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(8, 17), minutes=rng.randrange(60))
    on_site = state in ("answered", "concluded") and rng.random() < 0.35
    assigned = None if on_site or state == "registered" else day + timedelta(days=rng.randint(0, 2))
    deadline = assigned + timedelta(days=rng.choice((15, 30, 30, 60))) if assigned else None
    if deadline and (rating == "不满意" or (state in ("assigned", "accepted", "in_progress")
                                            and deadline < ANCHOR and rng.random() < 0.85)):
        deadline = ANCHOR + timedelta(days=rng.randint(1, 45))  # a second round or an extension (延期)
    answered = None
    if state in ("answered", "concluded") or rating == "不满意":
        answered = (assigned or day) + timedelta(days=rng.randint(1, 35))
        answered = min(answered, ANCHOR)
    if state in ("assigned", "accepted", "in_progress") and deadline and rng.random() < 0.1:
        deadline = min(deadline, ANCHOR - timedelta(days=rng.randint(1, 20)))  # some run late
        deadline = max(deadline, day)
    name = rng.choice(W.SURNAMES) + rng.choice(("先生", "女士")) if rng.random() < 0.5 else None
    phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)) if rng.random() < 0.6 else None
    # Drawn in the order they always were, so that every other figure of the demo stays as it was.
    deputy = rng.choice(deputies) if deputies else None
    saying, kind = rng.choice(W.SAYINGS[category])
    episode = W.EPISODES.get((county_name, day.year, day.month, category))
    if episode and case_id % 2 == 0:      # no draw: the rest of the demo stays as it was
        saying, kind = episode
    department = None
    if not on_site and assigned:
        rng.choice(range(len(dept_ids)))   # the draw that once picked a unit at random
        department = dept_ids[W.route(kind, county_name)]
    return dict(id=case_id, number=number, kind="opinion", channel=channel, received_at=at, received_on=day,
                deputy_id=deputy, station_id=station, county_id=county,
                citizen_name=name, citizen_phone=phone, content=saying.format(p=place),
                place=place, category=category, matter_level="station" if on_site else "county",
                state=state, department_id=department,
                assigned_on=assigned, deadline=deadline,
                answered_on=answered if rating != "不满意" else None,
                days_to_answer=(answered - day).days if answered and rating != "不满意" else None,
                concluded_on=answered if state == CONCLUDED else None, rating=rating,
                rounds=2 if rating == "不满意" else 1, supervision="key" if rng.random() < 0.03 else None,
                supervisor=None, hotline_ticket="GD" + "".join(number.split("-")[1:]) if channel == "hotline" else None,
                intake_client=None, version=1)


def _events(c: dict) -> list[dict]:
    """The timeline a case of this outcome went through."""
    at, out, state = c["received_at"], [], None

    def step(action, to, when, note=None):
        nonlocal state
        out.append(dict(at=when, actor=ACTOR, action=action, from_state=state, to_state=to, note=note))
        state = to

    step("collect", "collected", at)
    step("register", "registered", at)
    if c["assigned_on"]:
        when = datetime.combine(c["assigned_on"], datetime.min.time()) + timedelta(hours=10)
        step("assign", "assigned", when, f"时限：{c['deadline']}")
        if c["state"] != "assigned":
            step("accept", "accepted", when + timedelta(hours=5))
    answered = c["answered_on"] or (c["rounds"] > 1 and c["received_on"] + timedelta(days=20))
    if answered and c["state"] != "registered":
        when = datetime.combine(answered, datetime.min.time()) + timedelta(hours=16)
        step("answer" if c["assigned_on"] else "resolve_on_site", "answered", when)
        if c["rating"] == "不满意":
            step("reopen", "in_progress", when + timedelta(days=1), "评价：不满意，退回二次办理")
        elif c["rating"]:
            step("evaluate", "evaluated", when + timedelta(hours=2), f"评价：{c['rating']}")
    if c["state"] == "concluded":
        step("conclude", "concluded", out[-1]["at"] + timedelta(hours=1))
    elif state != c["state"]:
        step("progress", c["state"], out[-1]["at"] + timedelta(hours=1))
    return out
