"""发票与投票, at the session: hand out ballots (codes for phones, slips to print), the voting machine
for deputies without a phone, and the entry of paper ballots."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import VOTE_STATES
from toolkit.core.markup import html
from toolkit.projects.ballots import cast, issue_ballots, record_paper_ballots, reissue_codes
from toolkit.projects.box import turnout
from toolkit.projects.paper_sheets import read_ballot_sheet
from toolkit.projects.slips import code_slips
from toolkit.projects.votes import candidate_rows, get_vote

from ..pieces.ballot_sheet import BallotSheet, about
from ..pieces.common import MessageArea, download_link, guarded
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.upload import uploaded
from .choice import ChoicePanel

LABEL = {"description_width": "100px"}


class DeskPanel(ChoicePanel):
    """发票与投票: check deputies in (each gets a phone code), print slips, the voting machine, paper ballots."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.attendee = DeputyPicker(self.db, "出席代表")
        self.issue_button = w.Button(description="签到并发放选票", button_style="primary")
        self.issue_button.on_click(self.issue)
        # The database keeps only hashes of codes: a lost slip is replaced by a new code.
        self.slips_button = w.Button(description="重新生成未投票代表的投票码（旧码作废）", layout=w.Layout(width="320px"))
        self.slips_button.on_click(self.print_slips)
        self.slip_link = w.HTML()
        self.counts = w.HTML()
        self.voter = DeputyPicker(self.db, "投票代表")
        self.ballot = BallotSheet()
        self.cast_button = w.Button(description="投入票箱", button_style="danger", layout=w.Layout(width="200px", height="48px"))
        self.cast_button.add_class("lz-vote-cast")
        self.cast_button.on_click(self.cast_ballot)
        self.ballot_message = MessageArea()
        self.upload = w.FileUpload(accept=".xlsx,.xls,.csv", description="选择选票表")
        self.paper_issued = w.BoundedIntText(description="发出纸质票", min=0, max=100000, style=LABEL)
        self.paper_button = w.Button(description="录入纸质选票", button_style="primary")
        self.paper_button.on_click(self.enter_paper)
        self.paper_message = MessageArea()
        super().__init__([
            self.counts, w.HTML("<h4>签到发票</h4><p>每名出席代表领取一张带投票码的选票，可用手机扫码投票。</p>"),
            w.HBox([self.attendee, self.issue_button]), self.message, w.HBox([self.slips_button]), self.slip_link,
            w.HTML("<hr><h4>投票机</h4><p>工作人员核对代表身份后选择代表，由代表本人填写选票。选票不记录投票人。</p>"),
            self.voter, self.ballot, self.cast_button, self.ballot_message,
            w.HTML("<hr><h4>纸质选票录入</h4><p>选票表每行一张票、每列一个候选项目（以项目名称为列名）；"
                   "单元格填赞成、反对、弃权或空白（逐项表决），√或空白（限额选择）。有一处错误则全部不录入。</p>"),
            w.HBox([self.upload, self.paper_issued, self.paper_button]), self.paper_message])

    def refresh(self) -> None:
        """Turnout and the ballot form of the chosen vote."""
        vid = self.vote_id
        if vid is None:
            self.counts.value = ""
            self.ballot.clear()
            return
        with self.db.reader() as s:
            v = get_vote(s, vid)
            t = turnout(s, vid)
            rows = candidate_rows(s, vid)
            form, state, seats = v.form, v.state, v.seats
        self.counts.value = html("<p>状态：<b>{}</b>　发出选票 <b>{}</b> 张（其中纸质 {}）　收回 <b>{}</b> 张　已投票代表 <b>{}</b> 名</p>",
                                 VOTE_STATES[state], t["issued"], t["paper_issued"], t["returned"], t["voted"])
        self.ballot.show(form, seats, [(n, about(cost, dept)) for n, cost, dept in rows])

    @property
    def marks(self) -> dict[str, w.Widget]:
        """The voting machine's ballot controls by candidate."""
        return self.ballot.marks

    def _vote(self) -> int:
        if self.vote_id is None:
            raise ToolkitError("请先建立或选择票决")
        return self.vote_id

    @guarded
    def issue(self, _=None) -> None:
        """Check one deputy in and hand them a ballot with a code."""
        if self.attendee.value is None:
            raise ToolkitError("请先查找并选择出席代表")
        deputy = self.attendee.value
        with self.db.unit_of_work() as s:
            codes = issue_ballots(s, self._vote(), [deputy])
            slip = code_slips(s, self._vote(), codes)
        code = codes[deputy]
        self.attendee.text.value = ""
        self.refresh()
        self.slip_link.value = download_link(slip.encode("utf-8"), "投票码.html", "打印这名代表的投票码", "text/html")
        self.message.show(f"已发放选票，投票码 {code}。", "ok")

    @guarded
    def print_slips(self, _=None) -> None:
        """New codes for every deputy issued a ballot who has not voted, as a printable sheet."""
        with self.db.unit_of_work() as s:
            codes = reissue_codes(s, self._vote())
            page = code_slips(s, self._vote(), codes)
        self.slip_link.value = download_link(page.encode("utf-8"), "投票码.html", "下载新投票码（可打印）", "text/html")
        self.message.show(f"已为{len(codes)}名尚未投票的代表重新生成投票码，原投票码已作废。", "ok")

    @guarded(area="ballot_message")
    def cast_ballot(self, _=None) -> None:
        """Put the ballot in the box; show the receipt."""
        if self.voter.value is None:
            raise ToolkitError("请先查找并选择投票代表")
        with self.db.unit_of_work() as s:
            receipt = cast(s, self._vote(), self.voter.value, self.ballot.filled())
        self.voter.text.value = ""
        self.refresh()
        self.ballot_message.show(f"已投票。回执码 {receipt}：计票后可在公布的票箱中核对。", "ok")

    @guarded(area="paper_message")
    def enter_paper(self, _=None) -> None:
        """Enter the uploaded sheet of paper ballots, all or nothing."""
        _, ballots = read_ballot_sheet(*uploaded(self.upload, "请先选择选票表文件"))
        with self.db.unit_of_work() as s:
            n = record_paper_ballots(s, self._vote(), ballots, self.paper_issued.value)
        self.refresh()
        self.paper_message.show(f"已录入纸质选票{n}张。", "ok")
