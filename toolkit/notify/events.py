"""What happened, as messages: each event knows who hears of it and says it in a line or two of
Chinese, with nothing the recipient may not see. Only recipients with an address get anything."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from ..network.models import Department
from .outbox import enqueue


def robot_channel(url: str) -> str:
    """钉钉 robots live on oapi.dingtalk.com; any other robot address is taken as 企业微信's."""
    return "dingtalk" if (urlparse(url).hostname or "").endswith("dingtalk.com") else "wecom"


def case_assigned(session: Session, number: str, category: str, deadline: date | None, department_id: int,
                  working_days: int | None, round_: int = 1) -> int:
    """To the department the case was given to (交办, 转办, or back for 二次办理): by e-mail and robot."""
    dept = session.get(Department, department_id)
    if dept is None:
        return 0
    limit = f"办理时限{deadline}" + (f"（{working_days}个工作日）" if working_days else "") if deadline else "请尽快办理"
    subject = f"新交办案件 {number}"
    body = f"{dept.name}：联络站交办社情民意案件 {number}（{category}），{limit}。请登录联络站工作台签收办理。"
    sent = 0
    for channel, address in (("email", dept.email), (robot_channel(dept.robot_url or ""), dept.robot_url)):
        if address:
            sent += enqueue(session, f"case-assigned:{number}:{round_}:{deadline}:{dept.id}:{channel}", channel,
                            address, subject, body, "case_assigned")
    return sent
