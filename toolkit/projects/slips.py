"""Printed slips of the voting codes handed to the deputies present: name, code, and a QR code
that opens the deputy's own voting page. Staff hand each slip to its deputy; the box never sees it."""
from __future__ import annotations

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.markup import html, join
from ..evaluations.printing import PAGE
from ..network.models import Deputy
from ..network.qr import public_base
from .votes import get_vote


def ballot_url(code: str) -> str:
    """The phone page of a voting code."""
    return f"{public_base()}b?c={code}"


def code_slips(session: Session, vote_id: int, codes: dict[int, str]) -> str:
    """Slips of codes just issued (deputy id → code), by name: the database keeps only their hashes,
    so slips are printed when the codes are made (or made again)."""
    v = get_vote(session, vote_id)
    names = dict(session.execute(select(Deputy.id, Deputy.name).where(Deputy.id.in_(list(codes)))).all())
    rows = [(names[d], code) for d, code in codes.items()]
    slips = join(html('<div class="slip">{} 代表<br><img alt="二维码" src="{}"><b>{}</b>手机扫码投票，或在投票机上输入投票码；'
                      '限本人使用一次</div>', name, segno.make(ballot_url(code), error="m").svg_data_uri(scale=3, border=1), code)
                 for name, code in rows)
    title = f"{v.name} 投票码"
    return html(PAGE, title=title, body=html("<h2>{}（{}张）</h2><div class='slips'>{}</div>", title, len(rows), slips))
