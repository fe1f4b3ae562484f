"""The ledger of a mobile point (流动联络站台账), one click once it has closed: its activity record with
the deputies on duty as attendance and the opinions left there linked (made once; counted by the
duty standards as any 接待选民日), and the ledger as an Excel file."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core.errors import ToolkitError
from ..core.glossary import CASE_STATES
from ..core.records import fetch
from ..formats.spreadsheets import write_xlsx_sheets
from ..network.mobile_points import on_duty_names
from ..network.models import Deputy
from ..network.point_models import MobilePoint, MobilePointDeputy
from .activities import ActivityForm, log_activity
from .models import PointActivity


def point_activity(session: Session, point_id: int, today: date | None = None) -> int:
    """The point's activity record, made on first call after it has closed (its last day): the
    deputies on duty attend, the opinions left there are raised at it; the same record thereafter."""
    point = fetch(session, MobilePoint, point_id)
    known = session.scalar(select(PointActivity.activity_id).where(PointActivity.point_id == point_id))
    if known is not None:
        return known
    if (today or date.today()) < point.closes_on:
        raise ToolkitError(f"「{point.name}」{point.closes_on}结束，结束后再生成台账")
    deputies = list(session.scalars(select(MobilePointDeputy.deputy_id).where(MobilePointDeputy.point_id == point_id)))
    cases = list(session.scalars(select(Case.id).where(Case.point_id == point_id).order_by(Case.id)))
    days = f"{point.opens_on}至{point.closes_on}" if point.opens_on != point.closes_on else str(point.opens_on)
    activity = log_activity(session, ActivityForm(
        point.station_id, "reception", point.closes_on, f"流动联络站：{point.name}"[:100], theme="流动联络站",
        citizens_received=len(cases), deputy_ids=deputies, case_ids=cases,
        notes=f"地点：{point.place}；开放：{days}{(' ' + point.hours) if point.hours else ''}"), today=today)
    session.add(PointActivity(point_id=point_id, activity_id=activity))
    session.flush()
    return activity


def point_ledger(session: Session, point_id: int, today: date | None = None) -> bytes:
    """The ledger as an .xlsx: the point, the deputies on duty, the opinions raised (no citizen's phone)."""
    point = fetch(session, MobilePoint, point_id)
    activity = point_activity(session, point_id, today)
    names = on_duty_names(session, [point_id]).get(point_id, [])
    cases = session.execute(select(Case.number, Case.received_at, Case.category, Case.state, Case.content)
                            .where(Case.point_id == point_id).order_by(Case.received_at)).all()
    about = [["流动联络站", point.name], ["地点", point.place], ["开放", f"{point.opens_on}至{point.closes_on} {point.hours or ''}".strip()],
             ["值班代表", "、".join(names)], ["收集意见", f"{len(cases)}件"], ["履职活动编号", activity]]
    deputies = session.execute(select(Deputy.name, Deputy.workplace).join(MobilePointDeputy)
                               .where(MobilePointDeputy.point_id == point_id).order_by(Deputy.stroke_key)).all()
    return write_xlsx_sheets({
        "台账": (["项目", "内容"], about),
        "值班代表": (["姓名", "工作单位及职务"], [[n, w or ""] for n, w in deputies]),
        "收集意见": (["案件编号", "受理时间", "类别", "状态", "反映内容"],
                   [[n, str(at)[:16], c, CASE_STATES.get(st, st), text] for n, at, c, st, text in cases]),
    })
