"""Suggestions for one opinion's text: its likely categories and units with their confidence, and
the most similar open, recent cases (可能重复). Suggestions only: a person confirms every choice,
nothing is assigned or refused because of them.

The stored model is read once per process and kept until a newer one is learned; the open cases'
vectors are kept too, and only cases new since the last call are read and vectorised, so a
suggestion costs a few small queries and one sparse product."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import scipy.sparse as sp
from sqlalchemy import Engine, and_, or_, select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core.settings import get_setting
from ..network.models import Department
from ..network.station_index import StationIndex
from .history import MIN_CASES, TooLittleHistory
from .learned_model import UNSEEN, Model
from .models import TriageModel
from .places import place_finder

OPEN = ("collected", "registered", "assigned", "accepted", "in_progress", "answered", "evaluated")
SIMILAR_FLOOR = 0.06    # cosine below which texts share too little to be called the same matter (measured: the
# hand-written duplicates of benchmarks/triage_corpus.txt score 0.06–0.35, unrelated cases of the same matter
# type up to 0.2: no floor separates them, so the ranking does, the best three shown with their similarity)

_lock = threading.Lock()
_loaded: dict[str, tuple[str, Model]] = {}                 # database url -> (digest, model)
_open: dict[tuple[str, str, int | None], "_Index"] = {}   # (url, digest, county) -> the open cases' vectors


@dataclass
class Suggestion:
    """Best first: (category, score), (department id, name, score), (case id, number, score)."""

    categories: list[tuple[str, float]]
    departments: list[tuple[int, str, float]]
    similar: list[tuple[int, str, float]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"categories": [[c, round(p, 3)] for c, p in self.categories],
                "departments": [[n, round(p, 3)] for _, n, p in self.departments],
                "similar": [[number, round(p, 3)] for _, number, p in self.similar]}


def _where(session: Session) -> str:
    """Which database the caches belong to: its address (a session on one connection, as the tests'
    rolled-back transactions are, keeps caches of its own: ids rolled back are handed out again)."""
    bind = session.get_bind()
    return str(bind.url) if isinstance(bind, Engine) else f"{bind.engine.url}#{id(bind)}"


def current_model(session: Session) -> Model | None:
    """The stored model (read again only when a newer one was learned), or None before the first learning."""
    url = _where(session)
    row = session.execute(select(TriageModel.id, TriageModel.digest)).first()
    if row is None:
        return None
    with _lock:
        cached = _loaded.get(url)
        if cached and cached[0] == row.digest:
            return cached[1]
    model = Model.from_bytes(session.scalar(select(TriageModel.data).where(TriageModel.id == row.id)))
    with _lock:
        _loaded[url] = (row.digest, model)
        for key in [k for k in _open if k[0] == url]:    # the open cases' vectors were the old model's
            del _open[key]
    return model


def suggest(session: Session, text: str, station_id: int | None = None, top: int = 3,
            today: date | None = None, earlier_than: int | None = None) -> Suggestion:
    """The suggestions for `text` received at `station_id` (its county's units and cases); for an
    existing case, `earlier_than` its id: its duplicates are the cases received before it. Refused
    with TooLittleHistory before anything was learned."""
    model = current_model(session)
    if model is None:
        raise TooLittleHistory(f"还没有学习过的智能分类：需要至少{MIN_CASES}件已分类的历史案件，"
                               "并由管理员运行「liaison cases learn」。")
    county = StationIndex.load(session).county(station_id) if station_id else None
    top = max(1, top)
    x = model.vectors([text], [county])
    words = x[:, :len(model.vocabulary)]
    categories = _best(model.categories.names, model.categories.scores(words), top)
    departments = []
    if model.departments.names:
        scores = model.departments.scores(x)
        active = dict(session.execute(select(Department.id, Department.name).where(Department.active)).all())
        ranked = [(int(d), float(p)) for d, p in zip(model.departments.names, scores) if int(d) in active]
        departments = [(d, active[d], p) for d, p in sorted(ranked, key=lambda r: (-r[1], r[0]))[:top]]
    return Suggestion(categories, departments, similar(session, model, text, county, top, today, earlier_than))


def _best(names: list[str], scores: np.ndarray, top: int) -> list[tuple[str, float]]:
    order = sorted(range(len(names)), key=lambda i: (-scores[i], names[i]))[:top]
    return [(names[i], float(scores[i])) for i in order]


class _Index:
    """The vectors of the open cases seen so far in one county (or the whole city)."""

    def __init__(self, columns: int):
        self.ids = np.zeros(0, dtype=np.int64)
        self.matrix = sp.csr_matrix((0, columns), dtype=np.float32)


def similar(session: Session, model: Model, text: str, county: int | None, top: int,
            today: date | None = None, earlier_than: int | None = None) -> list[tuple[int, str, float]]:
    """The open cases received in the last `triage_similar_days` days (in `county` when given) most
    like `text`, best first, above SIMILAR_FLOOR; the network's place names count less (every case of
    a station names its town: toolkit.triage.places)."""
    places = place_finder(session)
    query = model.similarity_vectors([text], places)
    since = (today or date.today()) - timedelta(days=get_setting(session, "triage_similar_days"))
    q = select(Case.id).where(Case.state.in_(OPEN), Case.received_on >= since)
    if county is not None:
        q = q.where(Case.county_id == county)
    if earlier_than is not None:
        at = session.scalar(select(Case.received_at).where(Case.id == earlier_than))
        q = q.where(or_(Case.received_at < at, and_(Case.received_at == at, Case.id < earlier_than)))
    current = np.array(session.scalars(q).all(), dtype=np.int64)
    url = _where(session)
    key = (url, _loaded.get(url, ("",))[0], county)
    with _lock:
        index = _open.setdefault(key, _Index(len(model.vocabulary) + UNSEEN))
        new = np.setdiff1d(current, index.ids, assume_unique=False)
    if len(new):
        texts = dict(session.execute(select(Case.id, Case.content).where(Case.id.in_([int(i) for i in new]))).all()) \
            if len(new) <= 5000 else _contents(session, q)
        new = np.array(sorted(i for i in map(int, new) if i in texts), dtype=np.int64)
        vectors = model.similarity_vectors([texts[int(i)] for i in new], places)
        with _lock:
            index.ids = np.concatenate([index.ids, new])
            index.matrix = sp.vstack([index.matrix, vectors], format="csr")
    if not len(current):
        return []
    rows = np.flatnonzero(np.isin(index.ids, current))
    scores = np.asarray((index.matrix[rows] @ query.T).todense()).ravel()
    best = np.argsort(-scores, kind="stable")[:top]
    picked = [(int(index.ids[rows[i]]), float(scores[i])) for i in best if scores[i] >= SIMILAR_FLOOR]
    numbers = dict(session.execute(select(Case.id, Case.number).where(Case.id.in_([i for i, _ in picked]))).all())
    return [(i, numbers[i], s) for i, s in picked]


def _contents(session: Session, q) -> dict[int, str]:
    """Every candidate's text in one query (the first call on a large history)."""
    return dict(session.execute(select(Case.id, Case.content).where(Case.id.in_(q.scalar_subquery()))).all())
