"""Printable PDF sheets with Chinese text: a title, lines of text and tables, on A4.

The font is embedded so the sheet prints the same everywhere: a TrueType CJK font from the system
(WenQuanYi Micro Hei, which `make` installs, or another TrueType CJK font). ReportLab cannot embed
the CFF-based Noto CJK fonts; without a TrueType one the sheet names Adobe's STSong-Light instead,
which PDF readers supply themselves."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import pandas as pd

FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and return the name of the font the sheets use."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONT_FILES:
        if Path(path).is_file():
            pdfmetrics.registerFont(TTFont("LiaisonCJK", path, subfontIndex=0))
            return "LiaisonCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def sheet(title: str, blocks: list, landscape: bool = False) -> bytes:
    """A PDF of a title and blocks: str (a paragraph), ("h", str) (a heading), a DataFrame (a table),
    ("png", bytes, aspect) (a chart) or ("pagebreak",)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)
    head = ParagraphStyle("head", parent=body, fontSize=13, leading=20, spaceBefore=6)
    top = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=1, spaceAfter=8)
    out = io.BytesIO()
    size = turn(A4) if landscape else A4
    doc = SimpleDocTemplate(out, pagesize=size, title=title, author="联络站工作台",
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    flow = [Paragraph(escape(title), top)]
    for b in blocks:
        if isinstance(b, pd.DataFrame):
            data = [[Paragraph(escape(str(c)), cell) for c in b.columns]]
            data += [[Paragraph(escape("" if pd.isna(v) else str(v)), cell) for v in row] for row in b.itertuples(index=False)]
            t = Table(data, repeatRows=1, hAlign="LEFT", colWidths=[doc.width / max(len(b.columns), 1)] * len(b.columns))
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            flow += [t, Spacer(1, 4 * mm)]
        elif isinstance(b, tuple) and b[0] == "h":
            flow.append(Paragraph(escape(b[1]), head))
        elif isinstance(b, tuple) and b[0] == "pagebreak":
            flow.append(PageBreak())
        elif isinstance(b, tuple) and b[0] == "png":   # ("png", bytes, width/height ratio): a chart
            width = doc.width
            flow += [Image(io.BytesIO(b[1]), width=width, height=width / b[2]), Spacer(1, 3 * mm)]
        else:
            flow.append(Paragraph(escape(str(b)), body))
    doc.build(flow)
    return out.getvalue()
