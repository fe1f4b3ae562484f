"""Printable pages of an evaluation: code slips with QR codes, and the result sheet."""
from __future__ import annotations

import segno
from sqlalchemy.orm import Session

from ..core.markup import html, join
from ..network.qr import public_base
from .results import comments, formula_of, ranking
from .services import get_round

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title><style>
@page {{ size: A4; margin: 12mm; }} body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }}
.slips {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; }}
.slip {{ border: 1px dashed #888; padding: 3mm; text-align: center; break-inside: avoid; font-size: 12px; }}
.slip b {{ font-size: 18px; letter-spacing: 2px; display: block; }} .slip img {{ width: 30mm; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }} th, td {{ border: 1px solid #999; padding: 3px 6px; }}
</style></head><body>{body}</body></html>"""


def kiosk_url(round_id: int, code: str = "") -> str:
    """The kiosk page of a round, a code filled in when given."""
    return f"{public_base()}k?r={round_id}" + (f"&c={code}" if code else "")


def code_slips(session: Session, round_id: int, codes: list[str]) -> str:
    """A sheet of slips for codes just issued: each code in print and as a QR code that opens the
    kiosk page with it (the database keeps only their hashes, so slips are printed when made)."""
    r = get_round(session, round_id)
    slips = join(html('<div class="slip">{}<br><img alt="二维码" src="{}"><b>{}</b>扫码或在测评机上输入测评码，限用一次</div>',
                      r.name, segno.make(kiosk_url(round_id, c), error="m").svg_data_uri(scale=3, border=1), c)
                 for c in codes)
    return html(PAGE, title=f"{r.name} 测评码",
                body=html("<h2>{} · 测评码（{}张）</h2><div class='slips'>{}</div>", r.name, len(codes), slips))


def result_sheet(session: Session, round_id: int) -> str:
    """The printable result: per target counts and rates, the formula used, verdicts, 整改 flags."""
    r = get_round(session, round_id)
    df = ranking(session, round_id)
    cols = [c for c in df.columns if c != "id"]
    rows = join(html("<tr>{}</tr>", join(html("<td>{}</td>", _fmt(row[c], c)) for c in cols)) for _, row in df.iterrows())
    notes = comments(session, round_id)
    notes_html = join(html("<li>{}：{}</li>", a, b) for a, b in notes.values)
    state = f"已于{r.closed_at:%Y-%m-%d}结束" if r.closed_at else "进行中（结果为临时结果）"
    body = html("<h2>{} 测评结果</h2><p>测评时间：{} 至 {}，{}。</p><p>口径：{}；不满意率超过{}列为整改。</p>"
                "<table><tr>{}</tr>{}</table>{}", r.name, r.opens_on, r.closes_on, state, formula_of(r).describe(),
                r.unsatisfied_limit, join(html("<th>{}</th>", c) for c in cols), rows,
                html("<h3>意见建议</h3><ul>{}</ul>", notes_html) if notes_html else "")
    return html(PAGE, title=f"{r.name} 结果", body=body)


def _fmt(value, column) -> str:
    if column in ("满意率", "不满意率"):
        return f"{value:.1%}"
    if column == "整改":
        return "是" if value else ""
    return "" if value is None else str(value)
