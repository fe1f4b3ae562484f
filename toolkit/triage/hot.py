"""Hot topics (热点): per county, the terms and the categories of a month's opinions that rose
against the three months before it, each with example cases. Terms are jieba's words of two or
more characters, stop words left out, and the network's own place names taken out of the text first
(toolkit.triage.places: a station's name rises whenever it is busy, which the figures already say);
a term counts once per case."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..cases.queries import within_scope
from ..network.models import Station
from .places import place_remover
from .text import words

MIN_CASES = 3         # a term must be in at least this many of the month's cases
MIN_RISE = 2.0        # and at least twice its monthly average of the three months before
EXAMPLES = 3
TERM_COLUMNS = ["区县", "词语", "本月件数", "前三月月均", "增幅", "例子"]
CATEGORY_COLUMNS = ["区县", "类别", "本月件数", "前三月月均", "增幅", "例子"]


def _month_start(month: str) -> date:
    year, m = (int(p) for p in month.split("-"))
    return date(year, m, 1)


def _shift(d: date, months: int) -> date:
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


@lru_cache(maxsize=50_000)
def _terms(text: str) -> frozenset[str]:
    return frozenset(words(text))


def hot_topics(session: Session, month: str, county_id: int | None = None, top: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rising terms, rising categories) of `month` ('YYYY-MM') per county, the biggest rise first,
    at most `top` of each per county; within what the session's user may see."""
    start = _month_start(month)
    since, until = _shift(start, -3), _shift(start, 1)
    q = (select(Case.number, Case.county_id, Case.content, Case.category, Case.received_on)
         .where(Case.received_on >= since, Case.received_on < until).order_by(Case.received_on.desc(), Case.id.desc()))
    if county_id is not None:
        q = q.where(Case.county_id == county_id)
    rows = session.execute(within_scope(q, session)).all()
    counties = dict(session.execute(select(Station.id, Station.name)).all())
    unplace = place_remover(session)
    now_terms, before_terms = defaultdict(Counter), defaultdict(Counter)
    now_cats, before_cats = defaultdict(Counter), defaultdict(Counter)
    examples: dict[tuple, list[str]] = defaultdict(list)
    for number, county, content, category, received in rows:
        current = received >= start
        terms = _terms(unplace(content))
        (now_terms if current else before_terms)[county].update(terms)
        (now_cats if current else before_cats)[county][category] += 1
        if current:
            for key in [("t", county, t) for t in terms] + [("c", county, category)]:
                if len(examples[key]) < EXAMPLES:
                    examples[key].append(number)

    def rising(now, before, kind, columns):
        out = []
        for county in sorted(now, key=lambda c: counties.get(c, "")):
            found = []
            for item, n in now[county].items():
                average = before[county][item] / 3
                rise = (n + 1) / (average + 1)
                if n >= MIN_CASES and n >= MIN_RISE * average and rise >= MIN_RISE:
                    found.append((counties.get(county, "（未归属区县）").replace("人大代表联络中心站", ""), item, n,
                                  round(average, 1), f"{rise:.1f}倍", "、".join(examples[(kind, county, item)])))
            out += sorted(found, key=lambda r: (-(r[2] + 1) / (r[3] + 1), -r[2], r[1]))[:top]
        return pd.DataFrame(out, columns=columns)

    return (rising(now_terms, before_terms, "t", TERM_COLUMNS),
            rising(now_cats, before_cats, "c", CATEGORY_COLUMNS))
