"""GridCoveragePanel: which grids have a deputy to go to, which have not seen one for N days; the grid
sheet in (all or nothing, with every problem named) and out."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd
import traitlets

from toolkit import read_table
from toolkit.core.db import Database
from toolkit.core.errors import ImportRejected
from toolkit.core.markup import html
from toolkit.core.settings import SETTINGS
from toolkit.network.grid_figures import QUIET_DAYS_SETTING, grid_coverage, quiet_grids
from toolkit.network.grid_import import ACTIONS, apply_grid_import, export_grids, plan_grid_import

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.settings_form import SettingsForm
from ..pieces.station_picker import StationPicker
from ..pieces.upload import put_file, uploaded


class GridCoveragePanel(w.VBox):
    """Coverage per station under the chosen one, the quiet grids, the settings, import and export."""

    imported = traitlets.Int(0, help="bumped after every import that wrote rows")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.station = StationPicker(db, "站点", blank="全部（我管理的站点）", scoped=True, layout=w.Layout(width="460px"))
        self.refresh_button = w.Button(description="刷新", icon="refresh")
        self.coverage = w.HTML()
        self.quiet = w.HTML()
        self.settings = SettingsForm(db, [n for n, spec in SETTINGS.items() if spec.group == "grids"])
        self.upload = w.FileUpload(accept=".xlsx,.xls,.csv", multiple=False, description="选择网格表")
        self.check_button = w.Button(description="预检", button_style="info")
        self.commit_button = w.Button(description="确认导入", button_style="primary", disabled=True)
        self.export_button = w.Button(description="导出网格表")
        self.preview, self.links = w.HTML(), w.HTML()
        self.refresh_button.on_click(lambda _: self.refresh())
        self.station.observe(lambda _: self.refresh(), "value")
        self.check_button.on_click(self.check)
        self.commit_button.on_click(self.commit)
        self.export_button.on_click(self.export)
        self.upload.observe(lambda _: self._reset(), "value")
        self.settings.save_button.on_click(lambda _: self.refresh())
        super().__init__([
            w.HBox([self.station.with_search(), self.refresh_button]), self.message,
            w.HTML("<h3>各站点网格与联系代表</h3>"), self.coverage,
            w.HTML("<h3>联系超期的网格</h3>"), self.quiet, self.settings,
            w.HTML("<hr><h3>导入导出网格表</h3>表头：网格*、所属站点*、网格员、网格员手机、联系代表、户数、常住人口。"
                   "所属站点写名称（重名时写路径，如「某中心站/某街道联络站」）；联系代表须已在该站进站，多人用顿号分隔。"
                   "任何一行有误时整个文件都不导入；再次导入按「所属站点＋网格」更新。"),
            w.HBox([self.upload, self.check_button, self.commit_button, self.export_button]), self.preview, self.links])
        self.plan = None
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Recount (the database sums per station) and list the quiet grids."""
        with self.db.reader() as s:
            rows = grid_coverage(s, self.station.value)
            quiet = quiet_grids(s, station=self.station.value)
            days = self.settings.controls[QUIET_DAYS_SETTING].value
        frame = pd.DataFrame(rows, columns=["站点", "网格数", "有联系代表", "无联系代表", "户数", "常住人口", "无联系代表网格"])
        frame["无联系代表网格"] = frame["无联系代表网格"].map("、".join)
        total = int(frame["网格数"].sum()) if len(frame) else 0
        bare = int(frame["无联系代表"].sum()) if len(frame) else 0
        self.coverage.value = (html("<p>共{}个网格，其中{}个尚无联系代表。</p>", total, bare) + table_html(frame)
                               if total else html("<p>{}</p>", "所选范围内尚未设网格。"))
        shown = pd.DataFrame(quiet[:200], columns=["站点", "网格", "联系代表", "最近联系", "未联系天数"])
        shown["最近联系"] = shown["最近联系"].map(lambda d: "从未联系" if d is None or pd.isna(d) else str(d))
        self.quiet.value = (html("<p>联系代表{}天以上未到网格联系：{}个网格。</p>", days, len(quiet)) + table_html(shown)
                            if quiet else html("<p>没有联系超期的网格（{}天内都有联系代表到网格联系）。</p>", days))

    def _reset(self) -> None:
        self.plan, self.preview.value = None, ""
        self.commit_button.disabled = True

    def load_file(self, content: bytes, name: str) -> None:
        """Put a file in the upload box as the browser would (for tests and scripts)."""
        put_file(self.upload, content, name)

    @guarded
    def check(self, _=None) -> None:
        """Read and check the sheet; writes nothing."""
        content, name = uploaded(self.upload)
        with self.db.reader() as s:
            self.plan = plan_grid_import(s, read_table(content, name))
        counts = self.plan.counts()
        errors = pd.DataFrame([(f"第{e.row}行" if e.row else "表头", e.column, e.message) for e in self.plan.errors],
                              columns=["位置", "列", "问题"])
        summary = "，".join(f"{ACTIONS[k]}{v}行" for k, v in counts.items())
        self.preview.value = html("<p><b>{}</b>：{}</p>", name, summary) + (table_html(errors) if len(errors) else "")
        self.commit_button.disabled = bool(self.plan.errors)
        if self.plan.errors:
            self.message.show(f"发现{len(self.plan.errors)}处问题，整个文件都不会导入。修改后请重新预检。", "error")
        else:
            self.message.show("预检通过，可以确认导入。", "ok")

    @guarded
    def commit(self, _=None) -> None:
        """Check again against the database as it is and write all, or nothing."""
        content, name = uploaded(self.upload)
        table = read_table(content, name)
        with self.db.unit_of_work() as s:
            plan = plan_grid_import(s, table)
            if plan.errors:
                raise ImportRejected(plan.errors)
            counts = apply_grid_import(s, plan)
        self._reset()
        self.message.show(f"导入完成：新增{counts['new']}个，更新{counts['updated']}个，无变化{counts['unchanged']}个。", "ok")
        self.imported += 1
        self.refresh()

    @guarded
    def export(self, _=None) -> None:
        """Offer every grid the user may see as a sheet that imports back."""
        with self.db.reader() as s:
            data = export_grids(s)
        name = f"网格表_{date.today():%Y%m%d}.xlsx"
        self.links.value = download_link(data, name, f"下载 {name}")
