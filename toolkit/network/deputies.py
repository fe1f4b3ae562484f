"""Services of deputies: add, edit, read back as a record."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..core.access import require
from ..core.access_rules import DEPUTY
from ..core.collation import pinyin_key, stroke_key
from ..core.errors import FieldError, ToolkitError, ValidationFailed, check_version
from ..core.glossary import LEVELS
from ..core.personal_data import masked_record, sees_deputy_contacts
from ..core.principal import principal_of
from ..core.records import fetch
from .deputy_fields import DeputyData, join_per_level, validate_deputy
from .enrolment import record_move
from .models import Deputy, Seat
from .station_index import StationIndex


def get_deputy(session: Session, deputy_id: int) -> Deputy:
    """The deputy (with seats) or NotFound."""
    return fetch(session, Deputy, deputy_id, options=[selectinload(Deputy.seats)])


def _validated(session: Session, raw: dict, index: StationIndex) -> tuple[DeputyData, int]:
    data, errors = validate_deputy(raw)
    station_id = None
    if data is not None:
        try:
            station_id = index.resolve(data.station)
            if index.by_id[station_id].closed:
                errors.append(FieldError("所属联络站", f"「{data.station}」已撤销"))
        except ValueError as e:
            errors.append(FieldError("所属联络站", str(e)))
    if errors:
        raise ValidationFailed(errors)
    return data, station_id


def find_twin(session: Session, data: DeputyData, exclude_id: int | None = None) -> Deputy | None:
    """The same person already on file: same ID number, or same name + birth month + phone."""
    if data.id_number:
        q = select(Deputy).where(Deputy.id_number == data.id_number)
    elif data.birth_month and data.phone:
        q = select(Deputy).where(Deputy.name == data.name, Deputy.birth_month == data.birth_month,
                                 Deputy.phone == data.phone)
    else:
        return None
    twin = session.scalar(q)
    return twin if twin is not None and twin.id != exclude_id else None


def apply_data(deputy: Deputy, data: DeputyData) -> None:
    """Copy a validated record onto the row, seats included (the station is handled apart)."""
    for key in ("name", "gender", "ethnicity", "birth_month", "id_number", "party",
                "workplace", "phone", "email", "is_reelected", "is_leader", "specialty"):
        setattr(deputy, key, getattr(data, key))
    deputy.pinyin_key = pinyin_key(data.name)
    deputy.stroke_key = stroke_key(data.name)
    by_level = {s.level: s for s in deputy.seats}
    for level in list(by_level):
        if level not in data.levels:
            deputy.seats.remove(by_level[level])
    for level in data.levels:
        seat = by_level.get(level) or Seat(level=level)
        seat.term, seat.district = data.terms.get(level), data.districts.get(level)
        if level not in by_level:
            deputy.seats.append(seat)


def create_deputy(session: Session, raw: dict) -> int:
    """Add a deputy from a form or roster record (Chinese field labels); returns the id."""
    index = StationIndex.load(session)
    data, station_id = _validated(session, raw, index)
    require(session, "deputy.edit", station_id=station_id, target=data.name)
    if find_twin(session, data) is not None:
        raise ValidationFailed([FieldError("身份证号" if data.id_number else "姓名",
                                           "该代表已在名册中，请编辑原记录")])
    deputy = Deputy(seats=[])
    apply_data(deputy, data)
    session.add(deputy)
    session.flush()
    record_move(session, deputy, station_id, "新增代表时编组进站")
    return deputy.id


def update_deputy(session: Session, deputy_id: int, raw: dict,
                  expected_version: int | None = None) -> None:
    """Edit a deputy; a changed station is recorded as a move (and needs the right to move them)."""
    deputy = get_deputy(session, deputy_id)
    require(session, "deputy.edit", station_id=deputy.station_id, deputy_id=deputy_id, target=deputy.name)
    check_version(deputy, expected_version)
    index = StationIndex.load(session)
    _only_own_fields(session, deputy, raw, index)
    data, station_id = _validated(session, raw, index)
    if find_twin(session, data, exclude_id=deputy_id) is not None:
        raise ValidationFailed([FieldError("身份证号", "另一名代表已使用该身份证号")])
    if station_id != deputy.station_id:
        require(session, "deputy.enrol", station_id=[deputy.station_id, station_id], target=deputy.name)
    apply_data(deputy, data)
    if station_id != deputy.station_id:
        record_move(session, deputy, station_id, "编辑代表信息时调整联络站")


# What deputies may change in their own record: a seat, a name or being a leading cadre is the
# congress office's to record (a seat would give them a ballot in another congress's vote).
SELF_EDITABLE = ("联系电话", "电子邮箱", "专业特长")


def _only_own_fields(session: Session, deputy: Deputy, raw: dict, index: StationIndex) -> None:
    p = principal_of(session)
    if p is None or p.role != DEPUTY:
        return
    current = deputy_record(deputy, index)
    changed = [k for k, v in current.items()
               if k not in SELF_EDITABLE and k in raw and str(raw[k] or "").strip() != str(v).strip()]
    if changed:
        raise ToolkitError(f"代表本人只能修改{'、'.join(SELF_EDITABLE)}；"
                           f"{'、'.join(changed)}的变更请联系所在联络站或人大常委会工作机构办理")


def deputy_record(deputy: Deputy, index: StationIndex) -> dict[str, str]:
    """The deputy as a roster row / form values: Chinese labels to text."""
    seats = sorted(deputy.seats, key=lambda s: list(LEVELS).index(s.level))

    def yes_no(flag):
        return "" if flag is None else ("是" if flag else "否")

    return {
        "姓名": deputy.name, "性别": deputy.gender, "民族": deputy.ethnicity or "",
        "出生年月": f"{deputy.birth_month:%Y-%m}" if deputy.birth_month else "",
        "身份证号": deputy.id_number or "", "政治面貌": deputy.party or "",
        "代表层级": "、".join(LEVELS[s.level] for s in seats),
        "届次": join_per_level({s.level: s.term for s in seats}),
        "选区": join_per_level({s.level: s.district for s in seats}),
        "工作单位及职务": deputy.workplace or "", "联系电话": deputy.phone or "",
        "所属联络站": index.ref(deputy.station_id) if deputy.station_id else "",
        "是否连任": yes_no(deputy.is_reelected), "是否领导干部": yes_no(deputy.is_leader),
        "专业特长": deputy.specialty or "", "电子邮箱": deputy.email or "",
    }


def read_deputy(session: Session, deputy_id: int) -> dict[str, str]:
    """A deputy's record with Chinese labels, for a form to show (ID number and phone masked for
    a user who does not handle this deputy)."""
    deputy = get_deputy(session, deputy_id)
    shown = deputy_record(deputy, StationIndex.load(session))
    return shown if sees_deputy_contacts(principal_of(session), deputy.station_id, deputy.id) else masked_record(shown)


def set_resident(session: Session, deputy_id: int, resident: bool) -> None:
    """Mark a deputy as resident (驻站代表) at their home station."""
    deputy = get_deputy(session, deputy_id)
    require(session, "deputy.enrol", station_id=deputy.station_id, target=deputy.name)
    if resident and deputy.station_id is None:
        raise ToolkitError(f"{deputy.name}尚未编组进站，不能设为驻站代表")
    deputy.is_resident = resident

