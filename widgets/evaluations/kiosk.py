"""KioskPage: a tablet at the station; big buttons, one respondent after another.

Flow: enter the code → pick what to rate → the verdict (and the 1–5 items) → submit → thanks →
back to the start; a minute without a touch also goes back to the start.
"""
from __future__ import annotations

from datetime import datetime

import ipywidgets as w

from toolkit.core.db import Database, connect
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.evaluations.rules import VERDICTS
from toolkit.evaluations.services import get_round, items_of, submit, targets_of

from ..cases.intake_page import query_param
from ..pieces.common import MessageArea, guarded

BIG = w.Layout(width="220px", height="64px", margin="6px")
IDLE_SECONDS = 60


class KioskPage(w.VBox):
    """One round; `reset()` brings the next respondent to the first screen."""

    def __init__(self, db: Database | None = None, round_id: int | None = None, code: str | None = None):
        self.db = db or connect()
        raw = query_param("r")
        self.round_id = round_id if round_id is not None else (int(raw) if raw.isdigit() else 0)
        self.message = MessageArea()
        self.title = w.HTML()
        self.code = w.Text(placeholder="请输入测评码", layout=w.Layout(width="300px", height="48px"))
        self.code.add_class("lz-kiosk-code")
        self.start = w.Button(description="开始评价", button_style="danger", layout=BIG)
        self.start.add_class("lz-kiosk-start")
        self.start.add_class("lz-big")
        self.targets = w.VBox()
        self.verdicts = {v: w.Button(description=v, layout=BIG, button_style="" if v == "弃权" else "info") for v in VERDICTS}
        for v, b in self.verdicts.items():
            b.add_class(f"lz-kiosk-{['sat', 'basic', 'unsat', 'abstain'][VERDICTS.index(v)]}")
            b.add_class("lz-big")
            b.on_click(lambda _, v=v: self.choose(v))
        self.items: dict[int, w.ToggleButtons] = {}
        self.comment = w.Textarea(placeholder="意见建议（可不填）", layout=w.Layout(width="460px"))
        self.send_button = w.Button(description="提交", button_style="danger", layout=BIG)
        self.send_button.add_class("lz-kiosk-send")
        self.send_button.add_class("lz-big")
        self.screen = w.VBox()
        self.idle = w.Play(interval=1000, max=10**9, show_repeat=False, layout=w.Layout(display="none"))
        self.idle.observe(self._tick, "value")
        self.start.on_click(self.begin)
        self.send_button.on_click(self.finish)
        super().__init__([self.title, self.screen, self.message, self.idle],
                         layout=w.Layout(max_width="760px", margin="0 auto"))
        self._load(code if code is not None else query_param("c"))

    @guarded
    def _load(self, code: str) -> None:
        with self.db.reader() as s:
            r = get_round(s, self.round_id)
            self.round_name, self.closed = r.name, r.closed_at is not None
            self.target_list = targets_of(s, self.round_id)
            items = items_of(s, self.round_id)
        self.title.value = html("<h1 style='text-align:center'>{}</h1>", self.round_name)
        self.items = {i: w.ToggleButtons(options=[("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)], value=None,
                                         description=label, style={"description_width": "160px", "button_width": "56px"})
                      for i, label in items}
        self.preset = (code or "").strip()
        self.reset()
        self.idle.playing = True

    def reset(self) -> None:
        """The first screen, ready for the next respondent."""
        self.chosen_target = self.chosen_verdict = None
        self.code.value = self.preset
        self.comment.value = ""
        for t in self.items.values():
            t.value = None
        self.seconds_idle = 0
        self.screen.children = [w.HTML("<h2>第一步：输入测评码</h2>"), self.code, self.start]

    def _touch(self) -> None:
        self.seconds_idle = 0

    def _tick(self, _=None) -> None:
        self.seconds_idle += 1
        if self.seconds_idle >= IDLE_SECONDS and self.screen.children[-1] is not self.start:
            self.message.clear()
            self.reset()

    @guarded
    def begin(self, _=None) -> None:
        """Show what can be rated."""
        self._touch()
        if not self.code.value.strip():
            raise ToolkitError("请先输入测评码")
        buttons = []
        for tid, label in self.target_list:
            b = w.Button(description=label, layout=w.Layout(width="460px", height="56px", margin="4px"))
            b.add_class("lz-kiosk-target")
            b.add_class("lz-big")
            b.on_click(lambda _, tid=tid, label=label: self.pick(tid, label))
            buttons.append(b)
        self.screen.children = [w.HTML("<h2>第二步：选择评价对象</h2>"), *buttons]
        self.message.clear()

    def pick(self, target_id: int, label: str) -> None:
        """Ask for the verdict on one target."""
        self._touch()
        self.chosen_target, self.target_label = target_id, label
        self.screen.children = [w.HTML(html("<h2>您对「{}」的总体评价</h2>", label)),
                                w.HBox(list(self.verdicts.values())[:2]), w.HBox(list(self.verdicts.values())[2:])]

    def choose(self, verdict: str) -> None:
        """Then the items, the comment, and 提交."""
        self._touch()
        self.chosen_verdict = verdict
        self.screen.children = [w.HTML(html("<h2>总体评价：{}</h2><p>以下各项按1（很差）到5（很好）打分，可不打分。</p>", verdict)),
                                *self.items.values(), self.comment, self.send_button]

    @guarded
    def finish(self, _=None) -> None:
        """Submit once; then thank and start over."""
        self._touch()
        self.send_button.disabled = True
        try:
            scores = {i: t.value for i, t in self.items.items() if t.value is not None}
            with self.db.unit_of_work() as s:
                submit(s, self.round_id, self.chosen_target, f"code:{self.code.value}", self.chosen_verdict,
                       scores, self.comment.value, datetime.now())
        except ToolkitError:
            self.reset()
            raise
        finally:
            self.send_button.disabled = False
        self.message.show("提交成功，谢谢您的评价！下一位请输入测评码。", "ok")
        self.submitted = getattr(self, "submitted", 0) + 1
        self.reset()
