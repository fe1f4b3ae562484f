"""What a duty standard can count: each measure is one GROUP BY in the database, counts per
(deputy or station, year, month) within a period. Rule files name these measures; a name not
here is refused when the file is read."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, cast, extract, func, select, union_all
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..evaluations.models import EvalResponse
from ..network.grid_models import GridContact
from ..pairings.models import ContactLog, Pairing
from ..projects.models import ProjectInspection, ProjectInspector, Proposal
from .models import Activity, ActivityAttendee, DutyRecord

Counts = Counter  # (subject id, year, month) -> n


@dataclass(frozen=True)
class Measure:
    """A countable thing: who it counts for and how it is counted."""

    name: str
    subject: str   # "deputy" or "station"
    label: str
    query: Callable[[date, date], object]   # a SELECT of (id, day) rows in the period


def _by_month(session: Session, rows, start: date, end: date) -> Counts:
    sub = rows.subquery()
    q = (select(sub.c.who, extract("year", sub.c.day), extract("month", sub.c.day), func.count())
         .group_by(sub.c.who, extract("year", sub.c.day), extract("month", sub.c.day)))
    return Counter({(int(w), int(y), int(m)): n for w, y, m, n in session.execute(q)})


def _attended(kinds: tuple[str, ...] | None = None):
    def query(start: date, end: date):
        q = (select(ActivityAttendee.deputy_id.label("who"), Activity.held_on.label("day"))
             .join(Activity, Activity.id == ActivityAttendee.activity_id)
             .where(Activity.held_on >= start, Activity.held_on <= end))
        return q.where(Activity.kind.in_(kinds)) if kinds else q
    return query


def _cases(kind: str | None = None, channel: str | None = None):
    def query(start: date, end: date):
        q = (select(Case.deputy_id.label("who"), Case.received_on.label("day"))
             .where(Case.deputy_id.is_not(None), Case.received_on >= start, Case.received_on <= end))
        if kind:
            q = q.where(Case.kind == kind)
        if channel:
            q = q.where(Case.channel == channel)
        return q
    return query


def _records(kind: str):
    def query(start: date, end: date):
        return (select(DutyRecord.deputy_id.label("who"), DutyRecord.done_on.label("day"))
                .where(DutyRecord.kind == kind, DutyRecord.done_on >= start, DutyRecord.done_on <= end))
    return query


def _household(start: date, end: date):
    return union_all(_attended(("household",))(start, end), _cases(channel="visit")(start, end))


def _projects(start: date, end: date):
    inspected = (select(ProjectInspector.deputy_id.label("who"), ProjectInspection.inspected_on.label("day"))
                 .join(ProjectInspection, ProjectInspection.id == ProjectInspector.inspection_id)
                 .where(ProjectInspection.inspected_on >= start, ProjectInspection.inspected_on <= end))
    proposed = (select(Proposal.deputy_id.label("who"), func.date(Proposal.created_at).label("day"))
                .where(Proposal.deputy_id.is_not(None), func.date(Proposal.created_at) >= start,
                       func.date(Proposal.created_at) <= end))
    return union_all(inspected, proposed)


def _contacts(start: date, end: date):
    """Contacts a deputy logged with the deputies they are paired to mentor (三联结对)."""
    return (select(Pairing.mentor_id.label("who"), ContactLog.day.label("day"))
            .join(Pairing, Pairing.id == ContactLog.pairing_id)
            .where(ContactLog.day >= start, ContactLog.day <= end))


def _evaluations(start: date, end: date):
    """Answers a deputy gave in satisfaction evaluations (respondent "deputy:ID"; corrections too)."""
    return (select(cast(func.substr(EvalResponse.respondent, 8), Integer).label("who"),
                   func.date(EvalResponse.submitted_at).label("day"))
            .where(EvalResponse.respondent.like("deputy:%"), EvalResponse.replaced_at.is_(None),
                   func.date(EvalResponse.submitted_at) >= start, func.date(EvalResponse.submitted_at) <= end))


def _group_activities(start: date, end: date):
    return (select(ActivityAttendee.deputy_id.label("who"), Activity.held_on.label("day"))
            .join(Activity, Activity.id == ActivityAttendee.activity_id)
            .where(Activity.group_id.is_not(None), Activity.held_on >= start, Activity.held_on <= end))


def _grid_contacts(start: date, end: date):
    return (select(GridContact.deputy_id.label("who"), GridContact.day.label("day"))
            .where(GridContact.day >= start, GridContact.day <= end))


def _station_activities(start: date, end: date):
    return (select(Activity.station_id.label("who"), Activity.held_on.label("day"))
            .where(Activity.held_on >= start, Activity.held_on <= end))


LISTENING = ("reception", "bench", "evening", "household", "hearing")
MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("station_visits", "deputy", "进站参加活动", _attended()),
    Measure("receptions", "deputy", "接待选民群众", _attended(("reception",))),
    Measure("listening", "deputy", "听取群众意见（接待、议事、夜话、走访、问政）", _attended(LISTENING)),
    Measure("trainings", "deputy", "参加学习培训", _attended(("training",))),
    Measure("surveys", "deputy", "参加调研视察", _attended(("survey",))),
    Measure("household_visits", "deputy", "进村入户走访", _household),
    Measure("opinions", "deputy", "反映社情民意", _cases()),
    Measure("suggestions", "deputy", "提出代表建议", _cases(kind="suggestion")),
    Measure("diaries", "deputy", "民情日志", _records("diary")),
    Measure("stories", "deputy", "履职故事", _records("story")),
    Measure("report_backs", "deputy", "述职交流", _records("report_back")),
    Measure("projects", "deputy", "参与民生实事（提出项目、视察）", _projects),
    Measure("pairing_contacts", "deputy", "联系结对代表", _contacts),
    Measure("evaluations", "deputy", "参加满意度测评", _evaluations),
    Measure("group_activities", "deputy", "参加代表小组活动", _group_activities),
    Measure("grid_contacts", "deputy", "到网格联系（走访、网格听事）", _grid_contacts),
    Measure("station_activities", "station", "站点开展活动", _station_activities),
)}


def count(session: Session, measure: str, start: date, end: date) -> Counts:
    """Counts of a measure by (subject id, year, month) between start and end (inclusive)."""
    return _by_month(session, MEASURES[measure].query(start, end), start, end)


def per_subject(counts: Counts) -> dict[int, int]:
    """Counts by (subject, year, month) summed per subject, in one pass."""
    out: dict[int, int] = {}
    for (who, _, _), n in counts.items():
        out[who] = out.get(who, 0) + n
    return out


__all__ = ["MEASURES", "Measure", "count", "per_subject"]
