"""代表小组: deputy groups by township or by field — a leader (组长), members of any level, the station
where the group meets (its scope)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import FieldError, NotFound, ToolkitError, ValidationFailed
from ..core.glossary import GROUP_KINDS
from ..core.records import fetch
from ..core.scope import scope_of
from .group_models import DeputyGroup, DeputyGroupMember
from .models import Deputy, Station


@dataclass
class GroupForm:
    """What staff fill in for a deputy group."""

    name: str
    kind: str
    station_id: int | None
    leader_id: int | None = None
    member_ids: list[int] = field(default_factory=list)
    field: str = ""


def save_group(session: Session, form: GroupForm, group_id: int | None = None) -> DeputyGroup:
    """Set up a group or change one (its members replaced; the leader is always a member)."""
    errors = []
    if not (form.name or "").strip():
        errors.append(FieldError("小组名称", "必填，如「五松镇代表小组」"))
    if form.kind not in GROUP_KINDS:
        errors.append(FieldError("类型", f"应为{'、'.join(GROUP_KINDS.values())}之一"))
    if form.kind == "field" and not (form.field or "").strip():
        errors.append(FieldError("专业领域", "按专业领域的小组请写明领域，如「农业农村」"))
    if form.station_id is None:
        errors.append(FieldError("活动站点", "请选择小组活动的站点"))
    if errors:
        raise ValidationFailed(errors)
    station = fetch(session, Station, form.station_id)
    group = fetch(session, DeputyGroup, group_id) if group_id is not None else None
    require(session, "group.edit", station_id={station.id} | ({group.station_id} if group else set()),
            target=form.name.strip())
    members = list(dict.fromkeys(form.member_ids + ([form.leader_id] if form.leader_id else [])))
    if len(set(session.scalars(select(Deputy.id).where(Deputy.id.in_(members))))) != len(members):
        raise ToolkitError("成员中有不存在的代表")
    clash = session.scalar(select(DeputyGroup.id).where(DeputyGroup.station_id == station.id,
                                                        DeputyGroup.name == form.name.strip()))
    if clash is not None and clash != group_id:
        raise ToolkitError(f"「{station.name}」已有名为「{form.name.strip()}」的代表小组")
    if group is None:
        group = DeputyGroup()
        session.add(group)
    group.name, group.kind, group.station_id = form.name.strip()[:100], form.kind, station.id
    group.field, group.leader_id = (form.field or "").strip()[:60] or None, form.leader_id
    session.flush()
    session.execute(delete(DeputyGroupMember).where(DeputyGroupMember.group_id == group.id))
    if members:
        session.execute(insert(DeputyGroupMember.__table__), [{"group_id": group.id, "deputy_id": d} for d in members])
    return group


def read_group(session: Session, group_id: int) -> GroupForm:
    """A group as its form shows it (within the user's scope)."""
    group = fetch(session, DeputyGroup, group_id)
    if not scope_of(session).covers(station_id=group.station_id):
        raise NotFound("找不到该代表小组")
    return GroupForm(group.name, group.kind, group.station_id, group.leader_id, group_members(session, group_id),
                     group.field or "")


def group_members(session: Session, group_id: int) -> list[int]:
    """The members' ids, by surname strokes."""
    return list(session.scalars(select(DeputyGroupMember.deputy_id).join(Deputy)
                                .where(DeputyGroupMember.group_id == group_id).order_by(Deputy.stroke_key)))


def list_groups(session: Session) -> list[dict]:
    """The groups in the user's scope, by station then name, with leader and size."""
    size = (select(DeputyGroupMember.group_id, func.count().label("n"))
            .group_by(DeputyGroupMember.group_id).subquery())
    rows = session.execute(select(DeputyGroup.id, DeputyGroup.name, DeputyGroup.kind, DeputyGroup.field, Station.name,
                                  Deputy.name, func.coalesce(size.c.n, 0))
                           .join(Station, Station.id == DeputyGroup.station_id)
                           .outerjoin(Deputy, Deputy.id == DeputyGroup.leader_id)
                           .outerjoin(size, size.c.group_id == DeputyGroup.id)
                           .where(scope_of(session).where(station=DeputyGroup.station_id))
                           .order_by(DeputyGroup.station_id, DeputyGroup.name))
    return [{"id": i, "小组": n, "类型": GROUP_KINDS[k] + (f"·{f}" if f else ""), "活动站点": s, "组长": leader or "",
             "成员数": m} for i, n, k, f, s, leader, m in rows]


def deputy_choices(session: Session, station_id: int | None = None) -> list[tuple[str, int]]:
    """(name with home station, id) of every deputy (those seated at `station_id` first): members may
    come from any level and station."""
    rows = session.execute(select(Deputy.name, Station.name, Deputy.id, Deputy.station_id)
                           .outerjoin(Station, Station.id == Deputy.station_id)
                           .order_by(Deputy.station_id != station_id, Deputy.stroke_key, Deputy.id)).all()
    return [(f"{n}（{s or '未进站'}）", i) for n, s, i, _ in rows]
