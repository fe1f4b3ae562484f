"""What the suggestions learn from, and when they should learn again (no scikit-learn here: a
staff page's kernel imports this, and only the learning itself needs it)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core.errors import ToolkitError
from .models import TriageModel

MIN_CASES = 50           # fewer labelled cases than this: nothing worth suggesting
MIN_LABEL_CASES = 3      # a category or unit seen fewer times is not suggested
GROWTH = 0.1             # learn again once the labelled history has grown by a tenth


class TooLittleHistory(ToolkitError):
    """Too few labelled cases to learn from (or nothing learned yet)."""


def history(session: Session) -> tuple[list[tuple[str, str, int | None, int | None]], int]:
    """(content, category, department id, county id) once per distinct row, in a fixed order; and the last case id."""
    rows = session.execute(select(Case.content, Case.category, Case.department_id, Case.county_id).distinct()).all()
    last = session.scalar(select(func.max(Case.id))) or 0
    # Ordered here, not by the database: SQLite and PostgreSQL collate text differently.
    return sorted((tuple(r) for r in rows), key=lambda r: (r[0], r[1], r[2] or 0, r[3] or 0)), last


def needs_learning(session: Session) -> bool:
    """No model yet (and enough history), or the labelled history has grown by GROWTH since it was learned."""
    stored = session.execute(select(TriageModel.cases)).first()
    total = session.scalar(select(func.count()).select_from(Case)) or 0
    if stored is None:
        return total >= MIN_CASES
    return total >= stored.cases * (1 + GROWTH) and total - stored.cases >= 10
