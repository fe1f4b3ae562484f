"""流动联络站: a station sets up a time-boxed point (a market, a square, a field) with deputies on duty and
its own QR code; opinions left there carry the point (toolkit.cases.public_intake)."""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

import segno
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import FieldError, NotFound, ToolkitError, ValidationFailed
from ..core.records import fetch
from ..core.scope import scope_of
from ..core.validation import check_coordinates
from .models import Deputy, Station
from .point_models import MobilePoint, MobilePointDeputy
from .qr import public_base
from .station_index import StationIndex

LONGEST_DAYS = 92          # a point runs for days or weeks; a standing one is a station


@dataclass
class PointForm:
    """What staff fill in for a mobile point."""

    station_id: int | None
    name: str
    place: str
    opens_on: date | None
    closes_on: date | None
    hours: str = ""
    deputy_ids: list[int] = field(default_factory=list)
    longitude: str | float | None = None
    latitude: str | float | None = None


def _check(form: PointForm) -> tuple[float | None, float | None]:
    errors = []
    if not (form.name or "").strip():
        errors.append(FieldError("名称", "必填，如「五松镇农贸市场流动联络站」"))
    if not (form.place or "").strip():
        errors.append(FieldError("地点", "必填"))
    if form.opens_on is None or form.closes_on is None:
        errors.append(FieldError("日期", "请填写开始和结束日期"))
    elif form.closes_on < form.opens_on:
        errors.append(FieldError("日期", "结束日期不能早于开始日期"))
    elif (form.closes_on - form.opens_on).days >= LONGEST_DAYS:
        errors.append(FieldError("日期", f"流动联络站一次最长{LONGEST_DAYS}天；常设的请在站点名册中设联络点"))
    if form.station_id is None:
        errors.append(FieldError("所属站点", "请选择组织的站点"))
    try:
        coordinates = check_coordinates(form.longitude, form.latitude)
    except ValueError as e:
        errors.append(FieldError(*e.args))
        coordinates = (None, None)
    if errors:
        raise ValidationFailed(errors)
    return coordinates


def open_point(session: Session, form: PointForm, point_id: int | None = None) -> MobilePoint:
    """Set up a mobile point (or change one): its days, place and deputies on duty."""
    lon, lat = _check(form)
    station = fetch(session, Station, form.station_id)
    point = fetch(session, MobilePoint, point_id) if point_id is not None else None
    require(session, "point.edit", station_id={station.id} | ({point.station_id} if point else set()),
            target=form.name.strip())
    if station.closed_on is not None:
        raise ToolkitError(f"「{station.name}」已撤销")
    known = set(session.scalars(select(Deputy.id).where(Deputy.id.in_(form.deputy_ids))))
    if set(form.deputy_ids) - known:
        raise ToolkitError("值班代表中有不存在的代表")
    if point is None:
        point = MobilePoint(qr_token=secrets.token_urlsafe(12))
        session.add(point)
    point.station_id, point.name, point.place = station.id, form.name.strip()[:100], form.place.strip()[:200]
    point.opens_on, point.closes_on, point.hours = form.opens_on, form.closes_on, (form.hours or "").strip()[:60] or None
    point.longitude, point.latitude = lon, lat
    session.flush()
    session.execute(delete(MobilePointDeputy).where(MobilePointDeputy.point_id == point.id))
    if form.deputy_ids:
        session.execute(insert(MobilePointDeputy.__table__),
                        [{"point_id": point.id, "deputy_id": d} for d in dict.fromkeys(form.deputy_ids)])
    return point


def point_url(token: str) -> str:
    """The public page a point's QR code opens."""
    return f"{public_base()}p/{token}"


def point_qr(session: Session, point_id: int, kind: str = "png", scale: int = 8) -> bytes:
    """The point's QR code as PNG or SVG bytes (printed on its banner and table card)."""
    point = fetch(session, MobilePoint, point_id)
    buf = io.BytesIO()
    segno.make(point_url(point.qr_token), error="m").save(buf, kind=kind, scale=scale, border=2)
    return buf.getvalue()


def point_state(opens_on: date, closes_on: date, today: date | None = None) -> str:
    """未开始, 进行中 or 已结束."""
    today = today or date.today()
    return "未开始" if today < opens_on else "已结束" if today > closes_on else "进行中"


def list_points(session: Session, station: int | None = None) -> list[dict]:
    """The mobile points in the user's scope (under `station` if given), newest first, with their deputies."""
    keep = scope_of(session).where(station=MobilePoint.station_id)
    if station is not None:
        keep = keep & MobilePoint.station_id.in_(StationIndex.load(session).subtree(station))
    points = session.execute(select(MobilePoint.id, MobilePoint.name, MobilePoint.place, MobilePoint.opens_on,
                                    MobilePoint.closes_on, MobilePoint.hours, Station.name)
                             .join(Station, Station.id == MobilePoint.station_id).where(keep)
                             .order_by(MobilePoint.opens_on.desc(), MobilePoint.id.desc())).all()
    names = on_duty_names(session, [p[0] for p in points])
    return [{"id": i, "名称": n, "地点": place, "开始": o, "结束": c, "时段": h or "", "组织站点": s,
             "值班代表": "、".join(names.get(i, [])), "状态": point_state(o, c)} for i, n, place, o, c, h, s in points]


def on_duty_names(session: Session, point_ids: list[int]) -> dict[int, list[str]]:
    """Point id → its deputies' names, by surname strokes."""
    out: dict[int, list[str]] = {}
    for pid, name in session.execute(select(MobilePointDeputy.point_id, Deputy.name).join(Deputy)
                                     .where(MobilePointDeputy.point_id.in_(point_ids)).order_by(Deputy.stroke_key)):
        out.setdefault(pid, []).append(name)
    return out


def read_point(session: Session, point_id: int) -> tuple[PointForm, str]:
    """A point as its form shows it, and its QR page's address (within the user's scope)."""
    point = fetch(session, MobilePoint, point_id)
    if not scope_of(session).covers(station_id=point.station_id):
        raise NotFound("找不到该流动联络站")
    deputies = list(session.scalars(select(MobilePointDeputy.deputy_id).where(MobilePointDeputy.point_id == point_id)))
    return PointForm(point.station_id, point.name, point.place, point.opens_on, point.closes_on, point.hours or "",
                     deputies, point.longitude, point.latitude), point_url(point.qr_token)


def open_points(session: Session, today: date | None = None) -> list[dict]:
    """The points open today or in the coming week, for the citizens' 找联络站 page (public facts only)."""
    today = today or date.today()
    rows = session.execute(select(MobilePoint.id, MobilePoint.name, MobilePoint.place, MobilePoint.opens_on,
                                  MobilePoint.closes_on, MobilePoint.hours)
                           .where(MobilePoint.closes_on >= today, MobilePoint.opens_on <= today + timedelta(days=7))
                           .order_by(MobilePoint.opens_on, MobilePoint.id)).all()
    names = on_duty_names(session, [r[0] for r in rows])
    return [{"名称": n, "地点": p, "开始": o, "结束": c, "时段": h or "", "值班代表": names.get(i, []),
             "状态": point_state(o, c, today)} for i, n, p, o, c, h in rows]
