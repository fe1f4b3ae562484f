"""The suggestions as the county's sheet: the import's columns, one row a suggestion (the file
`liaison suggestions import` takes back)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.glossary import SUGGESTION_CLASSES
from ..formats.spreadsheets import write_xlsx
from ..network.models import Department, Deputy
from .importer import COLUMNS
from .models import Suggestion, SuggestionCosigner, SuggestionCoUnit


def _names_by_suggestion(session: Session, model, column, name_column, join_on) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for sid, name in session.execute(select(model.suggestion_id, name_column).join(join_on[0], join_on[1])
                                     .order_by(model.suggestion_id, name_column)):
        out.setdefault(sid, []).append(name)
    return out


def export_suggestions(session: Session) -> bytes:
    """Every suggestion, by 建议编号, as .xlsx."""
    deputies = dict(session.execute(select(Deputy.id, Deputy.name)).all())
    units = dict(session.execute(select(Department.id, Department.name)).all())
    cosigners = _names_by_suggestion(session, SuggestionCosigner, SuggestionCosigner.deputy_id, Deputy.name,
                                     (Deputy, Deputy.id == SuggestionCosigner.deputy_id))
    co_units = _names_by_suggestion(session, SuggestionCoUnit, SuggestionCoUnit.department_id, Department.name,
                                    (Department, Department.id == SuggestionCoUnit.department_id))
    rows = []
    for s in session.scalars(select(Suggestion).order_by(Suggestion.number)):
        rows.append([s.number, s.title, s.content, deputies.get(s.lead_deputy_id, ""), "、".join(cosigners.get(s.id, [])),
                     s.proposed_on, s.category or "", units.get(s.main_unit_id, ""), "、".join(co_units.get(s.id, [])),
                     s.assigned_on or "", "是" if s.key_supervision else "否", s.answered_on or "", s.answer_class or "",
                     s.deputy_opinion or "", s.promised_on or "", s.done_on or ""])
    return write_xlsx(list(COLUMNS), rows, sheet_title="代表建议", text_columns=("建议编号",),
                      notes=[f"答复类别：{'；'.join(f'{k} {v}' for k, v in SUGGESTION_CLASSES.items())}"])
