"""EvaluationsApp: set up rounds, hand out codes, enter deputies' answers, watch and close results."""
from __future__ import annotations

from datetime import date, timedelta

import ipywidgets as w

from toolkit.core.db import Database, connect
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import EVAL_RATER_KINDS, EVAL_TARGET_KINDS, LEVELS
from toolkit.core.markup import Markup, html
from toolkit.evaluations.printing import code_slips, kiosk_url, result_sheet
from toolkit.evaluations.results import comments, formula_of, ranking
from toolkit.evaluations.rules import VERDICTS
from toolkit.evaluations.services import (
    add_department_targets,
    add_target,
    close_round,
    create_round,
    get_round,
    issue_codes,
    list_rounds,
    submit,
    targets_of,
)
from toolkit.formats.spreadsheets import write_xlsx

from ..pieces.common import MessageArea, bar_chart, download_link, guarded, table_html
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker

TABS = ("新建测评", "测评码与测评机", "代表评价录入", "测评结果")
WIDE = w.Layout(width="460px")


class EvaluationsApp(w.Tab):
    """Four tabs over one chosen round; the toolkit counts and enforces one answer each."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.message = MessageArea()
        self.rounds = w.Dropdown(description="测评", layout=WIDE)
        self.rounds.observe(lambda _: self.show_results(), "value")
        super().__init__(children=[self._setup_tab(), self._codes_tab(), self._entry_tab(), self._results_tab()],
                         titles=TABS)
        self.reload_rounds()

    # --- 新建测评 ---------------------------------------------------------------------------
    def _setup_tab(self) -> w.Widget:
        self.name = w.Text(description="测评名称", layout=WIDE)
        self.target_kind = w.Dropdown(description="测评对象", options=[(v, k) for k, v in EVAL_TARGET_KINDS.items()], layout=WIDE)
        self.rater_kind = w.Dropdown(description="参评人", options=[(v, k) for k, v in EVAL_RATER_KINDS.items()], layout=WIDE)
        self.rater_level = w.Dropdown(description="代表层级", options=[("（不限）", None)] + [(v, k) for k, v in LEVELS.items()], index=0)
        self.rater_station = StationPicker(self.db, "代表所在", blank="（不限）", layout=WIDE)
        self.with_comment = w.Checkbox(description="允许填写意见", value=True)
        self.opens = w.DatePicker(description="开始", value=date.today())
        self.closes = w.DatePicker(description="结束", value=date.today() + timedelta(days=14))
        self.items = w.Textarea(description="评分项", placeholder="每行一项，如：答复是否及时", layout=WIDE)
        self.numerator = w.Dropdown(description="满意率分子", options=[("满意 + 基本满意", "both"), ("仅满意", "satisfied-only")])
        self.denominator = w.Dropdown(description="满意率分母", options=[("全部有效票（含弃权）", "responses"), ("不含弃权", "rated")])
        self.members = w.IntText(description="组成人员数", value=0)
        self.limit = w.Text(description="不满意率整改线", value="1/3")
        self.create_button = w.Button(description="建立测评", button_style="primary")
        self.create_button.add_class("lz-eval-ready")
        self.create_button.on_click(self.create)
        self.target_label = w.Text(description="测评对象", layout=WIDE)
        self.add_button = w.Button(description="加入测评对象")
        self.all_depts = w.Button(description="加入全部承办单位", layout=w.Layout(width="160px"))
        self.add_button.on_click(self.add_one)
        self.all_depts.on_click(self.add_departments)
        for control in (self.name, self.target_kind, self.rater_kind, self.rater_level, self.rater_station, self.opens, self.closes,
                        self.items, self.numerator, self.denominator, self.members, self.limit):
            control.style.description_width = "110px"  # long Chinese labels are cut at the default width
        return w.VBox([self.name, self.target_kind, self.rater_kind, self.rater_level, self.rater_station,
                       w.HBox([self.opens, self.closes]), self.items, self.with_comment, self.numerator, self.denominator, self.members, self.limit, self.create_button,
                       self.message, w.HTML("<hr><b>为选中的测评加入测评对象</b>"), self.rounds,
                       w.HBox([self.target_label, self.add_button, self.all_depts])])

    def reload_rounds(self) -> None:
        """Newest first."""
        with self.db.reader() as s:
            rows = list_rounds(s)
        keep = self.rounds.value
        self.rounds.options = [(f"{n}{'（已结束）' if c else ''}", i) for i, n, c in rows]
        ids = [i for i, _, _ in rows]
        self.rounds.index = ids.index(keep) if keep in ids else (0 if ids else None)  # newest by default

    def _need_round(self) -> int:
        if self.rounds.value is None:
            raise ToolkitError("请先选择一个测评")
        return self.rounds.value

    @guarded
    def create(self, _=None) -> None:
        """Set up the round."""
        with self.db.unit_of_work() as s:
            rid = create_round(s, self.name.value, self.target_kind.value, self.rater_kind.value, self.opens.value,
                               self.closes.value, items=self.items.value.splitlines(),
                               numerator=self.numerator.value, denominator=self.denominator.value,
                               members=self.members.value or None, rater_level=self.rater_level.value,
                               rater_station_id=self.rater_station.value, with_comment=self.with_comment.value,
                               unsatisfied_limit=self.limit.value.strip() or "1/3")
        self.reload_rounds()
        self.rounds.value = rid
        self.message.show("已建立测评，请加入测评对象。", "ok")

    @guarded
    def add_one(self, _=None) -> None:
        """Add one target by name."""
        with self.db.unit_of_work() as s:
            add_target(s, self._need_round(), self.target_label.value)
        self.target_label.value = ""
        self.message.show("已加入测评对象。", "ok")
        self.show_results()

    @guarded
    def add_departments(self, _=None) -> None:
        """Every active department."""
        with self.db.unit_of_work() as s:
            n = add_department_targets(s, self._need_round())
        self.message.show(f"已加入{n}个承办单位。", "ok")
        self.show_results()

    # --- 测评码 -----------------------------------------------------------------------------
    def _codes_tab(self) -> w.Widget:
        self.code_count = w.BoundedIntText(description="张数", value=50, min=1, max=5000)
        self.code_button = w.Button(description="生成测评码", button_style="primary")
        self.code_links = w.HTML()
        self.code_message = MessageArea()
        self.code_button.on_click(self.make_codes)
        return w.VBox([w.HTML("群众或常委会组成人员凭一次性测评码匿名评价；测评码打印成带二维码的小票发放。"),
                       self.code_count, self.code_button, self.code_message, self.code_links])

    @guarded(area="code_message")
    def make_codes(self, _=None) -> None:
        """Issue codes and offer the printable slips and the kiosk link."""
        rid = self._need_round()
        with self.db.unit_of_work() as s:
            codes = issue_codes(s, rid, self.code_count.value)
            page = code_slips(s, rid, codes)
        self.codes = codes
        self.code_links.value = (download_link(page.encode(), "测评码.html", "下载测评码小票（A4打印）", "text/html")
                                 + html("<p>测评机地址：<a href='{0}' target='_blank'>{0}</a></p>", kiosk_url(rid)))
        self.code_message.show(f"已生成{len(codes)}个测评码。", "ok")

    # --- 代表评价录入 --------------------------------------------------------------------------
    def _entry_tab(self) -> w.Widget:
        self.entry_deputy = DeputyPicker(self.db, "代表")
        self.entry_target = w.Dropdown(description="测评对象", layout=WIDE)
        self.entry_verdict = w.ToggleButtons(options=VERDICTS, description="总体评价")
        self.entry_button = w.Button(description="提交评价", button_style="primary")
        self.entry_message = MessageArea()
        self.entry_button.on_click(self.enter)
        return w.VBox([w.HTML("代表以本人身份测评：选择代表、测评对象和总体评价。每名代表对每个对象只能评价一次。"),
                       self.entry_deputy, self.entry_target, self.entry_verdict, self.entry_button, self.entry_message])

    @guarded(area="entry_message")
    def enter(self, _=None) -> None:
        """One deputy's answer."""
        if self.entry_deputy.value is None:
            raise ToolkitError("请先查找并选择代表")
        with self.db.unit_of_work() as s:
            submit(s, self._need_round(), self.entry_target.value, f"deputy:{self.entry_deputy.value}",
                   self.entry_verdict.value)
        self.entry_message.show("已提交。", "ok")
        self.show_results()

    # --- 测评结果 -----------------------------------------------------------------------------
    def _results_tab(self) -> w.Widget:
        self.formula_note = w.HTML()
        self.chart, self.table, self.notes = w.HTML(), w.HTML(), w.HTML()
        self.refresh_button = w.Button(description="刷新", icon="refresh")
        self.close_button = w.Button(description="结束测评", button_style="danger")
        self.export_button = w.Button(description="导出结果（Excel与打印页）", layout=w.Layout(width="220px"))
        self.result_links = w.HTML()
        self.result_message = MessageArea()
        self.refresh_button.on_click(lambda _: self.show_results())
        self.close_button.on_click(self.close_round_clicked)
        self.export_button.on_click(self.export)
        return w.VBox([w.HBox([self.refresh_button, self.close_button, self.export_button]), self.result_message,
                       self.result_links, self.formula_note, self.chart, self.table, self.notes])

    @guarded(area="result_message")
    def show_results(self) -> None:
        """Ranking, rates and flags of the chosen round."""
        if self.rounds.value is None:
            return
        with self.db.reader() as s:
            self.results = ranking(s, self.rounds.value)
            r = get_round(s, self.rounds.value)
            note, limit = formula_of(r).describe(), r.unsatisfied_limit
            said = comments(s, r.id)
            targets = targets_of(s, r.id)
        keep = self.entry_target.value
        self.entry_target.options = [(label, tid) for tid, label in targets]
        ids = [tid for tid, _ in targets]
        self.entry_target.index = ids.index(keep) if keep in ids else (0 if ids else None)
        self.formula_note.value = html("<p>口径：{}；不满意率超过{}列为整改。</p>", note, limit)
        if self.results.empty:
            self.chart.value, self.table.value = "", "<i>尚无测评对象。</i>"
            return
        shown = self.results.assign(满意率=self.results["满意率"].map("{:.1%}".format),
                                    不满意率=self.results["不满意率"].map("{:.1%}".format),
                                    整改=self.results["整改"].map({True: "整改", False: ""}))
        self.chart.value = Markup("<b>满意率排名</b>") + bar_chart(
            [(r["测评对象"], r["满意率"], f"{r['满意率']:.1%}（{r['票数']}票）") for _, r in self.results.iterrows()], 1)
        self.table.value = table_html(shown)
        self.notes.value = (Markup("<h4>意见建议</h4>") + table_html(said)) if len(said) else ""

    @guarded(area="result_message")
    def close_round_clicked(self, _=None) -> None:
        """Close the round for good."""
        with self.db.unit_of_work() as s:
            close_round(s, self._need_round())
        self.reload_rounds()
        self.result_message.show("测评已结束，不再接受评价。", "ok")

    @guarded(area="result_message")
    def export(self, _=None) -> None:
        """Results as .xlsx and as a printable page."""
        rid = self._need_round()
        with self.db.reader() as s:
            df = ranking(s, rid).drop(columns=["id"], errors="ignore")
            page = result_sheet(s, rid)
        data = write_xlsx(list(df.columns), df.astype(str).values.tolist(), "测评结果") if not df.empty else b""
        self.result_links.value = (download_link(data, "测评结果.xlsx", "下载 Excel") + "&emsp;"
                                   + download_link(page.encode(), "测评结果.html", "下载打印页", "text/html"))
