"""The 12345 hotline's deputy channel: import its export as cases, each ticket once."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.errors import RowError
from ..core.glossary import CATEGORIES
from ..core.validation import check_datetime, check_phone
from ..formats.spreadsheets import Table, check_header
from .ledger_import import CasePlan, Resolver, _cell, _checked
from .models import Case

HOTLINE_COLUMNS = ("工单编号", "受理时间", "来电人", "联系电话", "诉求内容", "诉求类别", "接收代表",
                   "所属站点")
HOTLINE_REQUIRED = frozenset({"工单编号", "受理时间", "诉求内容", "所属站点"})


def plan_hotline_import(session: Session, table: Table) -> CasePlan:
    """Check a hotline export; tickets already imported are skipped. Writes nothing."""
    header_errors, warnings = check_header(table, HOTLINE_COLUMNS, HOTLINE_REQUIRED)
    plan = CasePlan(errors=header_errors, warnings=warnings)
    if header_errors:
        return plan
    r = Resolver(session)
    known = set(session.scalars(select(Case.hotline_ticket).where(Case.hotline_ticket.is_not(None))))
    seen: dict[str, int] = {}
    other = 0
    for number, raw in zip(table.row_numbers, table.rows):
        errors = [RowError(number, c, "必填") for c in HOTLINE_REQUIRED if not _cell(raw, c)]
        ticket = _cell(raw, "工单编号")
        received = _checked(errors, number, "受理时间", check_datetime, _cell(raw, "受理时间"))
        station = _checked(errors, number, "所属站点", r.station, _cell(raw, "所属站点"))
        deputy = _checked(errors, number, "接收代表", lambda n: r.deputy(n, station), _cell(raw, "接收代表"))
        phone = _checked(errors, number, "联系电话", check_phone, _cell(raw, "联系电话"))
        content = _cell(raw, "诉求内容")
        if len(content) > 2000:
            errors.append(RowError(number, "诉求内容", "内容超过2000字"))
        if ticket in seen:
            errors.append(RowError(number, "工单编号", f"与第{seen[ticket]}行重复"))
        plan.errors += errors
        if errors:
            continue
        seen[ticket] = number
        if ticket in known:
            plan.skipped.append(number)
            continue
        category = _cell(raw, "诉求类别")
        if category not in CATEGORIES:
            other += 1
            category = "其他"
        plan.new.append({"number": None, "hotline_ticket": ticket, "received_at": received,
                         "channel": "hotline", "citizen_name": _cell(raw, "来电人") or None,
                         "citizen_phone": phone, "content": content, "category": category,
                         "deputy_id": deputy, "station_id": station, "department": None,
                         "assigned_on": None, "deadline": None, "answered_on": None,
                         "state": "registered", "rating": None, "on_site": False})
    if other:
        plan.warnings.append(f"{other}张工单的诉求类别不在本系统类别中，已归入「其他」")
    return plan
