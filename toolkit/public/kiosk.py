"""满意度测评机: the station tablet (`/k?r=ROUND`; the old `voila/render/kiosk.ipynb?r=` redirects).
Code → what to rate → verdict, 1–5 items and a comment → 提交 → back to the start for the next
respondent. Every screen after the first goes back to the start after a minute untouched
(static/kiosk.js; without script, a meta refresh in <noscript>). Each step is a plain form post; nothing is kept between them but
what the form carries."""
from __future__ import annotations

import re

import tornado.web

from ..core.errors import NotFound, ToolkitError
from ..evaluations.kiosk import COMMENT_LIMIT, answer, kiosk_round, targets_for_code
from ..evaluations.rules import VERDICTS
from .web import CSP, PublicHandler

IDLE_SECONDS = 60
CODE = re.compile(r"[A-Za-z0-9]{4,32}")
COOKIE = "kiosk_code"


class KioskHandler(PublicHandler):
    """What the three kiosk addresses share: the round from `r`, refused with a notice when unknown or closed."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        # The idle minute restarts at every touch: one script file of our own (static/kiosk.js).
        self.set_header("Content-Security-Policy", CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self';"))

    def _round_id(self, raw: str) -> int:
        if not raw.isdigit() or len(raw) > 9:
            raise tornado.web.HTTPError(404)
        return int(raw)

    def _round(self, round_id: int) -> dict:
        with self.db.reader() as s:
            return kiosk_round(s, round_id)

    def _targets(self, round_id: int, code: str) -> list:
        with self.db.reader() as s:
            return targets_for_code(s, round_id, code)

    async def _open(self, round_id: int) -> dict | None:
        try:
            return await self.in_db(self._round, round_id)
        except ToolkitError as e:
            self.page("notice.html", 404 if isinstance(e, NotFound) else 400, title="满意度测评", text=e.message)
            return None

    def start(self, round_id: int, rnd: dict, code: str = "", error: str = "", done: bool = False) -> None:
        self.page("kiosk_start.html", 400 if error else 200, round=rnd, round_id=round_id, code=code, error=error,
                  done=done)

    def posted(self) -> tuple[int, str]:
        return self._round_id(self.field("r")), self.field("code").strip().upper()[:32]


class KioskStart(KioskHandler):
    """GET: the first screen (a code may come in the address: `c`); POST the code: what it may rate."""

    async def get(self) -> None:
        round_id = self._round_id(self.get_query_argument("r", ""))
        code = self.get_query_argument("c", None)
        if code is not None:          # a slip's code: out of the address first (logs, history)
            if CODE.fullmatch(code.strip()):
                self.keep_code(COOKIE, code.strip().upper(), "/k")
            return self.redirect(f"/k?r={round_id}", status=303)
        rnd = await self._open(round_id)
        if rnd is not None:
            done = self.get_query_argument("ok", "") == "1"
            kept = "" if done else (self.get_cookie(COOKIE) or "")
            self.start(round_id, rnd, kept if CODE.fullmatch(kept) else "", done=done)

    async def post(self) -> None:
        round_id, code = self.posted()
        rnd = await self._open(round_id)
        if rnd is None:
            return
        try:
            if not code:
                raise ToolkitError("请先输入测评码")
            targets = await self.in_db(self._targets, round_id, code)
        except ToolkitError as e:
            return self.start(round_id, rnd, code, e.message)
        self.page("kiosk_targets.html", round=rnd, round_id=round_id, code=code, targets=targets, idle=IDLE_SECONDS,
                  error="")


class KioskTarget(KioskHandler):
    """POST a target: the verdict, the items and the comment for it."""

    async def post(self, form: dict | None = None, error: str = "") -> None:
        round_id, code = self.posted()
        rnd = await self._open(round_id)
        if rnd is None:
            return
        try:
            targets = await self.in_db(self._targets, round_id, code)
        except ToolkitError as e:
            return self.start(round_id, rnd, "", e.message)
        chosen = self.field("target")
        label = next((label for tid, label, rated in targets if str(tid) == chosen and not rated), None)
        if label is None:
            return self.page("kiosk_targets.html", 400, round=rnd, round_id=round_id, code=code, targets=targets,
                             idle=IDLE_SECONDS, error=error or "请选择一个尚未评价的对象")
        self.page("kiosk_rate.html", 400 if error else 200, round=rnd, round_id=round_id, code=code,
                  target_id=int(chosen), target=label, verdicts=VERDICTS, limit=COMMENT_LIMIT, idle=IDLE_SECONDS,
                  form=form or {"verdict": "", "scores": {}, "comment": ""}, error=error)


class KioskAnswer(KioskTarget):
    """POST the answer: taken once, then back to the start for the next respondent."""

    def _answer(self, round_id: int, code: str, target_id: int, form: dict) -> int:
        with self.db.unit_of_work() as s:
            return answer(s, round_id, code, target_id, form["verdict"], form["scores"], form["comment"])

    async def post(self) -> None:
        round_id, code = self.posted()
        target = self.field("target")
        form = {"verdict": self.field("verdict"), "comment": self.field("comment"), "scores": {}}
        try:
            for item_id, _ in (await self.in_db(self._round, round_id))["items"]:
                score = self.field(f"i{item_id}")
                if score:
                    if score not in ("1", "2", "3", "4", "5"):
                        raise ToolkitError("评分应为1到5分")
                    form["scores"][item_id] = int(score)
            if not target.isdigit():
                raise ToolkitError("请选择评价对象")
            await self.in_db(self._answer, round_id, code, int(target), form)
        except ToolkitError as e:
            return await super().post(form, e.message)
        self.clear_cookie(COOKIE, path="/k")
        self.redirect(f"/k?r={round_id}&ok=1", status=303)


class OldKioskAddress(PublicHandler):
    """The tablets' old `voila/render/kiosk.ipynb?r=ROUND` address: moved here for good."""

    def get(self) -> None:
        raw = self.get_query_argument("r", "")
        if not raw.isdigit() or len(raw) > 9:
            raise tornado.web.HTTPError(404)
        self.redirect(f"/k?r={raw}", permanent=True)
