"""测评码与测评机: one-time codes for the chosen round, their printable slips, the kiosk's address."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.evaluations.printing import code_slips, kiosk_url
from toolkit.evaluations.services import issue_codes

from ..pieces.common import MessageArea, download_link, guarded


class CodesPanel(w.VBox):
    """How many codes, then the slips to print."""

    round_id = traitlets.Int(None, allow_none=True, help="the round chosen in the app")

    def __init__(self, db: Database, rounds: w.Widget):
        self.db = db
        self.codes: list[str] = []
        self.code_count = w.BoundedIntText(description="张数", value=50, min=1, max=5000)
        self.code_button = w.Button(description="生成测评码", button_style="primary")
        self.code_links = w.HTML()
        self.code_message = MessageArea()
        self.code_button.on_click(self.make_codes)
        super().__init__([rounds, w.HTML("群众或常委会组成人员凭一次性测评码匿名评价；测评码打印成带二维码的小票发放。"),
                          self.code_count, self.code_button, self.code_message, self.code_links])

    @guarded(area="code_message")
    def make_codes(self, _=None) -> None:
        """Issue codes and offer the printable slips and the kiosk link."""
        if self.round_id is None:
            raise ToolkitError("请先选择一个测评")
        with self.db.unit_of_work() as s:
            codes = issue_codes(s, self.round_id, self.code_count.value)
            page = code_slips(s, self.round_id, codes)
        self.codes = codes
        self.code_links.value = (download_link(page.encode(), "测评码.html", "下载测评码小票（A4打印）", "text/html")
                                 + html("<p>测评机地址：<a href='{0}' target='_blank'>{0}</a></p>", kiosk_url(self.round_id)))
        self.code_message.show(f"已生成{len(codes)}个测评码。", "ok")
