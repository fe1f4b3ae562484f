"""The directory of 承办单位 (departments): who answers the cases and the projects, and where each
hears of its work (an e-mail address, a group robot). Their case load is counted in cases.stats."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.audit import record
from ..core.errors import FieldError, NotFound, ValidationFailed
from ..core.principal import acting_name
from ..core.records import fetch
from ..core.validation import check_email, robot_allowed
from .models import Department


def add_department(session: Session, name: str, contact: str = "", phone: str = "") -> int:
    """Add a unit to the directory of 承办单位."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed([FieldError("单位名称", "必填")])
    if session.scalar(select(Department.id).where(Department.name == name)):
        raise ValidationFailed([FieldError("单位名称", f"已有「{name}」")])
    require(session, "department.edit", target=name)
    dept = Department(name=name, contact=contact.strip() or None, phone=phone.strip() or None)
    session.add(dept)
    session.flush()
    return dept.id


def set_department_contacts(session: Session, name: str, email: str | None = None, robot_url: str | None = None) -> None:
    """Where a department hears of its cases (toolkit.notify): an e-mail address, a group robot's
    address (企业微信 or 钉钉); None leaves a field as it is, "" clears it."""
    actor = acting_name(session)
    dept = session.scalar(select(Department).where(Department.name == (name or "").strip()))
    if dept is None:
        raise NotFound(f"没有名为「{name}」的承办单位")
    require(session, "department.edit", target=dept.name)
    errors = []
    if email and email.strip():
        try:
            check_email(email)
        except ValueError as e:
            errors.append(FieldError("电子邮箱", str(e)))
    if robot_url and not robot_allowed(robot_url.strip()):
        errors.append(FieldError("群机器人地址", "应为企业微信（https://qyapi.weixin.qq.com/…）或钉钉"
                                                 "（https://oapi.dingtalk.com/…）群机器人的 Webhook 地址"))
    if errors:
        raise ValidationFailed(errors)
    before = {"电子邮箱": dept.email, "群机器人": bool(dept.robot_url)}
    if email is not None:
        dept.email = email.strip() or None
    if robot_url is not None:
        dept.robot_url = robot_url.strip() or None
    session.flush()
    # The robot's address is a credential: the log says whether there is one, not what it is.
    record(session, actor, "department", dept.id, "update", before=before,
           after={"电子邮箱": dept.email, "群机器人": bool(dept.robot_url)})


def department_contacts(session: Session, department_id: int) -> tuple[str, bool]:
    """A unit's notification e-mail, and whether it has a group robot (whose address is a key: not shown)."""
    dept = fetch(session, Department, department_id)
    return dept.email or "", bool(dept.robot_url)


def reached_by(email: str | None, robot_url: str | None) -> str:
    return "、".join(label for label, has in (("电子邮件", email), ("群机器人", robot_url)) if has) or "（无）"


def departments(session: Session, active_only: bool = True) -> list[tuple[int, str]]:
    """(id, name) of the directory, by name."""
    q = select(Department.id, Department.name).order_by(Department.name)
    if active_only:
        q = q.where(Department.active.is_(True))
    return [tuple(r) for r in session.execute(q)]
