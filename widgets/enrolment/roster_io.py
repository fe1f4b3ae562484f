"""RosterIOPanel: import a roster with a preview of every problem row; template and export."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd
import traitlets

from toolkit import apply_roster_import, export_roster, plan_roster_import, read_table, roster_template
from toolkit.core.db import Database
from toolkit.core.errors import ImportRejected
from toolkit.core.markup import Markup, html, join
from toolkit.network.roster import ACTIONS, record_preview

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.upload import put_file, uploaded


class RosterIOPanel(w.VBox):
    """Upload → 预检 (nothing written) → 确认导入 (all or nothing, unless told to skip bad rows)."""

    imported = traitlets.Int(0, help="bumped after every import that wrote rows")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.upload = w.FileUpload(accept=".xlsx,.xls,.csv", multiple=False, description="选择文件")
        self.check_button = w.Button(description="预检", button_style="info")
        self.skip_invalid = w.Checkbox(description="跳过有错误的行，只导入正确的行", indent=False)
        self.commit_button = w.Button(description="确认导入", button_style="primary", disabled=True)
        self.preview = w.HTML()
        self.links = w.HTML()
        self.template_button = w.Button(description="下载空白模板")
        self.export_button = w.Button(description="导出全部花名册")
        self.check_button.on_click(self.check)
        self.commit_button.on_click(self.commit)
        self.template_button.on_click(self.template)
        self.export_button.on_click(self.export)
        self.upload.observe(lambda _: self._reset_preview(), "value")
        self.skip_invalid.observe(self._update_commit, "value")
        super().__init__([
            w.HTML("<b>第一步</b>：选择花名册文件（.xlsx、.xls 或 .csv），点击「预检」查看每一行的情况。"),
            w.HBox([self.upload, self.check_button]),
            w.HTML("<b>第二步</b>：确认无误后点击「确认导入」。有任何错误行时，默认整个文件都不导入。"),
            w.HBox([self.skip_invalid, self.commit_button]), self.message, self.preview,
            w.HTML("<hr><b>模板与导出</b>"), w.HBox([self.template_button, self.export_button]),
            self.links])
        self.plan = None

    def _reset_preview(self) -> None:
        self.plan, self.preview.value = None, ""
        self.commit_button.disabled = True
        self.message.clear()

    def _file(self) -> tuple[bytes, str]:
        return uploaded(self.upload)

    def load_file(self, content: bytes, name: str) -> None:
        """Put a file in the upload box as the browser would (for tests and scripts)."""
        put_file(self.upload, content, name)

    @guarded
    def check(self, _=None) -> None:
        """Read and check the file; writes nothing."""
        content, name = self._file()
        table = read_table(content, name)
        with self.db.reader() as s:          # planned before any write lock is taken
            self.plan = plan_roster_import(s, table)
        with self.db.unit_of_work() as s:
            record_preview(s, name, self.plan)
        self._show_plan(name)

    def _show_plan(self, name: str) -> None:
        plan = self.plan
        errors = pd.DataFrame([(f"第{e.row}行", e.column, e.message) for e in plan.errors],
                              columns=["位置", "列", "问题"])
        rows = pd.DataFrame([(r.row, r.name, ACTIONS[r.action]) for r in plan.rows],
                            columns=["行号", "姓名", "结果"])
        warn = join(html("<p>提示：{}</p>", t) for t in plan.warnings)
        problems = html("<h4>问题清单（{}处）</h4>{}", len(errors), table_html(errors)) if len(errors) else ""
        more = Markup("<p>（仅显示前500行）</p>") if len(rows) > 500 else ""
        self.preview.value = html("<p><b>{}</b>：{}</p>{}{}<h4>逐行结果</h4>{}{}", name, plan.summary(), warn, problems,
                                  table_html(rows.head(500)), more)
        self._update_commit()
        if plan.errors:
            self.message.show(f"发现{len(plan.errors)}处问题，见下方清单。修改文件后请重新预检；"
                              "或勾选「跳过有错误的行」只导入正确的行。", "error")
        else:
            self.message.show("预检通过，可以确认导入。", "ok")

    def _update_commit(self, _=None) -> None:
        # Only a convenience: commit() re-checks and the toolkit refuses bad files anyway.
        plan = self.plan
        ok = plan is not None and not plan.header_errors and (not plan.errors or self.skip_invalid.value)
        self.commit_button.disabled = not ok

    @guarded
    def commit(self, _=None) -> None:
        """Re-check against the database as it is now and write, in one unit of work."""
        content, name = self._file()
        table = read_table(content, name)
        with self.db.reader() as s:          # a file that would be refused never takes the write lock
            refused = plan_roster_import(s, table)
        if refused.header_errors or (refused.errors and not self.skip_invalid.value):
            raise ImportRejected(refused.errors)
        with self.db.unit_of_work() as s:
            plan = plan_roster_import(s, table)
            counts = apply_roster_import(s, plan, skip_invalid=self.skip_invalid.value)
        self.plan = None
        self.commit_button.disabled = True
        skipped = f"，跳过有错误的{counts['error']}行" if counts["error"] else ""
        self.message.show(f"导入完成：新增{counts['new']}人，更新{counts['updated']}人，"
                          f"无变化{counts['unchanged']}人{skipped}。", "ok")
        self.imported += 1

    @guarded
    def template(self, _=None) -> None:
        """Offer the empty template."""
        self.links.value = download_link(roster_template(), "代表花名册模板.xlsx", "下载 代表花名册模板.xlsx")

    @guarded
    def export(self, _=None) -> None:
        """Offer the whole roster."""
        with self.db.reader() as s:
            data = export_roster(s)
        name = f"代表花名册_{date.today():%Y%m%d}.xlsx"
        self.links.value = download_link(data, name, f"下载 {name}")
