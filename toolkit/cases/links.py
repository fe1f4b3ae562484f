"""The same matter told twice (可能重复, confirmed by a person): a case linked to an earlier one.
The link shows on both; concluding the earlier case tells the staff of the later ones
(toolkit.cases.notices.same_matter_concluded). Linking never moves, merges or closes anything."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require, why_not
from ..core.errors import ToolkitError, check_version
from ..core.principal import acting_name, principal_of
from ..core.records import fetch
from .models import Case
from .services import add_event


def _event(session: Session, case: Case, action: str, actor: str, note: str) -> None:
    """A step in the case's timeline that leaves its state as it is."""
    add_event(session, case, action, case.state, case.state, actor, datetime.now(), note)


def link_same_matter(session: Session, case_id: int, earlier_number: str, expected_version: int | None = None) -> Case:
    """Mark `case_id` as the same matter as the earlier case `earlier_number`. The case's staff may
    link it to any earlier case of the city (the next station's too: that is the point); a link
    already made is replaced."""
    actor = acting_name(session)
    case = fetch(session, Case, case_id)
    require(session, "case.link", station_id=case.station_id, target=case.number)
    check_version(case, expected_version)
    number = (earlier_number or "").strip()
    earlier = session.scalar(select(Case).where(Case.number == number))
    if earlier is None:
        raise ToolkitError(f"没有编号为「{number}」的案件")
    if earlier.id == case.id:
        raise ToolkitError("不能把案件标记为与它自己是同一事项")
    if (earlier.received_at, earlier.id) > (case.received_at, case.id):
        raise ToolkitError(f"{earlier.number} 比 {case.number} 受理得晚：请在较晚的案件上标记，指向较早的案件")
    root, seen = earlier, {case.id}
    while root.same_as_id is not None:      # keep the links a forest: no case may end up its own ancestor
        if root.id in seen:
            raise ToolkitError("这样标记会形成循环")
        seen.add(root.id)
        root = session.get(Case, root.same_as_id)
    case.same_as_id = earlier.id
    _event(session, case, "link", actor, f"与较早的案件 {earlier.number} 为同一事项")
    _event(session, earlier, "link", actor, f"较晚的案件 {case.number} 与本件为同一事项")
    session.flush()
    return case


def unlink(session: Session, case_id: int, expected_version: int | None = None) -> Case:
    """Undo a link made in error."""
    actor = acting_name(session)
    case = fetch(session, Case, case_id)
    require(session, "case.link", station_id=case.station_id, target=case.number)
    check_version(case, expected_version)
    if case.same_as_id is None:
        raise ToolkitError(f"{case.number} 没有标记为与其他案件同一事项")
    earlier = session.get(Case, case.same_as_id)
    case.same_as_id = None
    _event(session, case, "unlink", actor, f"取消与 {earlier.number} 为同一事项的标记")
    _event(session, earlier, "unlink", actor, f"较晚的案件 {case.number} 取消了同一事项标记")
    session.flush()
    return case


def may_link(session: Session, case_id: int) -> bool:
    """Whether the session's user may mark this case as the same matter as another (what a page offers)."""
    p = principal_of(session)
    return p is None or why_not(p, "case.link", station_id=fetch(session, Case, case_id).station_id) is None


def same_matter(session: Session, case_id: int) -> tuple[str | None, list[str]]:
    """The earlier case's number this one is linked to, and the numbers of later cases linked to it."""
    case = fetch(session, Case, case_id)
    earlier = session.scalar(select(Case.number).where(Case.id == case.same_as_id)) if case.same_as_id else None
    later = list(session.scalars(select(Case.number).where(Case.same_as_id == case.id).order_by(Case.received_at, Case.id)))
    return earlier, later
