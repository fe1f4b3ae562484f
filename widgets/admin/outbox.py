"""OutboxPanel: 通知 — the messages that failed or were given up, with 重发 (city administrators; the
service checks). A robot's address holds its key, so only its host is shown."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.notify.outbox import ROW_COLUMNS, message_rows, resend

from ..pieces.common import MessageArea, guarded, table_html


class OutboxPanel(w.VBox):
    """Failed and given-up messages, newest first; pick one and 重发."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.table = w.HTML()
        self.chosen = w.Dropdown(description="消息", layout=w.Layout(width="420px"))
        self.resend_button = w.Button(description="重发", button_style="warning")
        self.resend_button.on_click(self.resend)
        super().__init__([w.HTML("<p>发送失败或已放弃的通知（每几分钟由 liaison notify run 发送一次；失败的按1、2、4……分钟重试，"
                                 "8次后放弃）：</p>"), self.table, w.HBox([self.chosen, self.resend_button]), self.message])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        with self.db.reader() as s:
            rows = message_rows(s, failed_only=True)
        frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
        self.table.value = table_html(frame, hide=()) if rows else html("<p>没有发送失败的通知。</p>")
        self.chosen.options = [(f"{i} {subject}", i) for i, _, _, _, _, subject, _, _ in rows]
        self.chosen.value = rows[0][0] if rows else None        # the newest, ready to resend

    @guarded
    def resend(self, _=None) -> None:
        if self.chosen.value is None:
            raise ToolkitError("请先选择要重发的消息")
        chosen = self.chosen.value
        with self.db.unit_of_work() as s:
            resend(s, chosen)
        self.refresh()
        self.message.show(f"消息{chosen}将在下一次发送时重试。", "ok")
