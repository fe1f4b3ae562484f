"""网格员转交: a grid worker passes what they heard in their grid to one of its deputies as an opinion case
(channel 网格): the case carries the grid, the deputy is told (toolkit.ops.reminders), and the deputy
takes it up within the set working days (首问负责). The worker signs in with a personal link and sees
their own grids and hand-offs only; on PostgreSQL the public pages read both through checking
functions keyed by the link (public_worker_grids, public_worker_handoffs), never the grid table."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..admin.links import LinkHolder, issue_link, link_hash, link_holder, revoke_links
from ..core.errors import NotFound, ToolkitError, ValidationFailed
from ..core.glossary import CASE_STATES
from ..core.principal import is_public_on_postgresql, named
from ..core.settings import get_setting
from ..core.workdays import WorkCalendar
from ..network.grid_models import Grid, GridDeputy
from ..network.grids import check_worker_mobile
from ..network.models import Deputy, Station
from ..network.qr import public_base
from .models import Case
from .public_intake import citizen_message
from .services import Opinion, intake

ACTOR = "网格员（个人链接）"
SHOWN_DAYS = 90             # the worker's page lists the hand-offs of the last three months


@dataclass
class WorkerGrid:
    """A grid of the worker, with the deputies who answer for it."""

    id: int
    name: str
    station_id: int
    station: str
    deputies: list[tuple[int, str]] = field(default_factory=list)


def _worker(session: Session, token: str) -> str:
    holder = link_holder(session, token)
    if holder.holder != "grid_worker":
        raise NotFound("链接无效或已失效：请联系联络站工作人员重新获取")
    return holder.mobile


def worker_grids(session: Session, token: str) -> list[WorkerGrid]:
    """The grids whose 网格员手机 is the link's, by station and name, with their deputies."""
    if is_public_on_postgresql(session):
        rows = session.execute(select(func.public_worker_grids(link_hash(token)).table_valued(
            "grid_id", "grid_name", "station_id", "station_name", "deputy_id", "deputy_name"))).all()
    else:
        mobile = _worker(session, token)
        rows = session.execute(select(Grid.id, Grid.name, Grid.station_id, Station.name, Deputy.id, Deputy.name)
                               .join(Station, Station.id == Grid.station_id)
                               .outerjoin(GridDeputy, GridDeputy.grid_id == Grid.id)
                               .outerjoin(Deputy, Deputy.id == GridDeputy.deputy_id)
                               .where(Grid.worker_mobile == mobile)
                               .order_by(Grid.station_id, Grid.name, Deputy.stroke_key)).all()
    grids: dict[int, WorkerGrid] = {}
    for gid, name, sid, station, did, deputy in rows:
        g = grids.setdefault(gid, WorkerGrid(gid, name, sid, station))
        if did is not None:
            g.deputies.append((did, deputy))
    return list(grids.values())


def hand_off(session: Session, token: str, grid_id: int, deputy_id: int | None, content: str, category: str = "其他",
             name: str = "", phone: str = "", now: datetime | None = None) -> str:
    """Pass an opinion heard in one of the worker's grids to one of its deputies; the case number."""
    now = now or datetime.now()
    grids = {g.id: g for g in worker_grids(session, token)}
    if not grids:
        raise NotFound("链接无效或已失效：请联系联络站工作人员重新获取")
    grid = grids.get(grid_id)
    if grid is None:
        raise ToolkitError("请选择您负责的网格")
    if not grid.deputies:
        raise ToolkitError(f"「{grid.name}」尚无联系代表，请联系{grid.station}安排")
    if deputy_id not in {d for d, _ in grid.deputies}:
        raise ToolkitError(f"请选择「{grid.name}」的联系代表")
    days = get_setting(session, "grid_handoff_workdays")
    due = WorkCalendar.load(session).add(now.date(), days)
    try:
        with named(session, ACTOR):
            case = intake(session, Opinion(content=content, channel="grid", category=category, station_id=grid.station_id,
                                           deputy_id=deputy_id, grid_id=grid.id, citizen_name=name, citizen_phone=phone),
                          register=False, at=now, deadline=due)
    except ValidationFailed as e:
        raise ToolkitError(citizen_message(e)) from None
    return case.number


def worker_handoffs(session: Session, token: str, today: date | None = None) -> list[dict]:
    """The worker's hand-offs of the last three months, newest first: number, day, grid, deputy, state."""
    since = (today or date.today()) - timedelta(days=SHOWN_DAYS)
    if is_public_on_postgresql(session):
        rows = session.execute(select(func.public_worker_handoffs(link_hash(token), since).table_valued(
            "number", "received_on", "grid_name", "deputy_name", "state", "deadline"))).all()
    else:
        mobile = _worker(session, token)
        rows = session.execute(select(Case.number, Case.received_on, Grid.name, Deputy.name, Case.state, Case.deadline)
                               .join(Grid, Grid.id == Case.grid_id).outerjoin(Deputy, Deputy.id == Case.deputy_id)
                               .where(Grid.worker_mobile == mobile, Case.channel == "grid", Case.received_on >= since)
                               .order_by(Case.received_at.desc(), Case.id.desc())).all()
    return [{"编号": n, "日期": d, "网格": g, "代表": p or "", "状态": CASE_STATES.get(s, s), "处理时限": due}
            for n, d, g, p, s, due in rows]


def grid_worker_link(session: Session, mobile: str, revoke: bool = False) -> str | int:
    """A new personal link for the grid worker of `mobile` (their address), or with `revoke` how many
    of their links were ended; refused when no grid names that mobile."""
    try:
        mobile = check_worker_mobile(mobile)
    except ValueError as e:
        raise ToolkitError(str(e)) from None
    stations = set(session.scalars(select(Grid.station_id).where(Grid.worker_mobile == mobile)))
    if not stations and not revoke:
        raise ToolkitError(f"没有网格的网格员手机是 {mobile}：请先在网格表中填写网格员手机")
    holder = LinkHolder("grid_worker", mobile=mobile)
    if revoke:
        return revoke_links(session, holder, station_id=stations or None)
    return f"{public_base()}g/{issue_link(session, holder, station_id=stations)}"
