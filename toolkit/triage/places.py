"""The network's own place names (五松镇, 湖梅社区, 义安区 …): every case of a station names its
town, so the town's name would make any two of them look alike, and would "rise" whenever the
station is busy. Hot topics take them out; duplicates weigh them less (two tellings of one matter
name the same town too). A matter's own places (an estate, a road, a market) are not station
names and keep their full weight."""
from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..network.models import Station

SUFFIXES = ("人大代表联络总站", "人大代表联络中心站", "人大代表联络站", "代表联络站", "联络站", "联络点")
UNITS = ("街道", "社区", "镇", "乡", "村", "区", "县", "市")
PLACES = ("city_hub", "county_center", "township_station", "village_point")


def place_names(names: list[str]) -> tuple[str, ...]:
    """Each station's place (suffix off) and, where it ends in 镇/村/社区…, its stem too; longest first."""
    out = set()
    for name in names:
        place = next((name[:-len(s)] for s in SUFFIXES if name.endswith(s)), name)
        if len(place) >= 2:
            out.add(place)
        stem = next((place[:-len(u)] for u in UNITS if place.endswith(u)), "")
        if len(stem) >= 2:
            out.add(stem)
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...]) -> re.Pattern | None:
    return re.compile("|".join(map(re.escape, names))) if names else None


def _names(session: Session) -> tuple[str, ...]:
    return place_names(list(session.scalars(select(Station.name).where(Station.kind.in_(PLACES)))))


def place_remover(session: Session):
    """A function that takes the network's place names out of a text (hot topics)."""
    pattern = _pattern(_names(session))
    return (lambda text: pattern.sub(" ", text or "")) if pattern else (lambda text: text or "")


def place_finder(session: Session):
    """A function listing the network's place names a text mentions (duplicates weigh them less)."""
    pattern = _pattern(_names(session))
    return (lambda text: pattern.findall(text or "")) if pattern else (lambda text: [])
