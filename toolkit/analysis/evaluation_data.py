"""满意度测评 responses for analysts: one row per current answer (a replaced one is left out), with
the item scores averaged; never who answered (the respondent column stays in the database)."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from ..core.glossary import EVAL_RATER_KINDS, EVAL_TARGET_KINDS
from ..core.scope import scope_of
from ..evaluations.models import EvalResponse, EvalRound, EvalScore, EvalTarget
from .columns import FRAMES, framed
from .source import reading, typed


def evaluations(round_id: int | None = None, *, db=None) -> pd.DataFrame:
    """Every current response (of one round, or all), oldest first. A round is placed by the
    station whose deputies or citizens rate (a city-wide round: city-wide readers only)."""
    scores = (select(EvalScore.response_id, func.avg(EvalScore.score).label("mean"), func.count().label("n"))
              .group_by(EvalScore.response_id).subquery())
    q = (select(EvalResponse.id, EvalRound.id, EvalRound.name, EvalRound.target_kind, EvalTarget.label,
                EvalRound.rater_kind, EvalResponse.verdict, scores.c.mean, func.coalesce(scores.c.n, 0),
                EvalResponse.submitted_at)
         .join(EvalRound, EvalRound.id == EvalResponse.round_id).join(EvalTarget, EvalTarget.id == EvalResponse.target_id)
         .outerjoin(scores, scores.c.response_id == EvalResponse.id)
         .where(EvalResponse.replaced_at.is_(None)).order_by(EvalResponse.submitted_at, EvalResponse.id))
    if round_id is not None:
        q = q.where(EvalRound.id == round_id)
    with reading(db) as s:
        rows = s.execute(q.where(scope_of(s).where(station=EvalRound.rater_station_id))).all()
    df = pd.DataFrame(rows, columns=list(FRAMES["evaluations"]))
    df["target_kind"] = df["target_kind"].map(EVAL_TARGET_KINDS)
    df["rater_kind"] = df["rater_kind"].map(EVAL_RATER_KINDS)
    df["score_mean"] = pd.to_numeric(df["score_mean"]).round(2)
    df["submitted_on"] = pd.to_datetime(df["submitted_on"]).dt.normalize()
    typed(df, categories=("round", "target_kind", "target", "rater_kind", "verdict"), ints=("items_scored",),
          floats=("score_mean",))
    return framed(df, "evaluations")
