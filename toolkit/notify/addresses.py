"""Who can be reached, and how: a department by its e-mail and group robot; a person (staff,
deputy) by e-mail, else by a text to their mobile; a citizen by a text only. Someone with no
address gets nothing. `tell` puts one message per address in the outbox."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..admin.models import AppUser
from ..core.validation import mobile_number
from ..network.models import Department, Deputy
from .outbox import enqueue

SMS_LIMIT = 140   # two SMS segments of 70 Chinese characters: what a gateway bills as one message pair


@dataclass(frozen=True)
class Address:
    channel: str
    recipient: str


def robot_channel(url: str) -> str:
    """钉钉 robots live on oapi.dingtalk.com; any other robot address is taken as 企业微信's."""
    return "dingtalk" if (urlparse(url).hostname or "").endswith("dingtalk.com") else "wecom"


def of_department(dept: Department | None) -> list[Address]:
    """A unit hears by e-mail and by its group robot, whichever it has (its phone is for people)."""
    if dept is None or not dept.active:
        return []
    out = [Address("email", dept.email)] if dept.email else []
    return out + ([Address(robot_channel(dept.robot_url), dept.robot_url)] if dept.robot_url else [])


def of_person(email: str | None, phone: str | None) -> list[Address]:
    """E-mail when there is one (free, and long enough for a list), else a text to a mobile."""
    if email:
        return [Address("email", email)]
    number = mobile_number(phone)
    return [Address("sms", number)] if number else []


def of_deputy(session: Session, deputy_id: int | None) -> list[Address]:
    d = session.get(Deputy, deputy_id) if deputy_id else None
    return of_person(d.email, d.phone) if d is not None else []


def of_users(session: Session, role: str, station_id: int | None = None) -> list[Address]:
    """The active users of a role (of one station, for station roles) who have an address."""
    q = select(AppUser.email, AppUser.phone).where(AppUser.role == role, AppUser.active.is_(True))
    if station_id is not None:
        q = q.where(AppUser.station_id == station_id)
    return [a for email, phone in session.execute(q.order_by(AppUser.id)) for a in of_person(email, phone)]


def tell(session: Session, key: str, addresses: list[Address], subject: str, body: str, event: str,
         sms: str | None = None) -> int:
    """One message per distinct address under `key` (the event and record: enqueued again, stored
    once); a text message carries `sms` (or the body, which names the case: a subject line is an
    e-mail's), cut to SMS_LIMIT. Returns how many messages are new."""
    new = 0
    for a in dict.fromkeys(addresses):
        tag = hashlib.sha256(f"{a.channel}:{a.recipient}".encode()).hexdigest()[:12]
        text = (sms or body)[:SMS_LIMIT] if a.channel == "sms" else body
        new += enqueue(session, f"{key}:{tag}", a.channel, a.recipient, subject, text, event)
    return new
