"""MobilePointPanel: 流动联络站 — set one up (place, days, deputies on duty), print its QR code, and once it
has closed, its ledger in one click (the activity record with attendance and the opinions raised)."""
from __future__ import annotations

from datetime import date, timedelta

import ipywidgets as w
import pandas as pd

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.duty.point_ledger import point_ledger
from toolkit.network.grids import seated_deputies
from toolkit.network.mobile_points import PointForm, list_points, open_point, point_qr, read_point

from ..pieces.common import MessageArea, download_link, guarded
from ..pieces.row_grid import RowGrid
from ..pieces.station_picker import StationPicker

COLUMNS = ["名称", "地点", "开始", "结束", "值班代表", "状态"]
PNG = "image/png"


class MobilePointPanel(w.VBox):
    """The points of the user's stations (newest first, 打开 one into the form), the form, QR and ledger."""

    def __init__(self, db: Database):
        self.db = db
        self.point_id: int | None = None
        self.message = MessageArea()
        self.rows = RowGrid(COLUMNS, 30, self.open_point)
        self.station = StationPicker(db, "组织站点", scoped=True, layout=w.Layout(width="460px"))
        self.name = w.Text(description="名称", placeholder="如 五松镇农贸市场流动联络站", layout=w.Layout(width="460px"))
        self.place = w.Text(description="地点", placeholder="如 五松镇农贸市场东门", layout=w.Layout(width="460px"))
        self.opens_on = w.DatePicker(description="开始", value=date.today())
        self.closes_on = w.DatePicker(description="结束", value=date.today() + timedelta(days=2))
        self.hours = w.Text(description="时段", placeholder="如 上午8:00—11:30")
        self.longitude = w.Text(description="经度", placeholder="可不填，WGS-84", layout=w.Layout(width="230px"))
        self.latitude = w.Text(description="纬度", placeholder="可不填，WGS-84", layout=w.Layout(width="230px"))
        self.deputies = w.SelectMultiple(description="值班代表", rows=6, layout=w.Layout(width="360px"))
        self.heading = w.HTML()
        self.save_button = w.Button(description="保存", button_style="primary", icon="save")
        self.new_button = w.Button(description="新设流动联络站", icon="plus")
        self.qr_button = w.Button(description="下载二维码", icon="qrcode", disabled=True)
        self.ledger_button = w.Button(description="生成台账", icon="book", disabled=True)
        self.links = w.HTML()
        self.save_button.on_click(self.save)
        self.new_button.on_click(lambda _: self.new())
        self.qr_button.on_click(self.qr)
        self.ledger_button.on_click(self.ledger)
        self.station.observe(lambda _: self._offer_deputies(), "value")
        super().__init__([self.message, self.rows, w.HTML("<hr>"), self.heading, self.station.with_search(),
                          self.name, self.place, w.HBox([self.opens_on, self.closes_on, self.hours]),
                          w.HBox([self.longitude, self.latitude]), self.deputies,
                          w.HBox([self.save_button, self.new_button, self.qr_button, self.ledger_button]), self.links])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """The list again; the form emptied."""
        with self.db.reader() as s:
            points = list_points(s)
        self.rows.show(pd.DataFrame(points, columns=["id", *COLUMNS]))
        self.message.show(f"共{len(points)}个流动联络站。" if points else "尚未设立流动联络站：在下方填写后保存。")
        self.new()

    def _offer_deputies(self) -> None:
        if self.station.value is None:
            self.deputies.options = []
            return
        with self.db.reader() as s:
            self.deputies.options = seated_deputies(s, self.station.value)

    def new(self) -> None:
        """An empty form."""
        self.point_id = None
        self.name.value = self.place.value = self.hours.value = self.longitude.value = self.latitude.value = ""
        self.deputies.value = ()
        self.qr_button.disabled = self.ledger_button.disabled = True
        self.links.value = ""
        self.heading.value = html("<b>{}</b>", "新设流动联络站")
        self._offer_deputies()

    @guarded
    def open_point(self, point_id: int) -> None:
        """Put a point in the form."""
        with self.db.reader() as s:
            form, address = read_point(s, point_id)
        self.point_id = point_id
        self.station.value = form.station_id
        self._offer_deputies()
        self.name.value, self.place.value, self.hours.value = form.name, form.place, form.hours
        self.opens_on.value, self.closes_on.value = form.opens_on, form.closes_on
        self.longitude.value = "" if form.longitude is None else str(form.longitude)
        self.latitude.value = "" if form.latitude is None else str(form.latitude)
        offered = {v for _, v in self.deputies.options}
        self.deputies.value = tuple(d for d in form.deputy_ids if d in offered)
        self.qr_button.disabled = False
        self.ledger_button.disabled = date.today() < form.closes_on
        self.heading.value = html('<b>{}</b>　二维码打开：<a href="{}" target="_blank">{}</a>', form.name, address, address)

    @guarded
    def save(self, _=None) -> None:
        """Save the form (the toolkit checks days, place, coordinates and permission)."""
        form = PointForm(self.station.value, self.name.value, self.place.value, self.opens_on.value, self.closes_on.value,
                         self.hours.value, list(self.deputies.value), self.longitude.value, self.latitude.value)
        with self.db.unit_of_work() as s:
            point_id = open_point(s, form, self.point_id).id
        self.refresh()
        self.open_point(point_id)
        self.message.show(f"已保存「{form.name.strip()}」。", "ok")

    @guarded
    def qr(self, _=None) -> None:
        """Offer the point's QR code (PNG) for its banner and table cards."""
        if self.point_id is None:
            raise ToolkitError("请先打开一个流动联络站")
        with self.db.reader() as s:
            data = point_qr(s, self.point_id)
        self.links.value = download_link(data, f"流动联络站二维码_{self.point_id}.png", "下载二维码（PNG）", PNG)

    @guarded
    def ledger(self, _=None) -> None:
        """Make (once) the point's activity record and offer its ledger."""
        if self.point_id is None:
            raise ToolkitError("请先打开一个流动联络站")
        with self.db.unit_of_work() as s:
            data = point_ledger(s, self.point_id)
        self.links.value = download_link(data, f"流动联络站台账_{self.point_id}.xlsx", "下载台账（Excel）")
        self.message.show("台账已生成：履职活动记录已登记（值班代表计为参加，收集的意见已关联）。", "ok")
