"""EnrolmentApp: the 代表编组进站 app — roster, network, coverage, import/export as tabs."""
from __future__ import annotations

import ipywidgets as w

from toolkit.db import Database, connect

from .coverage import CoveragePanel
from .deputy_form import DeputyFormPanel
from .deputy_list import DeputyListPanel
from .enrolment_move import EnrolmentMovePanel
from .roster_io import RosterIOPanel
from .station_tree import StationTreePanel

TABS = ("代表名册", "新增/编辑代表", "编组进站与调整", "联络站网络", "进站覆盖率", "花名册导入导出")


class EnrolmentApp(w.Tab):
    """Wires the panels together; every rule stays in the toolkit."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.deputies = DeputyListPanel(self.db)
        self.form = DeputyFormPanel(self.db)
        self.mover = EnrolmentMovePanel(self.db)
        self.stations = StationTreePanel(self.db)
        self.coverage = CoveragePanel(self.db)
        self.roster = RosterIOPanel(self.db)
        self.edit_button = w.Button(description="编辑选中代表", icon="edit")
        self.move_button = w.Button(description="调整选中代表的联络站", icon="exchange")
        self.new_button = w.Button(description="新增代表", icon="plus", button_style="success")
        self.new_button.add_class("lz-new-deputy")
        self.edit_button.on_click(lambda _: self._open(1))
        self.move_button.on_click(lambda _: self._open(2))
        self.new_button.on_click(lambda _: self._new())
        roster_tab = w.VBox([self.deputies, w.HBox([self.new_button, self.edit_button, self.move_button])])
        super().__init__(children=[roster_tab, self.form, self.mover, self.stations,
                                   self.coverage, self.roster], titles=TABS)
        self.form.observe(lambda _: self._data_changed(), "saved_id")
        self.mover.observe(lambda _: self._data_changed(), "moved")
        self.roster.observe(lambda _: self._data_changed(), "imported")
        self.stations.observe(lambda _: self._stations_changed(), "changed")

    def _open(self, tab: int) -> None:
        deputy_id = self.deputies.selected_id
        if deputy_id is None:
            self.deputies.message.show("请先在「选中代表」中选择一名代表。", "error")
            return
        if tab == 1:
            self.form.load(deputy_id)
        else:
            self.mover.deputy_id = deputy_id
        self.selected_index = tab

    def _new(self) -> None:
        self.form.new()
        self.selected_index = 1

    def _data_changed(self) -> None:
        self.deputies.reload_choices()
        self.deputies.search()
        self.coverage.refresh()

    def _stations_changed(self) -> None:
        self.deputies.reload_choices()
        self.form.reload_stations()
        self.mover.reload_stations()
        self.coverage.refresh()
