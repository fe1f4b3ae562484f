"""The printable rota of a station's month (HTML and PDF)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..core.markup import frame_html, html
from ..formats.pdf import sheet
from ..network.stations import get_station
from .archive import PAGE
from .rota import RotaPlan, plan_table


def rota_title(session: Session, plan: RotaPlan) -> str:
    """「某站 2026-05 服务岗轮值表」."""
    return f"{get_station(session, plan.station_id).name} {plan.month} 服务岗轮值表"


def rota_html(session: Session, plan: RotaPlan) -> str:
    """A page to print and post at the station."""
    title = rota_title(session, plan)
    return html(PAGE, title=title, body=html("<h1>{}</h1>{}", title, frame_html(plan_table(plan), index=False, border=0)))


def rota_pdf(session: Session, plan: RotaPlan) -> bytes:
    """The same on A4."""
    return sheet(rota_title(session, plan), [plan_table(plan)])
