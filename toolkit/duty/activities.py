"""Activities at stations and their attendance (each attendance is the deputy's station visit),
and the yearly duty records. Every write checks everything first and writes all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core.access import require
from ..core.audit import record
from ..core.errors import FieldError, ValidationFailed
from ..core.glossary import ACTIVITY_KINDS, DUTY_RECORD_KINDS
from ..core.principal import acting_name
from ..network.group_models import DeputyGroup
from ..network.models import Deputy, Station
from ..network.station_index import StationIndex
from .models import Activity, ActivityAttendee, ActivityCase, DutyRecord

ACTIVITY_COLUMNS = ["编号", "日期", "站点", "类型", "名称", "月度主题", "参加代表", "接待群众", "反映意见"]


@dataclass
class ActivityForm:
    """What staff fill in for one activity (the kind as code or Chinese label)."""

    station_id: int | None
    kind: str
    held_on: date | None
    title: str
    theme: str = ""
    citizens_received: int = 0
    deputy_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    notes: str = ""
    group_id: int | None = None        # a 代表小组's activity (held at the group's station)


def _kind_code(kind: str) -> str | None:
    if kind in ACTIVITY_KINDS:
        return kind
    return next((k for k, v in ACTIVITY_KINDS.items() if v == (kind or "").strip()), None)


def check_activity(session: Session, f: ActivityForm, today: date | None = None) -> list[FieldError]:
    """Every problem with the form, by field."""
    today = today or date.today()
    errors = []
    station = session.get(Station, f.station_id) if f.station_id is not None else None
    if station is None:
        errors.append(FieldError("站点", "请选择站点"))
    if _kind_code(f.kind) is None:
        errors.append(FieldError("活动类型", f"「{f.kind}」不是已知的活动类型（{'、'.join(ACTIVITY_KINDS.values())}）"))
    if not isinstance(f.held_on, date):
        errors.append(FieldError("日期", "请填写活动日期"))
    elif f.held_on > today:
        errors.append(FieldError("日期", "活动日期不能晚于今天：活动结束后再登记"))
    elif station is not None and station.closed_on is not None and station.closed_on <= f.held_on:
        errors.append(FieldError("站点", f"「{station.name}」已于{station.closed_on}撤销，不能登记此后的活动"))
    if f.group_id is not None:
        group = session.get(DeputyGroup, f.group_id)
        if group is None:
            errors.append(FieldError("代表小组", "找不到该代表小组"))
        elif group.station_id != f.station_id:
            errors.append(FieldError("代表小组", "小组活动登记在小组的活动站点"))
    if not (f.title or "").strip():
        errors.append(FieldError("活动名称", "必填"))
    elif len(f.title.strip()) > 100:
        errors.append(FieldError("活动名称", "不超过100字"))
    if len((f.theme or "").strip()) > 100:
        errors.append(FieldError("月度主题", "不超过100字"))
    if not isinstance(f.citizens_received, int) or isinstance(f.citizens_received, bool) or f.citizens_received < 0:
        errors.append(FieldError("接待群众人数", "应为不小于0的整数"))
    ids = list(dict.fromkeys(f.deputy_ids))
    if any(not isinstance(i, int) or isinstance(i, bool) for i in ids):
        errors.append(FieldError("参加代表", "代表编号应为整数"))
    else:
        known = set(session.scalars(select(Deputy.id).where(Deputy.id.in_(ids)))) if ids else set()
        for i in ids:
            if i not in known:
                errors.append(FieldError("参加代表", f"编号{i}不是代表"))
    cases = list(dict.fromkeys(f.case_ids))
    known_cases = set(session.scalars(select(Case.id).where(Case.id.in_(cases)))) if cases else set()
    for i in cases:
        if i not in known_cases:
            errors.append(FieldError("反映意见", f"案件编号{i}不存在"))
    return errors


def log_activity(session: Session, f: ActivityForm, today: date | None = None) -> int:
    """Record an activity, its attendees and the opinions raised there; nothing if anything is wrong."""
    actor = acting_name(session)
    errors = check_activity(session, f, today)
    if errors:
        raise ValidationFailed(errors)
    require(session, "activity.log", station_id=f.station_id, target=f.title.strip())
    a = Activity(station_id=f.station_id, group_id=f.group_id, kind=_kind_code(f.kind), held_on=f.held_on, title=f.title.strip(),
                 theme=(f.theme or "").strip() or None, citizens_received=f.citizens_received,
                 notes=(f.notes or "").strip() or None, created_by=actor, created_at=datetime.now())
    for deputy_id, name, home in session.execute(select(Deputy.id, Deputy.name, Deputy.station_id)
                                                 .where(Deputy.id.in_(list(dict.fromkeys(f.deputy_ids))))):
        # Attendance counts as 进站 and earns points: only deputies within the user's scope.
        require(session, "activity.log", station_id=home, target=f"{f.title.strip()}（参加代表：{name}）")
    session.add(a)
    session.flush()
    session.add_all(ActivityAttendee(activity_id=a.id, deputy_id=d) for d in dict.fromkeys(f.deputy_ids))
    session.add_all(ActivityCase(activity_id=a.id, case_id=c) for c in dict.fromkeys(f.case_ids))
    session.flush()
    record(session, actor, "activity", a.id, "create",
           after={"站点": f.station_id, "类型": a.kind, "日期": a.held_on, "参加代表": list(dict.fromkeys(f.deputy_ids))})
    return a.id


def list_activities(session: Session, station_id: int | None = None, start: date | None = None,
                    end: date | None = None, limit: int = 200) -> pd.DataFrame:
    """Activities newest first, with attendance and opinions counted by the database."""
    att = (select(ActivityAttendee.activity_id, func.count().label("n")).group_by(ActivityAttendee.activity_id).subquery())
    raised = (select(ActivityCase.activity_id, func.count().label("n")).group_by(ActivityCase.activity_id).subquery())
    q = (select(Activity.id, Activity.held_on, Station.name, Activity.kind, Activity.title, Activity.theme,
                func.coalesce(att.c.n, 0), Activity.citizens_received, func.coalesce(raised.c.n, 0))
         .join(Station, Station.id == Activity.station_id)
         .outerjoin(att, att.c.activity_id == Activity.id).outerjoin(raised, raised.c.activity_id == Activity.id)
         .order_by(Activity.held_on.desc(), Activity.id.desc()).limit(limit))
    if station_id is not None:
        q = q.where(Activity.station_id.in_(StationIndex.load(session).subtree(station_id)))
    if start:
        q = q.where(Activity.held_on >= start)
    if end:
        q = q.where(Activity.held_on <= end)
    rows = [(i, d, s, ACTIVITY_KINDS[k], t, th or "", n, c, o) for i, d, s, k, t, th, n, c, o in session.execute(q)]
    return pd.DataFrame(rows, columns=ACTIVITY_COLUMNS)


def add_duty_record(session: Session, deputy_id: int, kind: str, done_on: date, title: str) -> int:
    """A 民情日志, 履职故事 or 述职交流 handed in."""
    actor = acting_name(session)
    errors = []
    if session.get(Deputy, deputy_id) is None:
        errors.append(FieldError("代表", "找不到该代表"))
    if kind not in DUTY_RECORD_KINDS:
        errors.append(FieldError("类型", f"应为{'、'.join(DUTY_RECORD_KINDS.values())}之一"))
    if not isinstance(done_on, date):
        errors.append(FieldError("日期", "请填写日期"))
    if not (title or "").strip():
        errors.append(FieldError("标题", "必填"))
    if errors:
        raise ValidationFailed(errors)
    require(session, "duty.record", station_id=session.get(Deputy, deputy_id).station_id, deputy_id=deputy_id,
            target=title.strip())
    r = DutyRecord(deputy_id=deputy_id, kind=kind, done_on=done_on, title=title.strip(), created_by=actor)
    session.add(r)
    session.flush()
    return r.id





def case_ids(session: Session, numbers: str) -> list[int]:
    """The ids of cases written by their numbers (separated by spaces, commas or 、)."""
    import re
    wanted = [n for n in re.split(r"[\s,，、;；]+", (numbers or "").strip()) if n]
    found = {n: i for n, i in session.execute(select(Case.number, Case.id).where(Case.number.in_(wanted)))} if wanted else {}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise ValidationFailed([FieldError("反映意见", f"找不到案件编号：{'、'.join(missing)}")])
    return [found[n] for n in wanted]
