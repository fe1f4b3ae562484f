"""OutboxPanel: 通知 — the messages that failed or were given up, with 重发, and the texts waiting for
an office without an SMS gateway, exported as a CSV for a bulk-SMS platform (both city
administrators'; the service checks). A robot's address holds its key, so only its host is shown."""
from __future__ import annotations

from datetime import datetime

import ipywidgets as w
import pandas as pd

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.formats.spreadsheets import write_csv
from toolkit.notify.outbox import ROW_COLUMNS, SMS_COLUMNS, export_sms, message_rows, resend, waiting_sms

from ..pieces.common import MessageArea, download_link, guarded, table_html


class OutboxPanel(w.VBox):
    """Failed and given-up messages, newest first; pick one and 重发."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.table = w.HTML()
        self.chosen = w.Dropdown(description="消息", layout=w.Layout(width="420px"))
        self.resend_button = w.Button(description="重发", button_style="warning")
        self.resend_button.on_click(self.resend)
        self.sms_count = w.HTML()
        self.export_button = w.Button(description="导出待发短信", icon="download")
        self.export_link = w.HTML()
        self.export_button.on_click(self.export)
        super().__init__([w.HTML("<p>发送失败或已放弃的通知（每几分钟由 liaison notify run 发送一次；失败的按1、2、4……分钟重试，"
                                 "8次后放弃）：</p>"), self.table, w.HBox([self.chosen, self.resend_button]),
                          w.HTML("<p><b>短信</b>　未配置短信网关时，短信留在这里，导出为 CSV（手机号码、短信内容）后导入短信平台群发；"
                                 "导出的短信不会再次导出。</p>"),
                          w.HBox([self.sms_count, self.export_button]), self.export_link, self.message])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        with self.db.reader() as s:
            rows = message_rows(s, failed_only=True)
        frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
        self.table.value = table_html(frame, hide=()) if rows else html("<p>没有发送失败的通知。</p>")
        self.chosen.options = [(f"{i} {subject}", i) for i, _, _, _, _, subject, _, _ in rows]
        self.chosen.value = rows[0][0] if rows else None        # the newest, ready to resend
        with self.db.reader() as s:
            waiting = waiting_sms(s)
        self.sms_count.value = html("<span style='line-height:32px;margin-right:12px'>待发短信 {} 条</span>", waiting)
        self.export_button.disabled = not waiting

    @guarded
    def export(self, _=None) -> None:
        with self.db.unit_of_work() as s:
            rows = export_sms(s)
        if not rows:
            raise ToolkitError("没有待发短信")
        name = f"待发短信-{datetime.now():%Y%m%d-%H%M}.csv"
        self.export_link.value = download_link(write_csv(SMS_COLUMNS, rows), name, f"下载{name}（{len(rows)}条，请立即导入短信平台）",
                                               "text/csv")
        self.refresh()
        self.message.show(f"已导出{len(rows)}条短信，请下载后导入短信平台。", "ok")

    @guarded
    def resend(self, _=None) -> None:
        if self.chosen.value is None:
            raise ToolkitError("请先选择要重发的消息")
        chosen = self.chosen.value
        with self.db.unit_of_work() as s:
            resend(s, chosen)
        self.refresh()
        self.message.show(f"消息{chosen}将在下一次发送时重试。", "ok")
