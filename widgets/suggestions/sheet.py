"""SuggestionSheetPanel: the county's sheet of suggestions in (预检, then all or nothing) and out."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ImportRejected
from toolkit.core.markup import html, join
from toolkit.formats.spreadsheets import read_table
from toolkit.suggestions.export import export_suggestions
from toolkit.suggestions.importer import COLUMNS, REQUIRED, apply_suggestion_import, plan_suggestion_import

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.upload import put_file, uploaded


class SuggestionSheetPanel(w.VBox):
    """Upload → 预检 (nothing written) → 确认导入 (the whole file or nothing); export of every suggestion."""

    imported = traitlets.Int(0, help="bumped after every import that wrote rows")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.upload = w.FileUpload(accept=".xlsx,.xls,.csv", multiple=False, description="选择文件")
        self.check_button = w.Button(description="预检", button_style="info")
        self.commit_button = w.Button(description="确认导入", button_style="primary", disabled=True)
        self.export_button = w.Button(description="导出全部代表建议")
        self.preview, self.links = w.HTML(), w.HTML()
        self.check_button.on_click(self.check)
        self.commit_button.on_click(self.commit)
        self.export_button.on_click(self.export)
        self.upload.observe(lambda _: self._reset(), "value")
        columns = "、".join(f"{c}（必填）" if c in REQUIRED else c for c in COLUMNS)
        super().__init__([
            w.HTML(html("<p><b>第一步</b>：选择代表建议表（.xlsx、.xls 或 .csv），列名：{}。点击「预检」。</p>", columns)),
            w.HBox([self.upload, self.check_button]),
            w.HTML("<p><b>第二步</b>：没有错误时点击「确认导入」。有任何错误，整个文件都不导入；"
                   "已有的建议编号会按表中内容更新。</p>"),
            self.commit_button, self.message, self.preview, w.HTML("<hr><b>导出</b>"), self.export_button, self.links])
        self.add_class("lz-suggestion-sheet")

    def _reset(self) -> None:
        self.preview.value, self.commit_button.disabled = "", True
        self.message.clear()

    def _table(self):
        content, name = uploaded(self.upload)
        return read_table(content, name), name

    def load_file(self, content: bytes, name: str) -> None:
        """Put a file in the upload box as the browser would (for tests and scripts)."""
        put_file(self.upload, content, name)

    @guarded
    def check(self, _=None) -> None:
        """Read and check the file; writes nothing."""
        table, name = self._table()
        with self.db.reader() as s:
            plan = plan_suggestion_import(s, table)
        counts = plan.counts()
        errors = pd.DataFrame([(f"第{e.row}行", e.column, e.message) for e in plan.errors], columns=["位置", "列", "问题"])
        warn = join(html("<p>提示：{}</p>", t) for t in plan.warnings)
        problems = html("<h4>问题清单（{}处）</h4>{}", len(errors), table_html(errors)) if len(errors) else ""
        self.preview.value = html("<p><b>{}</b>：新增{}件，更新{}件，有错误{}行。</p>{}{}", name, counts["new"],
                                  counts["updated"], counts["error"], warn, problems)
        self.commit_button.disabled = bool(plan.errors)
        if plan.errors:
            self.message.show(f"发现{len(plan.errors)}处问题，整个文件不会导入。修改后请重新预检。", "error")
        else:
            self.message.show("预检通过，可以确认导入。", "ok")

    @guarded
    def commit(self, _=None) -> None:
        """Check again against the database as it is now and write, all or nothing."""
        table, _ = self._table()
        with self.db.reader() as s:
            refused = plan_suggestion_import(s, table)
        if refused.errors:
            raise ImportRejected(refused.errors)
        with self.db.unit_of_work() as s:
            counts = apply_suggestion_import(s, plan_suggestion_import(s, table))
        self.commit_button.disabled = True
        self.message.show(f"导入完成：新增{counts['new']}件，更新{counts['updated']}件。", "ok")
        self.imported += 1

    @guarded
    def export(self, _=None) -> None:
        """Offer every suggestion as the county's sheet."""
        with self.db.reader() as s:
            data = export_suggestions(s)
        name = f"代表建议_{date.today():%Y%m%d}.xlsx"
        self.links.value = download_link(data, name, f"下载 {name}")
