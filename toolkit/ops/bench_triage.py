"""The smart-triage benchmark (`liaison bench --triage`): how right the suggestions are on text the
demo generator did not write, against a plain baseline, and how fast they are on a city's history.

Accuracy: benchmarks/triage_corpus.txt holds opinions written by hand in citizens' own manner
(colloquial, long and short, several matters in one, no template), each with its category, the
kind of unit that answers it and the county; the unit is the county's own where it has one
(`toolkit.cases.demo_words.route`, as the demo routes). Five folds: each hand-written opinion is
suggested once by a model that learned from the database's history plus the other four fifths.
The baseline is TF-IDF over single characters and character pairs with a logistic regression,
text only. Duplicates: the corpus's pairs (the same matter told twice, in other words); the first
of each is put in as an open case received yesterday, among every open case of its county, and
the second is looked up. Then rolled back: the database is left as it was."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sqlalchemy import func, select

from ..cases.demo_words import route
from ..cases.models import Case
from ..cases.services import Opinion, intake
from ..core.config import project_path
from ..core.db import Database
from ..network.models import Department, Station
from ..network.station_index import StationIndex
from ..triage.history import history
from ..triage.learn import REGULARISATION, build, learn
from ..triage.suggestions import current_model, similar, suggest

CORPUS = project_path("benchmarks", "triage_corpus.txt")
FOLDS = 5
TOP = 3


@dataclass
class Item:
    text: str
    category: str
    unit: str
    county: str
    pair: str = ""


def corpus(path: Path = CORPUS) -> list[Item]:
    """The hand-written opinions, in file order."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, kind, county, text, *rest = line.split("|")
        out.append(Item(text, category, route(kind, county), county, rest[0].removeprefix("#重复:") if rest else ""))
    return out


def _ranks(names: list[str], scores: np.ndarray, gold: str) -> int:
    order = [names[i] for i in np.argsort(-scores, kind="stable")]
    return order.index(gold) + 1 if gold in order else 999


def _accuracy(ranks: list[int]) -> tuple[float, float]:
    return sum(r == 1 for r in ranks) / len(ranks), sum(r <= TOP for r in ranks) / len(ranks)


def accuracy(db: Database, items: list[Item], folds: int = FOLDS) -> dict[str, dict[str, tuple[float, float]]]:
    """Top-1 and top-3 of categories and units, ours and the baseline's, over five folds; and ours
    learned from the history alone (how far the demo's templates carry)."""
    with db.reader() as s:
        rows, _ = history(s)
        units = dict(s.execute(select(Department.name, Department.id)).all())
        counties = {n.replace("人大代表联络中心站", ""): i for i, n in s.execute(
            select(Station.id, Station.name).where(Station.kind == "county_center")).all()}
    labelled = [(it.text, it.category, units.get(it.unit), counties.get(it.county)) for it in items]
    result = {name: {"category": [], "unit": []} for name in ("ours", "baseline", "history_only")}
    only = build(rows)
    for k in range(folds):
        test = [i for i in range(len(items)) if i % folds == k]
        train = rows + [labelled[i] for i in range(len(items)) if i % folds != k]
        model = build(train)
        base_cat, base_unit = _baseline(train)
        for i in test:
            text, category, unit, county = labelled[i]
            for name, m in (("ours", model), ("history_only", only)):
                x = m.vectors([text], [county])
                result[name]["category"].append(_ranks(m.categories.names, m.categories.scores(x[:, :len(m.vocabulary)]),
                                                       category))
                if unit is not None:
                    result[name]["unit"].append(_ranks(m.departments.names, m.departments.scores(x), str(unit)))
            for part, (vec, lr), gold in (("category", base_cat, category), ("unit", base_unit, str(unit))):
                if gold == "None":
                    continue
                p = lr.predict_proba(vec.transform([text]))[0]
                result["baseline"][part].append(_ranks([str(c) for c in lr.classes_], p, gold))
    return {name: {part: _accuracy(r) for part, r in parts.items()} for name, parts in result.items()}


def _chars(text: str) -> list[str]:
    return [text[i:i + n] for n in (1, 2) for i in range(len(text) - n + 1)]


def _baseline(rows):
    """TF-IDF (characters and character pairs) + logistic regression, text only, each distinct text once."""
    out = []
    for part in (1, 2):
        kept = [r for r in rows if r[part] is not None]
        vec = TfidfVectorizer(analyzer=_chars, sublinear_tf=True)
        x = vec.fit_transform([r[0] for r in kept])
        lr = LogisticRegression(C=REGULARISATION, max_iter=300).fit(x, [str(r[part]) for r in kept])
        out.append((vec, lr))
    return out


