"""The deputy's QR code (码上找代表): PNG/SVG, and a printable A4 sheet of cards per station."""
from __future__ import annotations

import io
import os
import secrets

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import NotFound
from ..core.glossary import LEVELS
from ..core.markup import Markup, html, join
from ..core.records import fetch
from .models import Deputy, Seat
from .station_index import StationIndex

ENV_PUBLIC_URL = "LIAISON_PUBLIC_URL"


def public_base() -> str:
    """Where citizens and deputies reach the public pages (LIAISON_PUBLIC_URL, e.g.
    https://rd.example.gov.cn/; by default `liaison serve`'s own public port)."""
    return os.environ.get(ENV_PUBLIC_URL, "http://127.0.0.1:8867/").rstrip("/") + "/"


def ensure_token(session: Session, deputy: Deputy) -> str:
    """The deputy's opaque QR token, made on first use (ids in links would be guessable)."""
    if not deputy.qr_token:
        require(session, "deputy.edit", station_id=deputy.station_id, deputy_id=deputy.id, target=deputy.name)
        deputy.qr_token = secrets.token_urlsafe(12)
        session.flush()
    return deputy.qr_token


def intake_url(token: str) -> str:
    """The public page a code opens, with the deputy preselected."""
    return f"{public_base()}d/{token}"


def deputy_address(session: Session, deputy_id: int) -> str:
    """The QR page's address of one deputy (a deputy without a code gets one)."""
    deputy = session.get(Deputy, deputy_id)
    if deputy is None:
        raise NotFound("找不到该代表")
    return intake_url(ensure_token(session, deputy))


def deputy_addresses(session: Session, station_ref: str | None = None) -> list[tuple[str, str, str]]:
    """(station path, deputy, the QR page's address) of every seated deputy — of one station's
    subtree when named — by station then name; a deputy without a code gets one."""
    index = StationIndex.load(session)
    q = select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.station_id, Deputy.pinyin_key, Deputy.id)
    if station_ref:
        try:
            q = q.where(Deputy.station_id.in_(index.subtree(index.resolve(station_ref))))
        except ValueError as e:
            raise NotFound(str(e)) from None
    return [(index.path(d.station_id), d.name, intake_url(ensure_token(session, d))) for d in session.scalars(q)]


def deputy_qr(session: Session, deputy_id: int, kind: str = "png", scale: int = 8) -> bytes:
    """The deputy's QR code as PNG or SVG bytes."""
    deputy = fetch(session, Deputy, deputy_id)
    code = segno.make(intake_url(ensure_token(session, deputy)), error="m")
    buf = io.BytesIO()
    code.save(buf, kind=kind, scale=scale, border=2)
    return buf.getvalue()


CARD_CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; }
h1 { font-size: 18px; margin: 0 0 8px; }
.cards { display: grid; grid-template-columns: repeat(2, 1fr); gap: 6mm; }
.card { border: 1px solid #b71c1c; border-radius: 3mm; padding: 4mm; display: flex; gap: 4mm;
        break-inside: avoid; height: 58mm; box-sizing: border-box; }
.photo { width: 25mm; height: 33mm; border: 1px dashed #999; color: #999; font-size: 11px;
         display: flex; align-items: center; justify-content: center; }
.who { flex: 1; font-size: 13px; }
.who b { font-size: 20px; display: block; margin-bottom: 2mm; }
.code img { width: 36mm; height: 36mm; }
.code p { margin: 0; font-size: 11px; text-align: center; color: #b71c1c; }
"""


def station_sheet(session: Session, station_ref: str) -> str:
    """An HTML page of cards (name, photo placeholder, station, code) for a station's deputies."""
    index = StationIndex.load(session)
    try:
        station_id = index.resolve(station_ref)
    except ValueError as e:
        raise NotFound(str(e)) from None
    people = session.scalars(select(Deputy).where(Deputy.station_id.in_(index.subtree(station_id)))
                             .order_by(Deputy.stroke_key)).all()
    levels: dict[int, list[str]] = {}
    for did, level in session.execute(select(Seat.deputy_id, Seat.level)
                                      .where(Seat.deputy_id.in_([p.id for p in people]))):
        levels.setdefault(did, []).append(LEVELS[level])
    cards = [_card(session, d, index.by_id[d.station_id].name, "、".join(levels.get(d.id, []))) for d in people]
    return html('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{0} 代表联系卡</title>'
                "<style>{1}</style></head><body><h1>{0} · 码上找代表（共{2}人）</h1>"
                '<div class="cards">{3}</div></body></html>', index.by_id[station_id].name, Markup(CARD_CSS),
                len(people), join(cards))


def _card(session: Session, d: Deputy, station: str, levels: str) -> Markup:
    code = segno.make(intake_url(ensure_token(session, d)), error="m")
    img = code.svg_data_uri(scale=4, border=1)  # a complete SVG document, so <img> can show it
    return html('<div class="card"><div class="photo">照片</div><div class="who"><b>{}</b>{}级人大代表<br>{}</div>'
                '<div class="code"><img src="{}" alt="二维码"><p>扫码向代表反映意见</p></div></div>', d.name, levels, station, img)
