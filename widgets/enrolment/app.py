"""EnrolmentApp: the 代表编组进站 app — roster, network, coverage, import/export, grids as tabs."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database, connect

from ..pieces.lazy_tabs import LazyTabs, tab_part
from .coverage import CoveragePanel
from .deputy_form import DeputyFormPanel
from .deputy_link import DeputyLinkPanel
from .deputy_list import DeputyListPanel
from .grid_coverage import GridCoveragePanel
from .grid_editor import GridEditorPanel
from .groups import GroupPanel
from .map_panel import MapPanel
from .mobile_points import MobilePointPanel
from .move import EnrolmentMovePanel
from .roster_io import RosterIOPanel
from .station_tree import StationTreePanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("代表名册", DeputyListPanel), ("新增/编辑代表", DeputyFormPanel), ("编组进站与调整", EnrolmentMovePanel),
        ("联络站网络", StationTreePanel), ("进站覆盖率", CoveragePanel), ("花名册导入导出", RosterIOPanel),
        ("网格", GridEditorPanel), ("网格覆盖", GridCoveragePanel), ("地图", MapPanel), ("流动联络站", MobilePointPanel),
        ("代表小组", GroupPanel))


class EnrolmentApp(LazyTabs):
    """Wires the panels together; every rule stays in the toolkit. Tabs are built when first
    opened; a change refreshes only the tabs already built."""

    form, mover, stations, coverage, roster, grids, grid_coverage, map, points, groups = (tab_part(i) for i in range(1, 11))

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        super().__init__(list(zip([t for t, _ in TABS], [self._roster_tab, self._form_tab, self._mover_tab, self._stations_tab,
                                          self._coverage_tab, self._roster_io_tab, self._grids_tab,
                                          self._grid_coverage_tab, lambda: MapPanel(self.db),
                                          lambda: MobilePointPanel(self.db), lambda: GroupPanel(self.db)])))

    def _roster_tab(self) -> w.Widget:
        self.deputies = DeputyListPanel(self.db)
        self.edit_button = w.Button(description="编辑选中代表", icon="edit")
        self.move_button = w.Button(description="调整选中代表的联络站", icon="exchange")
        self.new_button = w.Button(description="新增代表", icon="plus", button_style="success")
        self.new_button.add_class("lz-new-deputy")
        self.edit_button.on_click(lambda _: self._open(1))
        self.move_button.on_click(lambda _: self._open(2))
        self.new_button.on_click(lambda _: self._new())
        self.links = DeputyLinkPanel(self.db)
        traitlets.dlink((self.deputies, "selected_id"), (self.links, "deputy_id"))
        return w.VBox([self.deputies, w.HBox([self.new_button, self.edit_button, self.move_button]), self.links])

    def _form_tab(self) -> w.Widget:
        self._form = DeputyFormPanel(self.db)
        self._form.observe(lambda _: self._data_changed(), "saved_id")
        return self._form

    def _mover_tab(self) -> w.Widget:
        self._mover = EnrolmentMovePanel(self.db)
        self._mover.observe(lambda _: self._data_changed(), "moved")
        return self._mover

    def _stations_tab(self) -> w.Widget:
        self._stations = StationTreePanel(self.db)
        self._stations.observe(lambda _: self._stations_changed(), "changed")
        return self._stations

    def _coverage_tab(self) -> w.Widget:
        self._coverage = CoveragePanel(self.db)
        return self._coverage

    def _roster_io_tab(self) -> w.Widget:
        self._roster = RosterIOPanel(self.db)
        self._roster.observe(lambda _: self._data_changed(), "imported")
        return self._roster

    def _grids_tab(self) -> w.Widget:
        self._grids = GridEditorPanel(self.db)
        self._grids.observe(lambda _: self.built(7) and self.grid_coverage.refresh(), "changed")
        return self._grids

    def _grid_coverage_tab(self) -> w.Widget:
        self._grid_coverage = GridCoveragePanel(self.db)
        self._grid_coverage.observe(lambda _: self.built(6) and self.grids.refresh(), "imported")
        return self._grid_coverage

    def _grids_changed(self) -> None:
        if self.built(6):
            self.grids.refresh()
        if self.built(7):
            self.grid_coverage.refresh()

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
        if self.built(4):
            self.coverage.refresh()
        self._grids_changed()          # a move takes a deputy out of the old station's grids

    def _stations_changed(self) -> None:
        self.deputies.reload_choices()
        if self.built(1):
            self.form.reload_stations()
        if self.built(2):
            self.mover.reload_stations()
        if self.built(4):
            self.coverage.refresh()
