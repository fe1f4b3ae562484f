"""GridEditorPanel: a station's grids (网格) — add, edit, remove — their 联系代表, and a deputy's contact there."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import CONTACT_MODES
from toolkit.core.markup import html
from toolkit.network.grids import (
    GridData,
    check_count,
    check_grid_name,
    check_worker_mobile,
    delete_grid,
    first_station_with_grids,
    log_grid_contact,
    read_grid,
    save_grid,
    seated_deputies,
    station_grids,
)

from ..pieces.common import Field, MessageArea, guarded
from ..pieces.row_grid import RowGrid
from ..pieces.station_picker import StationPicker

COLUMNS = ["网格", "网格员", "网格员手机", "户数", "常住人口", "联系代表"]
MAX_ROWS = 60      # a township has tens of grids; a station with more pages them in the sheet


class GridEditorPanel(w.VBox):
    """Pick a station, see its grids, open one (编辑) into the form below, save; record a contact."""

    changed = traitlets.Int(0, help="bumped after every write")

    def __init__(self, db: Database):
        self.db = db
        self.grid_id: int | None = None
        self.message = MessageArea()
        self.station = StationPicker(db, "所属站点", scoped=True, layout=w.Layout(width="460px"))
        self.rows = RowGrid(COLUMNS, MAX_ROWS, self.open_grid, label="编辑")
        self.name = Field("网格名称", w.Text(placeholder="如 第一网格"), required=True)
        self.worker = Field("网格员", w.Text())
        self.mobile = Field("网格员手机", w.Text(placeholder="11位手机号"))
        self.households = Field("户数", w.Text())
        self.residents = Field("常住人口", w.Text())
        self.deputies = w.SelectMultiple(description="联系代表", rows=6, layout=w.Layout(width="360px"))
        self.heading = w.HTML()
        self.save_button = w.Button(description="保存网格", button_style="primary", icon="save")
        self.new_button = w.Button(description="新增网格", icon="plus")
        self.delete_button = w.Button(description="删除该网格", button_style="danger", disabled=True)
        self.contact_deputy = w.Dropdown(description="代表", layout=w.Layout(width="260px"))
        self.contact_day = w.DatePicker(description="日期", value=date.today())
        self.contact_way = w.Dropdown(description="方式", options=list(CONTACT_MODES), layout=w.Layout(width="200px"))
        self.contact_note = w.Text(description="情况", placeholder="如 入户走访，收集意见3条", layout=w.Layout(width="460px"))
        self.contact_button = w.Button(description="登记网格联系", icon="check")
        self.save_button.on_click(self.save)
        self.new_button.on_click(lambda _: self.new())
        self.delete_button.on_click(self.delete)
        self.contact_button.on_click(self.log_contact)
        with db.reader() as s:
            start = first_station_with_grids(s)
        if start in {v for _, v in self.station.options}:
            self.station.value = start
        self.station.observe(lambda _: self.refresh(), "value")
        super().__init__([
            self.station.with_search(), self.message, self.rows,
            w.HTML("<hr>"), self.heading,
            w.HBox([self.name, self.worker, self.mobile]), w.HBox([self.households, self.residents]), self.deputies,
            w.HBox([self.save_button, self.new_button, self.delete_button]),
            w.HTML("<hr><b>登记联系代表到网格联系（走访、网格听事）</b>：联系超期按最近一次登记计算"),
            w.HBox([self.contact_deputy, self.contact_day, self.contact_way]), self.contact_note, self.contact_button])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """The station's grids and the deputies who may answer for them; the form emptied."""
        if self.station.value is None:
            self.rows.show(pd.DataFrame(columns=["id", *COLUMNS]))
            return
        with self.db.reader() as s:
            grids = station_grids(s, self.station.value)
            self.deputies.options = seated_deputies(s, self.station.value)
        self.rows.show(pd.DataFrame(grids[:MAX_ROWS], columns=["id", *COLUMNS]))
        more = f"（仅显示前{MAX_ROWS}个，共{len(grids)}个，请用「网格覆盖」导出全部）" if len(grids) > MAX_ROWS else ""
        self.message.show(f"本站有{len(grids)}个网格。{more}" if grids else "本站尚未设网格：填写下方表单新增，或在「网格覆盖」中导入网格表。")
        self.new()

    def new(self) -> None:
        """An empty form for a new grid of the station."""
        self.grid_id = None
        for f in (self.name, self.worker, self.mobile, self.households, self.residents):
            f.value = ""
            f.set_error(None)
        self.deputies.value = ()
        self.delete_button.disabled = True
        self.contact_deputy.options = []
        self.heading.value = html("<b>{}</b>", "新增网格")

    @guarded
    def open_grid(self, grid_id: int) -> None:
        """Put a grid in the form."""
        with self.db.reader() as s:
            station_id, data = read_grid(s, grid_id)
        if station_id != self.station.value:
            raise ToolkitError("该网格不属于所选站点")
        self.grid_id = grid_id
        self.name.value, self.worker.value, self.mobile.value = data.name, data.worker_name or "", data.worker_mobile or ""
        self.households.value = "" if data.households is None else str(data.households)
        self.residents.value = "" if data.residents is None else str(data.residents)
        offered = {v for _, v in self.deputies.options}
        self.deputies.value = tuple(d for d in data.deputy_ids if d in offered)
        self.contact_deputy.options = [(n, v) for n, v in self.deputies.options if v in data.deputy_ids]
        self.delete_button.disabled = False
        self.heading.value = html("<b>编辑网格</b>（编号{}）", grid_id)

    def _data(self) -> GridData | None:
        values, ok = {}, True
        for key, f, check in (("name", self.name, check_grid_name), ("worker_mobile", self.mobile, check_worker_mobile),
                              ("households", self.households, check_count), ("residents", self.residents, check_count)):
            try:
                values[key] = check(f.value)
                f.set_error(None)
            except ValueError as e:
                f.set_error(str(e))
                ok = False
        if not ok:
            return None
        return GridData(values["name"], self.worker.value.strip()[:50] or None, values["worker_mobile"],
                        values["households"], values["residents"], list(self.deputies.value))

    @guarded
    def save(self, _=None) -> None:
        """Save the form (the toolkit checks seats, names and permission again)."""
        data = self._data()
        if data is None:
            self.message.show("请按提示修改后再保存。", "error")
            return
        if self.station.value is None:
            raise ToolkitError("请先选择所属站点")
        with self.db.unit_of_work() as s:
            grid_id = save_grid(s, self.station.value, data, self.grid_id).id
        self.refresh()
        self.open_grid(grid_id)
        self.message.show(f"已保存网格「{data.name}」。", "ok")
        self.changed += 1

    @guarded
    def delete(self, _=None) -> None:
        """Remove the open grid with its deputies and contacts."""
        if self.grid_id is None:
            return
        with self.db.unit_of_work() as s:
            delete_grid(s, self.grid_id)
        self.refresh()
        self.message.show("已删除该网格。", "ok")
        self.changed += 1

    @guarded
    def log_contact(self, _=None) -> None:
        """Record the chosen deputy's contact with the open grid."""
        if self.grid_id is None or self.contact_deputy.value is None:
            raise ToolkitError("请先在上方打开一个网格，并选择它的联系代表")
        with self.db.unit_of_work() as s:
            log_grid_contact(s, self.grid_id, self.contact_deputy.value, self.contact_day.value or date.today(),
                             self.contact_way.value, self.contact_note.value)
        self.contact_note.value = ""
        self.message.show("已登记网格联系。", "ok")
        self.changed += 1
