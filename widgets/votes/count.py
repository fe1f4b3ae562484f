"""计票与公告: close and count, the announcement (HTML, Excel, PDF) with the box's fingerprint,
the .pb export, a further vote for a tie, and a deputy checking their receipt."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html, join
from toolkit.projects.announce import announcement, announcement_html, announcement_pdf, announcement_xlsx
from toolkit.projects.box import find_receipt, turnout
from toolkit.projects.export import budget_analysis, vote_pb
from toolkit.projects.votes import before_closing, close_and_count, create_runoff, result_of

from ..pieces.common import MessageArea, download_link, guarded, table_html
from .choice import ChoicePanel

LABEL = {"description_width": "100px"}


class CountPanel(ChoicePanel):
    """The count and everything published after it."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.present = w.IntText(description="出席代表数", style=LABEL)
        self.count_button = w.Button(description="结束投票并计票", button_style="danger", layout=w.Layout(width="200px"))
        self.count_button.on_click(self.ask)
        # Closing is for good: the chair reads turnout against the quorum first, then confirms.
        self.confirm_text = w.HTML()
        self.confirm_button = w.Button(description="确认结束并计票", button_style="danger", layout=w.Layout(width="160px"))
        self.confirm_button.on_click(self.count)
        self.cancel_button = w.Button(description="取消", layout=w.Layout(width="80px"))
        self.cancel_button.on_click(self.cancel)
        self.confirm = w.VBox([self.confirm_text, w.HBox([self.confirm_button, self.cancel_button])],
                              layout=w.Layout(display="none"))
        self.confirm.add_class("lz-confirm")
        self.runoff_button = w.Button(description="建立另行表决", layout=w.Layout(width="200px"))
        self.runoff_button.on_click(self.runoff)
        self.result = w.HTML()
        self.downloads = w.HTML()
        self.receipt = w.Text(description="回执码", style=LABEL)
        self.receipt.add_class("lz-receipt")
        self.check_button = w.Button(description="核对我的选票")
        self.check_button.on_click(self.check_receipt)
        self.check_message = MessageArea()
        super().__init__([
            w.HTML("<p>出席代表数不填时，按已发放选票的代表数计。</p>"),
            w.HBox([self.present, self.count_button]), self.confirm, self.message, self.result, self.downloads, self.runoff_button,
            w.HTML("<hr><h4>核对选票</h4>"), w.HBox([self.receipt, self.check_button]), self.check_message])

    def refresh(self) -> None:
        """The result of the chosen vote, once counted."""
        vid = self.vote_id
        self.cancel()
        self.result.value = self.downloads.value = ""
        self.runoff_button.layout.display = "none"
        if vid is None:
            return
        with self.db.reader() as s:
            r = result_of(s, vid)
            if r is None:
                t = turnout(s, vid)
                self.result.value = html("<p>尚未计票：已发出{}张，收回{}张。</p>", t["issued"], t["returned"])
                return
            title, lines, table = announcement(s, vid)
            files = [(announcement_html(s, vid).encode("utf-8"), f"{title}.html", "公告（网页，可打印）", "text/html"),
                     (announcement_xlsx(s, vid), f"{title}.xlsx", "公告（Excel）", None),
                     (announcement_pdf(s, vid), f"{title}.pdf", "公告（PDF）", "application/pdf"),
                     (vote_pb(s, vid).encode("utf-8"), f"{title}.pb", "票决数据（pabulib .pb）", "text/plain")]
            analysis = budget_analysis(s, vid)
        extra = html("<details><summary>预算分析（供研究参考，法定结果以公告为准）</summary>"
                     "<p>若在预算总额内按得票多少依次安排（预算内得票优先），或按均等份额法分配，"
                     "会选出哪些项目：</p>{}</details>", table_html(analysis)) if analysis is not None else ""
        self.result.value = html("<h3>{}</h3>{}{}<p class='lz-fingerprint'>{}</p>{}", title,
                                 join(html("<p>{}</p>", x) for x in lines[:-1]), table_html(table), lines[-1], extra)
        self.downloads.value = "　".join(download_link(d, name, label, *([mime] if mime else [])) for d, name, label, mime in files)
        if r["runoff"]:
            self.runoff_button.layout.display = None

    def _vote(self) -> int:
        if self.vote_id is None:
            raise ToolkitError("请先建立或选择票决")
        return self.vote_id

    @guarded
    def ask(self, _=None) -> None:
        """Show turnout against the quorum and ask for confirmation; nothing is closed yet."""
        with self.db.reader() as s:
            text = before_closing(s, self._vote(), self.present.value or None)
        self.confirm_text.value = html("<p><b>请确认：</b>{}</p>", text)
        self.confirm.layout.display = None
        self.count_button.disabled = True

    def cancel(self, _=None) -> None:
        self.confirm.layout.display = "none"
        self.count_button.disabled = False

    @guarded
    def count(self, _=None) -> None:
        """Close and count (after the confirmation)."""
        self.cancel()
        with self.db.unit_of_work() as s:
            r = close_and_count(s, self._vote(), self.present.value or None)
        self.states += 1
        if r["void"]:
            self.message.show(f"本次票决无效：{r['void']}", "error")
        else:
            self.message.show("计票完成，入选项目已转入项目监督。", "ok")

    @guarded
    def runoff(self, _=None) -> None:
        """A further vote among the tied candidates."""
        with self.db.unit_of_work() as s:
            child = create_runoff(s, self._vote())
        self.chosen_vote = child
        self.message.show("已建立另行表决，请在「筹备票决」中开始投票。", "ok")

    @guarded(area="check_message")
    def check_receipt(self, _=None) -> None:
        """Check that a ballot was counted, by its receipt (the receipt proves nothing of its content)."""
        with self.db.reader() as s:
            counted = find_receipt(s, self._vote(), self.receipt.value)
            result = result_of(s, self._vote())
        if not counted:
            raise ToolkitError("公布的回执码名单中没有这个回执码")
        if result and result["void"]:       # in the box, but a void vote counts nothing: say so, as the announcement does
            self.check_message.show(f"该回执码在票箱中，但本次票决无效（{result['void']}），所有选票均未计票。", "error")
            return
        self.check_message.show("该回执码在公布的回执码名单中：这张选票已计入票箱。"
                                "（回执码与选票内容分开公布，回执码不能证明投了什么。）", "ok")
