"""MapPanel: the stations as pins with the opinions received around each (counts only), grids as areas
where their boundaries were imported — drawn from the project's own data, no map server needed."""
from __future__ import annotations

import ipywidgets as w

from toolkit.cases.stats import opinions_by_grid, opinions_by_point, opinions_by_station
from toolkit.core.db import Database
from toolkit.core.markup import html, join
from toolkit.formats.base_layer import tianditu_key
from toolkit.formats.svg_map import KIND_STYLE, svg_map
from toolkit.network.station_map import map_areas, map_pins, point_pins
from toolkit.projects.project_places import project_pins

from ..pieces.common import MessageArea, guarded
from ..pieces.station_picker import StationPicker

PERIODS = [("近一年", 365), ("近30天", 30), ("近90天", 90), ("全部", None)]
LEGEND = [("city_hub", "总站"), ("county_center", "县区中心站"), ("township_station", "乡镇（街道）联络站"),
          ("village_point", "村居联络点"), ("mobile", "流动联络站（开放中或一周内开放）"),
          ("project", "民生实事项目（方块，在提出它的站点旁）")]


class MapPanel(w.VBox):
    """A station (its subtree) and a period; the map; a legend."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.station = StationPicker(db, "范围", blank="全部（我管理的站点）", scoped=True, layout=w.Layout(width="420px"))
        self.period = w.Dropdown(description="意见", options=PERIODS, value=365, layout=w.Layout(width="200px"))
        self.grids = w.Checkbox(description="显示网格边界", value=True, indent=False)
        self.projects = w.Checkbox(description="显示民生实事项目", value=True, indent=False)
        # 天地图 underneath only when the operator set a key (LIAISON_TIANDITU_KEY); offline otherwise.
        self.base = w.Checkbox(description="天地图底图", value=tianditu_key() is not None, indent=False,
                               disabled=tianditu_key() is None)
        self.picture = w.HTML()
        self.picture.add_class("lz-map-box")
        self.legend = w.HTML(join(html('<span class="lz-map-key"><svg width="14" height="14"><circle cx="7" cy="7" r="5" '
                                        'fill="{}"/></svg>{}</span>', KIND_STYLE[k][0], label) for k, label in LEGEND)
                             + html('<span class="lz-map-key">{}</span>',
                                    "橙色光圈越大，该站点收到的群众意见越多；少于5件显示为「<5」。网格：绿色有联系代表，橙色尚无。"))
        for control in (self.station, self.period, self.grids, self.projects, self.base):
            control.observe(lambda _: self.refresh(), "value")
        super().__init__([w.HBox([self.station.with_search(), self.period, self.grids, self.projects, self.base]),
                          self.message,
                          self.legend,
                          self.picture])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Read the pins (the database counts the opinions) and draw."""
        with self.db.reader() as s:
            self.pins = map_pins(s, opinions_by_station(s, self.period.value), self.station.value) + point_pins(
                s, opinions_by_point(s), self.station.value)
            if self.projects.value:
                self.pins += project_pins(s, station=self.station.value)
            self.areas = map_areas(s, self.station.value, opinions_by_grid(s, self.period.value)) if self.grids.value else []
        self.picture.value = svg_map(self.pins, self.areas, title="联络站分布与群众意见", base=self.base.value)
        kinds = [p.kind for p in self.pins]
        parts = [f"{len(kinds) - kinds.count('mobile') - kinds.count('project')}个站点"]
        parts += [f"{kinds.count('mobile')}个流动联络站"] if "mobile" in kinds else []
        parts += [f"{kinds.count('project')}个民生实事项目"] if "project" in kinds else []
        parts += [f"{len(self.areas)}个网格"] if self.areas else []
        self.message.show("地图上有" + "、".join(parts) + "。")
