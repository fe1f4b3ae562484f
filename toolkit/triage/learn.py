"""Learning the suggestions from the city's own history: every case with its category, and every
case given to a unit with that unit (imported ledgers included).

Each distinct text counts once (with its labels): a ledger that repeats one template ten thousand
times must not drown the varied rest. Deterministic for a given history: rows in a fixed order,
the vocabulary sorted, lbfgs (no random start), and the model stored byte for byte the same."""
from __future__ import annotations

import math
import time
from collections import Counter
from datetime import datetime

import numpy as np
from sklearn.linear_model import LogisticRegression
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core.access import require
from ..core.db import Database
from .history import MIN_CASES, MIN_LABEL_CASES, TooLittleHistory, history, needs_learning
from .learned_model import Labels, Model, digest, features
from .models import TriageModel

MAX_TERMS = 60_000       # the most frequent terms kept (by the number of texts they occur in)
REGULARISATION = 10.0    # LogisticRegression's C, measured on benchmarks/triage_corpus.txt (C=1…100 within noise)


def _empty(columns: int) -> Labels:
    return Labels([], np.zeros((0, columns), np.float32), np.zeros(0, np.float32))


def _fit(x, labels: list[str]) -> Labels:
    counts = Counter(labels)
    keep = sorted(k for k, n in counts.items() if n >= MIN_LABEL_CASES)
    if len(keep) < 2:    # one label (or none) seen often enough: suggested with certainty
        names = keep[:1]
        return Labels(names, np.zeros((len(names), x.shape[1]), np.float32), np.zeros(len(names), np.float32))
    kept = set(keep)
    rows = [i for i, label in enumerate(labels) if label in kept]
    lr = LogisticRegression(C=REGULARISATION, max_iter=300, tol=1e-4)
    lr.fit(x[rows], [labels[i] for i in rows])
    coef, intercept = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:     # scikit-learn keeps one row for two classes: make it two, as softmax reads them
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.array([-intercept[0] / 2, intercept[0] / 2])
    return Labels([str(c) for c in lr.classes_], coef.astype(np.float32), intercept.astype(np.float32))


def build(rows: list[tuple[str, str, int | None, int | None]]) -> Model:
    """The model of these (content, category, department id, county id) rows."""
    texts = [r[0] for r in rows]
    df = Counter(t for text in texts for t in set(features(text)))
    kept = sorted(df, key=lambda t: (-df[t], t))[:MAX_TERMS]
    kept = sorted(t for t in kept if df[t] >= 2) or sorted(df)
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept], dtype=np.float32)
    counties = sorted({r[3] for r in rows if r[3] is not None})
    model = Model({t: i for i, t in enumerate(kept)}, idf, _empty(len(kept)), _empty(len(kept) + len(counties)), counties)
    model.categories = _fit(model.vectors(texts), [r[1] for r in rows])
    given = [r for r in rows if r[2] is not None]
    if given:
        model.departments = _fit(model.vectors([r[0] for r in given], [r[3] for r in given]),
                                 [str(r[2]) for r in given])
    return model


def learn(session: Session) -> TriageModel:
    """Learn from the history now and keep the result (the older model is dropped). Refused with
    TooLittleHistory when fewer than MIN_CASES cases have a category, or only one category is used."""
    require(session, "triage.learn")
    start = time.perf_counter()
    labelled = session.scalar(select(func.count()).select_from(Case)) or 0
    rows, last = history(session) if labelled >= MIN_CASES else ([], 0)
    if labelled < MIN_CASES or len({r[1] for r in rows}) < 2:
        raise TooLittleHistory(f"历史案件太少，无法学习智能分类：至少需要{MIN_CASES}件已分类的案件（且不止一个类别），"
                               f"现有{labelled}件。")
    data = build(rows).to_bytes()
    session.execute(delete(TriageModel))
    stored = TriageModel(learned_at=datetime.now().replace(microsecond=0), cases=labelled, last_case_id=last,
                         seconds=round(time.perf_counter() - start), digest=digest(data), data=data)
    session.add(stored)
    session.flush()
    return stored


def learn_if_grown(db: Database) -> int:
    """Learn again when there is no model yet or the history has grown by a tenth (the periodic
    pass, `liaison notify run`, and a new demo database call this). Returns the cases learned from, or 0."""
    with db.reader() as s:
        if not needs_learning(s):
            return 0
    with db.unit_of_work() as s:
        return learn(s).cases
