"""Users, their roles and scopes: managed from the admin app and `liaison user`."""
from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.access_rules import ANALYST, CITY, DEPT, DEPUTY, STATION_ROLES
from ..core.errors import FieldError, NotFound, StaleEdit, ToolkitError, ValidationFailed
from ..core.glossary import ROLES
from ..core.principal import Principal, principal_of
from ..core.scope import scope_of
from ..core.validation import check_email, check_phone, mobile_number
from ..network.models import Department, Deputy, Station
from ..network.station_index import StationIndex
from .models import AppUser

LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{2,50}$")
USER_COLUMNS = ["编号", "登录名", "姓名", "角色", "管理范围", "通知方式", "状态"]


def _role_code(role: str) -> str:
    if role in ROLES:
        return role
    by_label = {v: k for k, v in ROLES.items()}
    if role in by_label:
        return by_label[role]
    raise ValidationFailed([FieldError("角色", f"「{role}」不是可选的角色（{'、'.join(ROLES.values())}）")])


def _checked(session: Session, login: str, name: str, role: str, station_id, department_id, deputy_id,
             own_id: int | None = None) -> dict:
    errors: list[FieldError] = []
    login, name = (login or "").strip(), (name or "").strip()
    if not LOGIN_PATTERN.match(login):
        errors.append(FieldError("登录名", "须为2至50位字母、数字或 _ . @ -"))
    elif session.scalar(select(AppUser.id).where(AppUser.login == login, AppUser.id != (own_id or 0))):
        errors.append(FieldError("登录名", f"「{login}」已被使用"))
    if not name or len(name) > 50:
        errors.append(FieldError("姓名", "必填，不超过50个字"))
    try:
        role = _role_code(role)
    except ValidationFailed as e:
        errors.extend(e.errors)
        raise ValidationFailed(errors)
    # Each role keeps exactly the scope it acts in; the others are cleared. An analyst's station is
    # optional: none reads the whole city.
    station_id = station_id if role in STATION_ROLES or role == ANALYST else None
    department_id = department_id if role == DEPT else None
    deputy_id = deputy_id if role == DEPUTY else None
    if role in STATION_ROLES and (station_id is None or session.get(Station, station_id) is None):
        errors.append(FieldError("管理范围", f"{ROLES[role]}须指定所在站点"))
    if role == ANALYST and station_id is not None and session.get(Station, station_id) is None:
        errors.append(FieldError("管理范围", "找不到所选站点"))
    if role == DEPT and (department_id is None or session.get(Department, department_id) is None):
        errors.append(FieldError("管理范围", "承办单位用户须指定单位"))
    if role == DEPUTY and (deputy_id is None or session.get(Deputy, deputy_id) is None):
        errors.append(FieldError("管理范围", "代表用户须指定代表本人"))
    if errors:
        raise ValidationFailed(errors)
    return dict(login=login, name=name, role=role, station_id=station_id, department_id=department_id,
                deputy_id=deputy_id)


def _contacts(email: str | None, phone: str | None) -> dict:
    """Where the user hears of their work (toolkit.notify); None keeps a field, "" clears it."""
    errors, out = [], {}
    for label, key, value, check in (("电子邮箱", "email", email, check_email), ("手机", "phone", phone, check_phone)):
        if value is None:
            continue
        try:
            out[key] = check(value) if value.strip() else None
        except ValueError as e:
            errors.append(FieldError(label, str(e)))
    if errors:
        raise ValidationFailed(errors)
    return out


def _require_manage(session: Session, values: dict) -> None:
    """A county administrator manages users inside their subtree only (a city administrator or a
    department has no station, so only a city administrator may name one)."""
    station = values["station_id"]
    if values["deputy_id"] is not None:
        station = session.scalar(select(Deputy.station_id).where(Deputy.id == values["deputy_id"]))
    require(session, "user.manage", station_id=station, target=values["login"])


def add_user(session: Session, login: str, name: str, role: str, station_id: int | None = None,
             department_id: int | None = None, deputy_id: int | None = None, email: str | None = None,
             phone: str | None = None) -> int:
    """Create a user; the role's scope is checked, and so is the creator's."""
    values = _checked(session, login, name, role, station_id, department_id, deputy_id)
    contacts = _contacts(email, phone)
    _require_manage(session, values)
    user = AppUser(**values, **contacts)
    session.add(user)
    session.flush()
    return user.id


def get_user(session: Session, user_id: int) -> AppUser:
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFound(f"没有编号为 {user_id} 的用户")
    return user


def get_user_by_login(session: Session, login: str) -> AppUser:
    user = session.scalar(select(AppUser).where(AppUser.login == login))
    if user is None:
        raise NotFound(f"没有登录名为「{login}」的用户")
    return user


def update_user(session: Session, user_id: int, name: str, role: str, station_id=None, department_id=None,
                deputy_id=None, active: bool = True, expected_version: int | None = None, email: str | None = None,
                phone: str | None = None) -> None:
    """Change a user's name, role, scope, status or contacts (both the old and the new scope must be yours)."""
    user = get_user(session, user_id)
    if expected_version is not None and user.version != expected_version:
        raise StaleEdit()
    _require_manage(session, _values_of(user))
    values = _checked(session, user.login, name, role, station_id, department_id, deputy_id, own_id=user.id)
    values.update(_contacts(email, phone))
    _require_manage(session, values)
    p = principal_of(session)
    if p is not None and p.login == user.login and (values["role"] != user.role or not active):
        raise ToolkitError("不能修改自己的角色或停用自己的账号，请另一位管理员办理。")
    for key, value in values.items():
        setattr(user, key, value)
    user.active = active
    session.flush()


def _values_of(user: AppUser) -> dict:
    return dict(login=user.login, name=user.name, role=user.role, station_id=user.station_id,
                department_id=user.department_id, deputy_id=user.deputy_id)


def principal_for(session: Session, login: str) -> Principal | None:
    """The principal of an active user, with the stations their scope covers; None if unknown."""
    user = session.scalar(select(AppUser).where(AppUser.login == login))
    if user is None or not user.active:
        return None
    stations: frozenset[int] = frozenset()
    if user.station_id is not None:
        stations = frozenset(StationIndex.load(session).subtree(user.station_id))
    return Principal(login=user.login, name=user.name, role=user.role, station_id=user.station_id,
                     department_id=user.department_id, deputy_id=user.deputy_id, stations=stations)


def scope_label(session: Session, user: AppUser, index: StationIndex | None = None) -> str:
    """Where a user acts, in words."""
    if user.station_id is not None:
        return (index or StationIndex.load(session)).path(user.station_id)
    if user.department_id is not None:
        return session.get(Department, user.department_id).name
    if user.deputy_id is not None:
        return f"代表本人：{session.get(Deputy, user.deputy_id).name}"
    return "全市" if user.role in (CITY, ANALYST) else ""


def _reached_by(user: AppUser) -> str:
    """How notifications reach the user (toolkit.notify.addresses: e-mail first, else a text)."""
    if user.email:
        return "电子邮件"
    return "短信" if mobile_number(user.phone) else "（无）"


def list_users(session: Session) -> pd.DataFrame:
    """Every user the session's user may manage, newest last."""
    index = StationIndex.load(session)
    q = select(AppUser).where(scope_of(session).where(station=AppUser.station_id)).order_by(AppUser.id)
    rows = []
    for u in session.scalars(q):
        rows.append((u.id, u.login, u.name, ROLES[u.role], scope_label(session, u, index), _reached_by(u),
                     "启用" if u.active else "停用"))
    return pd.DataFrame(rows, columns=USER_COLUMNS)
