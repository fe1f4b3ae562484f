"""What a staff page shows of the suggestions: each with its confidence, which of them the form may
preselect (the city's `triage_confidence`), and the possible duplicates described — a case outside
the user's stations shows its number, station, day and state, never its text (the staff of the
next station must learn that the same lamp was reported, not what a citizen there wrote)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core.glossary import CASE_STATES
from ..core.scope import scope_of
from ..core.settings import get_setting
from ..network.models import Station
from .history import TooLittleHistory
from .suggestions import suggest


@dataclass
class Advice:
    """The page's view of one suggestion: labels with percentages, what to preselect, the duplicates."""

    categories: list[tuple[str, int]] = field(default_factory=list)            # (category, percent)
    departments: list[tuple[int, str, int]] = field(default_factory=list)      # (id, name, percent)
    duplicates: list[dict] = field(default_factory=list)
    preselect_category: str | None = None
    preselect_department: int | None = None
    unavailable: str = ""      # why there is nothing to suggest (nothing learned yet)

    def summary(self) -> str:
        """One line of plain text: 「类别：城乡建设 82%、交通出行 9%；承办单位：…」."""
        parts = []
        if self.categories:
            parts.append("类别：" + "、".join(f"{c} {p}%" for c, p in self.categories))
        if self.departments:
            parts.append("承办单位：" + "、".join(f"{n} {p}%" for _, n, p in self.departments))
        return "；".join(parts) or self.unavailable


def _percent(score: float) -> int:
    return int(round(score * 100))


def advise(session: Session, text: str, station_id: int | None, top: int = 3, today: date | None = None,
           case_id: int | None = None) -> Advice:
    """The suggestions for an opinion being logged (or for case `case_id`: its duplicates are earlier cases)."""
    if not (text or "").strip():
        return Advice()
    try:
        found = suggest(session, text, station_id, top=top, today=today, earlier_than=case_id)
    except TooLittleHistory as e:
        return Advice(unavailable=e.message)
    threshold = get_setting(session, "triage_confidence")
    advice = Advice([(c, _percent(p)) for c, p in found.categories],
                    [(d, n, _percent(p)) for d, n, p in found.departments],
                    describe(session, found.similar))
    if advice.categories and advice.categories[0][1] >= threshold:
        advice.preselect_category = advice.categories[0][0]
    if advice.departments and advice.departments[0][2] >= threshold:
        advice.preselect_department = advice.departments[0][0]
    return advice


# Below this the page lists a similar case only folded away, as 相似度较低: the hand-written duplicates
# score 0.06–0.35 and unrelated cases of the same kind up to 0.2 (toolkit/triage/suggestions.py), so a
# 6–13% match is rarely the same matter — shown as worth a look it taught staff to ignore the list.
WORTH_A_LOOK = 0.15


def describe(session: Session, similar: list[tuple[int, str, float]]) -> list[dict]:
    """Each possible duplicate as the page lists it (text only where the user may read the case)."""
    if not similar:
        return []
    ids = [i for i, _, _ in similar]
    rows = {r.id: r for r in session.execute(
        select(Case.id, Case.number, Case.received_on, Case.state, Case.category, Case.content, Case.station_id,
               Case.department_id, Case.deputy_id, Station.name.label("station"))
        .join(Station, Station.id == Case.station_id).where(Case.id.in_(ids)))}
    scope = scope_of(session)
    out = []
    for case_id, number, score in similar:
        r = rows[case_id]
        readable = scope.covers(station_id=r.station_id, department_id=r.department_id, deputy_id=r.deputy_id)
        out.append({"编号": number, "相似度": f"{_percent(score)}%", "值得一看": score >= WORTH_A_LOOK,
                    "受理日期": r.received_on.isoformat(),
                    "所属站点": r.station, "类别": r.category, "状态": CASE_STATES[r.state],
                    "反映内容": r.content if readable else "（不在您管理的范围内，内容不显示）"})
    return out
