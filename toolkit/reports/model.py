"""A report: a title, a subtitle and blocks (headings, paragraphs, named tables, charts), shown
in a notebook and written as HTML, Excel (one sheet per table) and PDF from the same content."""
from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pandas as pd

from ..core.markup import Markup, html, join
from ..formats.pdf import sheet
from ..formats.spreadsheets import write_xlsx_sheets

STYLE = """<style>.lz-report {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; }}
.lz-report table {{ border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }}
.lz-report th, .lz-report td {{ border: 1px solid #bbb; padding: 3px 8px; text-align: left; }}
.lz-report th {{ background: #f2f2f2; }} .lz-report h1 {{ font-size: 22px; }} .lz-report h2 {{ font-size: 16px;
border-bottom: 2px solid #b71c1c; padding-bottom: 2px; }} .lz-report img {{ max-width: 100%; }}</style>"""
PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>{style}</head>
<body>{body}</body></html>"""


def _table(df: pd.DataFrame) -> Markup:
    head = join(html("<th>{}</th>", c) for c in df.columns)
    rows = join(html("<tr>{}</tr>", join(html("<td>{}</td>", _fmt(v)) for v in r)) for r in df.itertuples(index=False))
    return html("<table><tr>{}</tr>{}</table>", head, rows)


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


@dataclass
class Report:
    """Blocks in order: ("h", text), ("p", text), ("table", name, DataFrame), ("chart", name, png, aspect)."""

    title: str
    subtitle: str = ""
    blocks: list[tuple] = field(default_factory=list)

    def heading(self, text: str) -> None:
        """A section heading."""
        self.blocks.append(("h", text))

    def text(self, text: str) -> None:
        """A paragraph."""
        self.blocks.append(("p", text))

    def add_table(self, name: str, df: pd.DataFrame) -> None:
        """A named table (also a sheet of the Excel file)."""
        self.blocks.append(("table", name, df))

    def chart(self, name: str, png: tuple[bytes, float]) -> None:
        """A chart image (png bytes, width/height)."""
        self.blocks.append(("chart", name, *png))

    def table(self, name: str) -> pd.DataFrame:
        """A table by name, for analysts who go on from here."""
        for b in self.blocks:
            if b[0] == "table" and b[1] == name:
                return b[2]
        raise KeyError(name)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name."""
        return {b[1]: b[2] for b in self.blocks if b[0] == "table"}

    def body_html(self) -> Markup:
        """The report as an HTML fragment (charts embedded)."""
        out = [html("<h1>{}</h1>", self.title)]
        if self.subtitle:
            out.append(html("<p>{}</p>", self.subtitle))
        for b in self.blocks:
            if b[0] == "h":
                out.append(html("<h2>{}</h2>", b[1]))
            elif b[0] == "p":
                out.append(html("<p>{}</p>", b[1]))
            elif b[0] == "table":
                out.append(html("<h3>{}</h3>{}", b[1], _table(b[2]) if len(b[2]) else Markup("<p>无</p>")))
            elif b[0] == "chart":
                out.append(html("<img alt='{}' src='data:image/png;base64,{}'>", b[1], base64.b64encode(b[2]).decode()))
        return html("<div class='lz-report'>{}</div>", join(out))

    def _repr_html_(self) -> str:
        return Markup(STYLE.format()) + self.body_html()

    def to_html(self) -> str:
        """A standalone page."""
        return html(PAGE, title=self.title, style=Markup(STYLE.format()), body=self.body_html())

    def to_xlsx(self) -> bytes:
        """One sheet per table, plus the text on a sheet of its own."""
        sheets = {"说明": (["内容"], [[self.title], [self.subtitle], *[[b[1]] for b in self.blocks if b[0] in ("h", "p")]])}
        for b in self.blocks:
            if b[0] == "table":
                name = "".join(c for c in b[1] if c not in "[]:*?/\\")[:31]
                sheets[name] = (list(map(str, b[2].columns)),
                                [[_fmt(v) if not isinstance(v, (int, float)) else v for v in r] for r in b[2].itertuples(index=False)])
        return write_xlsx_sheets(sheets)

    def to_pdf(self) -> bytes:
        """A4 with the font embedded and the charts as images."""
        blocks = [self.subtitle] if self.subtitle else []
        for b in self.blocks:
            if b[0] == "h":
                blocks.append(("h", b[1]))
            elif b[0] == "p":
                blocks.append(b[1])
            elif b[0] == "table":
                blocks += [b[1], b[2] if len(b[2]) else "无"]
            elif b[0] == "chart":
                blocks.append(("png", b[2], b[3]))
        return sheet(self.title, blocks)
