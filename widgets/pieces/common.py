"""Small pieces the panels are built from: messages, fields with error lines, tables, bars."""
from __future__ import annotations

import base64
import functools
import logging
import math
from datetime import datetime

import ipywidgets as w
import pandas as pd

from toolkit.core.errors import StaleEdit, ToolkitError, ValidationFailed
from toolkit.core.markup import Markup, html, join

log = logging.getLogger("widgets")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MessageArea(w.HTML):
    """One line (or a few) telling the user what just happened; `text` keeps it for tests."""

    def show(self, text: str, kind: str = "info") -> None:
        """Show `text` as ok, error or info."""
        self.text, self.kind = text, kind
        self.value = html('<div class="lz-msg-{}">{}</div>', kind, text)

    def clear(self) -> None:
        """Show nothing."""
        self.text, self.kind, self.value = "", "", ""


def guarded(method=None, *, area: str = "message"):
    """Run a handler so that refusals show as a message and nothing shows a traceback.

    The message goes to `self.<area>` (a MessageArea); use @guarded or @guarded(area="…").
    """
    if method is None:
        return lambda m: guarded(m, area=area)

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        out = getattr(self, area)
        try:
            return method(self, *args, **kwargs)
        except ValidationFailed as e:
            if hasattr(self, "show_field_errors"):
                self.show_field_errors(e)
                out.show(f"有{len(e.errors)}处需要修改，见各栏下方的红字提示。", "error")
            else:
                out.show(e.message, "error")
        except StaleEdit as e:             # someone else saved first: say so, and offer 刷新 where the panel can
            out.show(e.message, "error")
            if hasattr(self, "offer_refresh"):
                self.offer_refresh()
        except ToolkitError as e:
            out.show(e.message, "error")
        except Exception:  # a bug: log it for the administrator, tell the user plainly
            log.exception("handler %s failed", method.__name__)
            out.show("操作未完成：系统内部错误，请联系管理员。数据未作修改。", "error")

    return run


class Field(w.VBox):
    """A labelled input with an error line under it."""

    def __init__(self, label: str, control: w.Widget, required: bool = False, shown: w.Widget | None = None):
        """`shown`: what to place when it is more than the control (a picker with its search box)."""
        self.label, self.control = label, control
        self.error = w.HTML(layout=w.Layout(margin="0 0 0 130px"))
        caption = w.HTML(html("{}{}", label, Markup("<b style=color:#c62828>*</b>") if required else ""),
                         layout=w.Layout(width="125px"))
        super().__init__([w.HBox([caption, shown or control]), self.error])
        # A hint stays only until the field is changed: red under a corrected value misleads.
        if "value" in control.trait_names():
            control.observe(lambda _: self.set_error(None), "value")

    @property
    def value(self):
        """The control's value."""
        return self.control.value

    @value.setter
    def value(self, v) -> None:
        self.control.value = v

    def set_error(self, message: str | None) -> None:
        """Show or clear the message under the field."""
        self.error.value = html('<div class="lz-field-error">{}</div>', message) if message else ""

    @property
    def error_text(self) -> str:
        """The message under the field, as text (empty when fine)."""
        return Markup(self.error.value.split(">", 1)[-1].rsplit("<", 1)[0]).unescape() if self.error.value else ""


def table_html(df: pd.DataFrame, hide: tuple[str, ...] = ("id",), closed_col: str | None = None) -> Markup:
    """A plain HTML table of a DataFrame (escaped), for panels and tests alike."""
    cols = [c for c in df.columns if c not in hide and c != closed_col]
    head = join(html("<th>{}</th>", c) for c in cols)
    body = []
    for _, row in df.iterrows():
        cls = Markup(' class="lz-closed"') if closed_col and bool(row[closed_col]) else ""
        body.append(html("<tr{}>{}</tr>", cls, join(html("<td>{}</td>", _fmt(row[c])) for c in cols)))
    if not body:
        body.append(html('<tr><td colspan="{}">（没有符合条件的记录）</td></tr>', len(cols)))
    return html('<div class="lz-scroll"><table class="lz-table"><thead><tr>{}</tr></thead>'
                '<tbody>{}</tbody></table></div>', head, join(body))


def _fmt(v) -> str:
    if isinstance(v, float) and v != v:      # NaN: nothing to show (e.g. no case answered yet)
        return ""
    if isinstance(v, float):
        return f"{v:.1%}" if 0 <= v <= 1 and not v.is_integer() else f"{v:g}"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, datetime):               # pandas' Timestamp too: to the minute, never microseconds
        return "" if pd.isna(v) else v.strftime("%Y-%m-%d %H:%M")
    return "" if v is None else str(v)


class Pager(w.HBox):
    """上一页 / 下一页 with 第 x / y 页，共 n 条; calls `on_change(page)`."""

    def __init__(self, on_change, page_size: int = 20):
        self.page, self.total, self.page_size, self.on_change = 1, 0, page_size, on_change
        self.prev = w.Button(description="上一页", layout=w.Layout(width="80px"))
        self.next = w.Button(description="下一页", layout=w.Layout(width="80px"))
        self.info = w.HTML()
        self.prev.on_click(lambda _: self.go(self.page - 1))
        self.next.on_click(lambda _: self.go(self.page + 1))
        super().__init__([self.prev, self.info, self.next])

    @property
    def pages(self) -> int:
        """How many pages the total fills (at least one)."""
        return max(1, math.ceil(self.total / self.page_size))

    def set_total(self, total: int) -> None:
        """Update the count and keep the page in range."""
        self.total = total
        self.page = min(self.page, self.pages)
        self.info.value = html("&nbsp;第 {} / {} 页，共 {} 条&nbsp;", self.page, self.pages, total)
        self.prev.disabled, self.next.disabled = self.page <= 1, self.page >= self.pages

    def go(self, page: int) -> None:
        """Move to a page (clamped) and ask for its rows."""
        self.page = max(1, min(page, self.pages))
        self.on_change(self.page)


def bar_chart(items: list[tuple[str, float, str]], maximum: float | None = None) -> Markup:
    """Horizontal bars as HTML: (label, value, value text). Needs no chart library."""
    top = maximum or max((v for _, v, _ in items), default=0) or 1
    rows = []
    for label, value, text in items:
        pct = max(0.0, min(100.0, 100 * value / top))
        rows.append(html('<div class="lz-bar-row"><span class="lz-bar-label" title="{0}">{0}</span>'
                         '<span class="lz-bar-track"><span class="lz-bar-fill" style="display:block;width:{1:.1f}%">'
                         '</span></span><span class="lz-bar-value">{2}</span></div>', label, pct, text))
    return join(rows)


def download_link(data: bytes, filename: str, label: str, mime: str = XLSX) -> Markup:
    """An <a download> carrying the file inline, so nothing else needs serving."""
    b64 = base64.b64encode(data).decode()
    return html('<a download="{}" href="data:{};base64,{}" style="font-size:15px">⬇ {}</a>', filename, mime, b64, label)
