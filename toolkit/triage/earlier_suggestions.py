"""Earlier 代表建议 like the one being written (a repeated suggestion seen as one): the triage area's
terms — jieba's words and the character pairs — weighted by how rare they are among the stored
suggestions (tf-idf), compared by cosine. A county holds a few hundred suggestions a year, so the
titles and contents are read in one query and compared in this process; no learned model is needed."""
from __future__ import annotations

import math
from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.glossary import SUGGESTION_CLASSES
from ..suggestions.models import Suggestion
from .text import terms

FLOOR = 0.25          # below this two suggestions share only common words (measured on the demo year)
CANDIDATES = 5000     # the most recent suggestions compared


def _vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    v = {t: n * idf.get(t, 0.0) for t, n in counts.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def similar_suggestions(session: Session, text: str, top: int = 5, exclude_id: int | None = None) -> list[dict]:
    """The stored suggestions most like `text`, best first: 建议编号, 标题, 年份, 答复类别, 相似度."""
    if len((text or "").strip()) < 4:
        return []
    q = select(Suggestion.id, Suggestion.number, Suggestion.title, Suggestion.content, Suggestion.proposed_on,
               Suggestion.answer_class).order_by(Suggestion.proposed_on.desc(), Suggestion.id.desc()).limit(CANDIDATES)
    rows = [r for r in session.execute(q) if r.id != exclude_id]
    if not rows:
        return []
    docs = [Counter(terms(f"{r.title} {r.content}")) for r in rows]
    seen = Counter(t for d in docs for t in d)
    idf = {t: math.log((1 + len(docs)) / (1 + n)) + 1 for t, n in seen.items()}
    query = _vector(Counter(terms(text)), idf)
    scored = []
    for r, d in zip(rows, docs):
        v = _vector(d, idf)
        score = sum(x * v.get(t, 0.0) for t, x in query.items())
        if score >= FLOOR:
            scored.append((score, r))
    scored.sort(key=lambda p: (-p[0], p[1].number))
    return [{"id": r.id, "建议编号": r.number, "标题": r.title, "年份": (r.proposed_on or date.min).year,
             "答复类别": f"{r.answer_class}（{SUGGESTION_CLASSES[r.answer_class]}）" if r.answer_class else "未答复",
             "相似度": round(s, 2)} for s, r in scored[:top]]
