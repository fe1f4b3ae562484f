"""Personal data and who sees it: citizens' names and phones (cases), deputies' ID numbers and
phones (the roster). Everyone else sees them masked, in panels, exports and reports alike; an
analyst (分析员) sees them masked whatever their scope."""
from __future__ import annotations

from .access_rules import ANALYST
from .principal import Principal
from .scope import Scope


def sees_personal_data(p: Principal | None) -> bool:
    """Whether a user's role ever sees personal data in the clear (an analyst's never does)."""
    return p is None or p.role != ANALYST


def mask_phone(phone: str | None) -> str:
    """138****5678: the middle four digits hidden (landlines keep the area code and last 4)."""
    if not phone:
        return ""
    if "****" in phone:            # masked already (the analysts' database account reads it so)
        return phone
    if len(phone) == 11 and phone.isdigit():
        return f"{phone[:3]}****{phone[7:]}"
    return phone[:4] + "****" + phone[-4:] if len(phone) > 8 else "****"


def mask_email(email: str | None) -> str:
    """z***@example.gov.cn: the first character and the domain."""
    if not email or "@" not in email:
        return ""
    user, domain = email.split("@", 1)
    return f"{user[:1]}***@{domain}"


def mask_name(name: str | None) -> str:
    """王** : the surname only."""
    return (name[0] + "*" * (len(name) - 1)) if name else ""


def mask_id_number(id_number: str | None) -> str:
    """340702**********12: the region and the last two characters."""
    return f"{id_number[:6]}{'*' * (len(id_number) - 8)}{id_number[-2:]}" if id_number else ""


def sees_deputy_contacts(p: Principal | None, station_id: int | None, deputy_id: int) -> bool:
    """A deputy's ID number, phone and e-mail: for the city, the staff of their station (and those above
    it), and the deputy themself; trusted code (p is None) sees everything."""
    return sees_personal_data(p) and Scope.of(p).covers(station_id=station_id, deputy_id=deputy_id)


def masked_record(record: dict[str, str]) -> dict[str, str]:
    """A roster row / form values with the ID number and phone masked."""
    return {**record, "身份证号": mask_id_number(record.get("身份证号")), "联系电话": mask_phone(record.get("联系电话")),
            **({"电子邮箱": mask_email(record["电子邮箱"])} if "电子邮箱" in record else {})}