def duplicates(db: Database, items: list[Item], today: date) -> dict[str, float]:
    """Recall@3 of the second telling of each pair among the county's open recent cases, ours and
    the baseline's (TF-IDF over characters and pairs, cosine); rolled back afterwards."""
    found = {"ours": 0, "baseline": 0}
    with db.reader() as s:         # written, looked up, rolled back
        index, stations = StationIndex.load(s), {}      # each county's first township station
        for i, row in sorted(index.by_id.items()):
            if row.kind == "township_station" and row.parent_id in index.by_id:
                stations.setdefault(index.by_id[row.parent_id].name.replace("人大代表联络中心站", ""), i)
        pairs: dict[str, list[Item]] = {}
        for it in items:
            if it.pair and it.county in stations:     # a small database may lack the county
                pairs.setdefault(it.pair, []).append(it)
        if not pairs:
            return {"pairs": 0}
        firsts = {}
        for key, (first, _) in pairs.items():
            case = intake(s, Opinion(first.text, category=first.category, station_id=stations[first.county]),
                          at=datetime.combine(today - timedelta(days=1), datetime.min.time()) + timedelta(hours=9))
            firsts[key] = case.number
        s.flush()
        model = current_model(s)
        window = today - timedelta(days=90)
        for key, (first, second) in pairs.items():
            county = s.scalar(select(Case.county_id).where(Case.number == firsts[key]))
            ours = similar(s, model, second.text, county, TOP, today)
            found["ours"] += firsts[key] in [n for _, n, _ in ours]
            open_cases = s.execute(select(Case.number, Case.content).where(
                Case.county_id == county, Case.received_on >= window, Case.state != "concluded")).all()
            vec = TfidfVectorizer(analyzer=_chars, sublinear_tf=True).fit([c for _, c in open_cases] + [second.text])
            scores = (vec.transform([c for _, c in open_cases]) @ vec.transform([second.text]).T).toarray().ravel()
            best = [open_cases[i][0] for i in np.argsort(-scores, kind="stable")[:TOP]]
            found["baseline"] += firsts[key] in best
    return {k: v / len(pairs) for k, v in found.items()} | {"pairs": len(pairs)}


def speed(db: Database, items: list[Item], today: date, runs: int) -> dict[str, float]:
    """Learning from the whole history (kept: it is the model the apps then use), and a suggestion
    per hand-written text with its county's station: the first (cold: model read, open cases
    vectorised) and the median and slowest of the rest."""
    with db.unit_of_work() as s:
        t = time.perf_counter()
        stored = learn(s)
        learned = time.perf_counter() - t
        cases = stored.cases
    with db.reader() as s:
        stations = dict(s.execute(select(Station.name, Station.id).where(Station.kind == "county_center")).all())
        station_of = {n.replace("人大代表联络中心站", ""): i for n, i in stations.items()}
        times = []
        for _ in range(max(1, runs)):
            for it in items:
                t = time.perf_counter()
                suggest(s, it.text, station_of.get(it.county), today=today)
                times.append(time.perf_counter() - t)
        open_count = s.scalar(select(func.count()).select_from(Case).where(
            Case.state != "concluded", Case.received_on >= today - timedelta(days=90)))
    return {"learn": learned, "cases": cases, "cold": times[0], "median": statistics.median(times[1:]),
            "p95": sorted(times[1:])[int(len(times[1:]) * 0.95)], "open": open_count}


def run(db: Database, runs: int = 3, today: date | None = None, folds: int = FOLDS) -> str:
    """All three, as the Markdown section for results.md (`folds`=2 for the suite's smoke run)."""
    items = corpus()
    with db.reader() as s:
        today = today or s.scalar(select(func.max(Case.received_on))) or date.today()
    fast = speed(db, items, today, runs)
    acc = accuracy(db, items, folds)
    dup = duplicates(db, items, today)

    def pct(v):
        return f"{v:.0%}"
    lines = ["| 方法 | 类别 top-1 | 类别 top-3 | 承办单位 top-1 | 承办单位 top-3 | 可能重复 召回@3 |", "|---|---|---|---|---|---|"]
    names = {"ours": "本产品（jieba词+单字+字对，区县特征，逻辑回归）", "baseline": "基线（TF-IDF 单字+字对，逻辑回归，仅文本）",
             "history_only": "本产品，只学库中历史（不含手写语料）"}
    for key in ("ours", "baseline", "history_only"):
        a = acc[key]
        recall = pct(dup[key]) if key in dup else "—"
        lines.append(f"| {names[key]} | {pct(a['category'][0])} | {pct(a['category'][1])} | {pct(a['unit'][0])} | "
                     f"{pct(a['unit'][1])} | {recall} |")
    lines += ["", "| 速度 | 结果 | 目标 |", "|---|---|---|",
              f"| 学习（{fast['cases']:,}件历史案件） | {fast['learn']:.1f} 秒 | — |",
              f"| 一次建议（类别+承办单位+可能重复），中位数 | {fast['median'] * 1000:.0f} 毫秒 | <100毫秒 "
              f"{'达标' if fast['median'] < 0.1 else '未达标'} |",
              f"| 一次建议，95%分位 | {fast['p95'] * 1000:.0f} 毫秒 | — |",
              f"| 进程内第一次建议（读模型、向量化{fast['open']:,}件近90天未办结案件） | {fast['cold']:.2f} 秒 | — |"]
    return "\n".join(lines) + "\n"
