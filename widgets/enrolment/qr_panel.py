"""QrPanel: a deputy's QR code to download, and the printable card sheet of a station."""
from __future__ import annotations

import base64

import ipywidgets as w

from toolkit import DeputyFilter, search_deputies, station_tree
from toolkit.core.db import Database
from toolkit.core.markup import Markup, html
from toolkit.network.qr import deputy_address, deputy_qr, station_sheet

from ..pieces.common import MessageArea, download_link, guarded
from ..pieces.station_picker import StationPicker


class QrPanel(w.VBox):
    """Choose a station, then a deputy; codes are made on demand."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.station = StationPicker(self.db, "站点", blank="", layout=w.Layout(width="420px"))
        self.deputy = w.Dropdown(description="代表", layout=w.Layout(width="420px"))
        self.code_button = w.Button(description="生成该代表二维码")
        self.sheet_button = w.Button(description="生成本站代表卡片（A4打印）", layout=w.Layout(width="220px"))
        self.preview = w.HTML()
        self.links = w.HTML()
        self.address = w.HTML()          # the page's address, to put in a WeChat group or on a notice
        self.address.add_class("lz-qr-address")
        self.station.observe(lambda _: self._load_deputies(), "value")
        self.code_button.on_click(self.make_code)
        self.sheet_button.on_click(self.make_sheet)
        super().__init__([w.HTML("群众扫描代表的二维码，即可打开留言页向该代表反映意见。"),
                          self.station.with_search(), self.deputy, w.HBox([self.code_button, self.sheet_button]),
                          self.message, self.address, self.links, self.preview])

    def _load_deputies(self) -> None:
        options = []
        if self.station.value:
            with self.db.reader() as s:
                people = search_deputies(s, DeputyFilter(station_id=self.station.value), page_size=0)
            options = [(r["姓名"], int(r["id"])) for _, r in people.iterrows()]
        self.deputy.options = options

    @guarded
    def make_code(self, _=None) -> None:
        """PNG and SVG of the chosen deputy's code."""
        if not self.deputy.value:
            self.message.show("请先选择站点和代表。", "error")
            return
        with self.db.unit_of_work() as s:  # the first code gives the deputy a token
            png, svg = deputy_qr(s, self.deputy.value, "png"), deputy_qr(s, self.deputy.value, "svg")
            address = deputy_address(s, self.deputy.value)
        name = self.deputy.label
        # One click selects the whole address (user-select: all) for Ctrl+C: no script needed.
        self.address.value = html('<p>留言页地址（可发到微信群、印在通知上）：<code style="user-select:all" '
                                  'title="点击全选，按 Ctrl+C 复制">{}</code> <a href="{}" target="_blank" '
                                  'rel="noopener">打开</a></p><p class="lz-hint">点击地址即全选，按 Ctrl+C 复制。</p>',
                                  address, address)
        self.preview.value = html('<img alt="二维码" style="width:200px" src="data:image/png;base64,{}">', base64.b64encode(png).decode())
        self.links.value = (download_link(png, f"{name}_二维码.png", "下载 PNG", "image/png") + Markup("&emsp;")
                            + download_link(svg, f"{name}_二维码.svg", "下载 SVG", "image/svg+xml"))
        self.message.show(f"已生成{name}的二维码。", "ok")

    @guarded
    def make_sheet(self, _=None) -> None:
        """The station's card sheet as an HTML file to print on A4."""
        self.address.value = ""
        if not self.station.value:
            self.message.show("请先选择站点。", "error")
            return
        with self.db.unit_of_work() as s:
            path = station_tree(s).set_index("id").loc[self.station.value, "路径"]
            page = station_sheet(s, path)
        self.links.value = download_link(page.encode(), "代表联系卡.html", "下载卡片页（用浏览器打开后打印）",
                                         "text/html")
        self.message.show("已生成卡片页。", "ok")
