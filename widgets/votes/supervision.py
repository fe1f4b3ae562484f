"""项目监督 and 评议: the chosen projects' milestones, progress with photo captions, deputies'
inspections, completion, and the satisfaction round that rates them."""
from __future__ import annotations

from datetime import date, timedelta

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import Markup, html
from toolkit.projects.proposals import project_origins
from toolkit.projects.supervision import (
    add_milestone,
    complete,
    evaluate_projects,
    inspect,
    list_projects,
    project_evaluations,
    project_timeline,
    report_progress,
)

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.deputy_picker import DeputyPicker
from .choice import ChoicePanel

WIDE = w.Layout(width="460px")
LABEL = {"description_width": "90px"}


class SupervisionPanel(ChoicePanel):
    """One project at a time; the list of all projects below."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.project = w.Dropdown(description="项目", layout=WIDE, style=LABEL)
        self.project.observe(lambda _: self.show_project(), "value")
        today = date.today()
        self.step = w.Text(description="节点", style=LABEL)
        self.step_due = w.DatePicker(description="节点日期", value=today + timedelta(days=30), style=LABEL)
        self.step_button = w.Button(description="增加节点")
        self.step_button.on_click(self.add_step)
        self.on = w.DatePicker(description="日期", value=today, style=LABEL)
        self.progress = w.BoundedIntText(description="进度（%）", min=0, max=100, style=LABEL)
        self.note = w.Textarea(description="进展情况", layout=w.Layout(width="460px", height="60px"), style=LABEL)
        self.photos = w.Textarea(description="照片说明", placeholder="每张照片一行", layout=w.Layout(width="460px", height="50px"), style=LABEL)
        self.progress_button = w.Button(description="报告进度", button_style="primary")
        self.progress_button.on_click(self.add_progress)
        self.inspector = DeputyPicker(self.db, "视察代表")
        self.add_inspector = w.Button(description="加入")
        self.add_inspector.on_click(self.pick_inspector)
        self.inspectors: dict[int, str] = {}
        self.inspector_list = w.HTML()
        self.findings = w.Textarea(description="视察意见", layout=w.Layout(width="460px", height="60px"), style=LABEL)
        self.inspect_button = w.Button(description="记录视察")
        self.inspect_button.on_click(self.add_inspection)
        self.complete_button = w.Button(description="确认完工", button_style="success")
        self.complete_button.on_click(self.finish)
        self.timeline = w.HTML()
        self.rated = w.HTML()
        self.eval_name = w.Text(description="测评名称", layout=WIDE, style=LABEL)
        self.eval_button = w.Button(description="对已完工项目发起满意度测评", layout=w.Layout(width="260px"))
        self.eval_button.on_click(self.start_evaluation)
        self.listing = w.HTML()
        super().__init__([
            self.project, self.message,
            w.HTML("<h4>进度节点</h4>"), w.HBox([self.step, self.step_due, self.step_button]),
            w.HTML("<h4>进度报告</h4>"), w.HBox([self.on, self.progress]), self.note, self.photos, self.progress_button,
            w.HTML("<h4>代表视察</h4>"), w.HBox([self.inspector, self.add_inspector]), self.inspector_list,
            self.findings, self.inspect_button, w.HTML("<h4>完工与评议</h4>"), self.complete_button,
            w.HBox([self.eval_name, self.eval_button]), self.rated, self.timeline,
            w.HTML("<hr><h4>全部项目</h4>"), self.listing])

    def refresh(self) -> None:
        """All projects; the chosen one kept."""
        with self.db.reader() as s:
            df = list_projects(s)
        keep = self.project.value
        self.project.options = [(f"{r['年度']} {r['项目']}（{r['进度']}）", int(r["编号"])) for _, r in df.iterrows()]
        ids = [int(i) for i in df["编号"]]
        self.project.index = ids.index(keep) if keep in ids else (0 if ids else None)
        self.listing.value = table_html(df) if len(df) else "<p>尚无项目：票决计票后，入选项目自动转入监督。</p>"
        self.show_project()

    def show_project(self) -> None:
        """Timeline and evaluations of the chosen project."""
        if self.project.value is None:
            self.timeline.value = self.rated.value = ""
            return
        with self.db.reader() as s:
            tl = project_timeline(s, self.project.value)
            ev = project_evaluations(s, self.project.value)
            origin = project_origins(s, self.project.value)
        came = html("<p>来源：代表建议 {}；群众意见 {}</p>", origin["代表建议"], "、".join(origin["群众意见"]) or "（无）") \
            if origin["代表建议"] else Markup("")
        self.timeline.value = html("<h4>项目记录</h4>{}{}", came, table_html(tl) if len(tl) else Markup("<p>尚无记录。</p>"))
        self.rated.value = html("<h4>满意度测评结果</h4>{}", table_html(ev)) if len(ev) else ""

    def _project(self) -> int:
        if self.project.value is None:
            raise ToolkitError("请先选择项目")
        return self.project.value

    @guarded
    def add_step(self, _=None) -> None:
        """A milestone."""
        with self.db.unit_of_work() as s:
            add_milestone(s, self._project(), self.step.value, self.step_due.value)
        self.step.value = ""
        self.refresh()
        self.message.show("已增加节点。", "ok")

    @guarded
    def add_progress(self, _=None) -> None:
        """A dated progress report."""
        with self.db.unit_of_work() as s:
            report_progress(s, self._project(), self.on.value, self.progress.value, self.note.value,
                            photos=self.photos.value)
        self.note.value = self.photos.value = ""
        self.refresh()
        self.message.show("已报告进度。", "ok")

    def pick_inspector(self, _=None) -> None:
        """Add the found deputy to this inspection's party."""
        if self.inspector.value is not None:
            self.inspectors[self.inspector.value] = self.inspector.choice.label.split("（")[0]
            self.inspector_list.value = html("视察代表：{}", "、".join(self.inspectors.values()))

    @guarded
    def add_inspection(self, _=None) -> None:
        """Record the inspection."""
        with self.db.unit_of_work() as s:
            inspect(s, self._project(), self.on.value, list(self.inspectors), self.findings.value)
        self.inspectors, self.inspector_list.value, self.findings.value = {}, "", ""
        self.refresh()
        self.message.show("已记录视察。", "ok")

    @guarded
    def finish(self, _=None) -> None:
        """Completion."""
        with self.db.unit_of_work() as s:
            complete(s, self._project(), self.on.value)
        self.refresh()
        self.message.show("已确认完工，可发起满意度测评。", "ok")

    @guarded
    def start_evaluation(self, _=None) -> None:
        """A satisfaction round over every completed project not rated yet in this list."""
        with self.db.reader() as s:
            df = list_projects(s)
        done = [int(r["编号"]) for _, r in df.iterrows() if str(r["状态"]).startswith("已完工")]
        if not done:
            raise ToolkitError("尚无已完工的项目")
        today = date.today()
        with self.db.unit_of_work() as s:
            evaluate_projects(s, self.eval_name.value, done, today, today + timedelta(days=14))
        self.message.show(f"已发起测评，含{len(done)}个项目：请在「满意度测评」中发放测评码。", "ok")
