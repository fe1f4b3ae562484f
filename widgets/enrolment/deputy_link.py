"""DeputyLinkPanel: a deputy's personal link (代表个人页面), issued or revoked with one click — a lost phone
is one click; the address is shown once (only its keyed hash is kept) to send by text or 企业微信."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.admin.deputy_links import link_for_deputy
from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html

from ..pieces.common import MessageArea, guarded


class DeputyLinkPanel(w.VBox):
    """For the deputy in `deputy_id`: 发放个人链接 (a new address, shown here once) and 撤销全部个人链接."""

    deputy_id = traitlets.Int(None, allow_none=True, help="the deputy whose link is issued or revoked")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.issue_button = w.Button(description="发放个人链接", icon="link")
        self.revoke_button = w.Button(description="撤销全部个人链接", icon="ban", button_style="warning")
        self.address = w.HTML()
        self.issue_button.on_click(self.issue)
        self.revoke_button.on_click(self.revoke)
        self.observe(lambda _: self._clear(), "deputy_id")
        super().__init__([w.HTML("<b>代表个人页面</b>：代表在手机上打开个人链接，即可查看交给本人的意见并回复群众。"),
                          w.HBox([self.issue_button, self.revoke_button]), self.message, self.address])

    def _clear(self) -> None:
        self.address.value = ""
        self.message.clear()

    def _picked(self) -> int:
        if self.deputy_id is None:
            raise ToolkitError("请先在上方「选中代表」中选择一名代表")
        return self.deputy_id

    @guarded
    def issue(self, _=None) -> None:
        """A new link; the address shown once to copy into a text message."""
        deputy_id = self._picked()
        with self.db.unit_of_work() as s:
            address = link_for_deputy(s, deputy_id)
        self.address.value = html('<p>个人链接（只显示这一次，请复制后发给代表本人）：<br><code class="lz-link">{}</code></p>',
                                  address)
        self.message.show("已发放个人链接。旧链接仍然有效，直到过期或撤销。", "ok")

    @guarded
    def revoke(self, _=None) -> None:
        """End every link of the deputy (a lost phone)."""
        deputy_id = self._picked()
        with self.db.unit_of_work() as s:
            ended = link_for_deputy(s, deputy_id, revoke=True)
        self.address.value = ""
        self.message.show(f"已撤销该代表的{ended}个个人链接；需要时请重新发放。", "ok")
