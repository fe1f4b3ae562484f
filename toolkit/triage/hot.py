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
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..cases.queries import within_scope
from ..core.errors import ToolkitError
from ..duty.standards import parse_period
from ..network.models import Station
from .places import place_remover
from .text import commonness, words

MIN_CASES = 3         # a term must be in at least this many of the month's cases
MIN_RISE = 2.0        # and at least twice its monthly average of the three months before
EXAMPLES = 3
TERM_COLUMNS = ["区县", "词语", "本月件数", "前三月月均", "增幅", "例子", "同一事项的词"]
SAME_MATTER = 0.6     # rising terms whose cases overlap this much (Jaccard) are one matter, shown once
CATEGORY_COLUMNS = ["区县", "类别", "本月件数", "前三月月均", "增幅", "例子"]


def _month_start(month: str) -> date:
    """The first day of a month written 2026-05 (the periods' own parser), or a refusal in Chinese."""
    start, end, _ = parse_period(month)
    if start.year != end.year or start.month != end.month:
        raise ToolkitError(f"热点按月分析：期间「{month}」应写作 2026-05 这样的年-月")
    return start


def _shift(d: date, months: int) -> date:
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


@lru_cache(maxsize=50_000)
def _terms(text: str) -> frozenset[str]:
    return frozenset(words(text))


def _matters(rows: list[list], cases) -> list[list]:
    """Rising terms told in the same cases (汛期、圩堤、渗水 …) as one matter: a row of each group
    stands for it (its least common dictionary word), the group's other terms in its last column."""
    groups: list[tuple[list, set[str], list[str]]] = []
    for row in rows:
        mine = cases(row[1])
        home = next((g for g in groups if len(mine & g[1]) >= SAME_MATTER * len(mine | g[1])), None)
        if home is None:
            groups.append((row, set(mine), []))
        else:
            home[2].append(row[1])
    out = []
    for row, _, others in groups:
        members = [row[1]] + others
        known = [t for t in members if commonness(t)]
        lead = min(known, key=lambda t: (commonness(t), members.index(t))) if known else row[1]
        lead_row = next(r for r in rows if r[1] == lead)
        out.append(lead_row + ["、".join(t for t in members if t != lead)])
    return out


def latest_month(session: Session, today: date) -> str | None:
    """The newest month up to `today` with any case the user may see ('YYYY-MM'): the page opens
    there, not on a month just begun with nothing in it."""
    newest = session.scalar(within_scope(select(func.max(Case.received_on)).where(Case.received_on <= today), session))
    return f"{newest:%Y-%m}" if newest else None


def hot_topics(session: Session, month: str, county_id: int | None = None, top: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rising matters, rising categories) of `month` ('YYYY-MM') per county, the biggest rise first,
    at most `top` of each per county; within what the session's user may see. A matter is a rising
    term with the other rising terms told in the same cases (同一事项的词)."""
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
    cases_of: dict[tuple, set[str]] = defaultdict(set)     # (county, term) -> the month's cases with it
    for number, county, content, category, received in rows:
        current = received >= start
        terms = _terms(unplace(content))
        (now_terms if current else before_terms)[county].update(terms)
        (now_cats if current else before_cats)[county][category] += 1
        if current:
            for t in terms:
                cases_of[(county, t)].add(number)
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
                    # Nothing before: "30.0倍" of nothing reads as a measurement; it is a new matter.
                    growth = "新出现" if average == 0 else f"{rise:.1f}倍"
                    found.append([counties.get(county, "（未归属区县）").replace("人大代表联络中心站", ""), item, n,
                                  round(average, 1), growth, "、".join(examples[(kind, county, item)])])
            found.sort(key=lambda r: (-(r[2] + 1) / (r[3] + 1), -r[2], r[1]))
            if kind == "t":
                found = _matters(found, lambda term, c=county: cases_of[(c, term)])
            out += found[:top]
        return pd.DataFrame(out, columns=columns)

    return (rising(now_terms, before_terms, "t", TERM_COLUMNS),
            rising(now_cats, before_cats, "c", CATEGORY_COLUMNS))
