"""A deputy's personal link by name (`liaison deputy link NAME [--station PATH] [--revoke]`): the address of
their own page on LIAISON_PUBLIC_URL, or every link of theirs ended."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..core.records import fetch
from ..network.models import Deputy
from ..network.qr import public_base
from ..network.station_index import StationIndex
from .links import LinkHolder, issue_link, revoke_links


def find_deputy(session: Session, name: str, station: str | None = None) -> Deputy:
    """The one deputy of that name (seated under `station`, a path or unique name, when given)."""
    name = (name or "").strip()
    found = session.scalars(select(Deputy).where(Deputy.name == name).order_by(Deputy.id)).all()
    index = StationIndex.load(session)
    if station:
        try:
            under = set(index.subtree(index.resolve(station)))
        except ValueError as e:
            raise ToolkitError(str(e)) from None
        found = [d for d in found if d.station_id in under]
    if not found:
        raise ToolkitError(f"找不到名为「{name}」的代表" + (f"（在「{station}」及其下级站点）" if station else ""))
    if len(found) > 1:
        where = "、".join(index.path(d.station_id) if d.station_id else "未进站" for d in found[:4])
        raise ToolkitError(f"有{len(found)}名代表名为「{name}」（{where}），请用 --station 指明所在站点")
    return found[0]


def deputy_link(session: Session, name: str, station: str | None = None, revoke: bool = False) -> str | int:
    """The deputy's new personal address, or with `revoke` how many of their links were ended."""
    return link_for(session, find_deputy(session, name, station), revoke)


def link_for_deputy(session: Session, deputy_id: int, revoke: bool = False) -> str | int:
    """The same for a deputy picked in the app."""
    return link_for(session, fetch(session, Deputy, deputy_id), revoke)


def link_for(session: Session, deputy: Deputy, revoke: bool = False) -> str | int:
    """A new address for the deputy (shown once: only its keyed hash is kept), or their links ended."""
    holder = LinkHolder("deputy", deputy_id=deputy.id)
    if revoke:
        return revoke_links(session, holder, station_id=deputy.station_id)
    return f"{public_base()}m/{issue_link(session, holder, station_id=deputy.station_id)}"
