"""满意度测评机: the station tablet (`/k?r=ROUND`; the old `voila/render/kiosk.ipynb?r=` redirects).
Code → the first target it may rate → verdict, 1–5 items and a comment → 提交 (or 跳过) → the
next target, in reading order (by place, then name) → … → back to the start for the next respondent. Every screen after the first goes back to the start after a minute untouched
(static/kiosk.js; without script, a meta refresh in <noscript>). Each step is a plain form post; nothing is kept between them but
what the form carries."""
from __future__ import annotations

import re

import tornado.web

from ..core.errors import NotFound, ToolkitError
from ..evaluations.kiosk import COMMENT_LIMIT, answer, kiosk_round, next_target, targets_for_code
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
    """GET: the first screen (a code may come in the address: `c`; `new=1`, where the idle minute
    and 返回首页 lead, forgets any code); POST the code: the first target it may still rate."""

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
            fresh = done or self.get_query_argument("new", "") == "1"
            if fresh:                 # the next respondent at a shared tablet never inherits a code
                self.clear_cookie(COOKIE, path="/k")
            kept = "" if fresh else (self.get_cookie(COOKIE) or "")
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
        following = next_target(targets)
        if following is None:
            return self.start(round_id, rnd, "", "这个测评码的评价已经全部完成，谢谢！")
        self.rate(round_id, rnd, code, targets, following[0])

    async def _round_and_targets(self, round_id: int, code: str) -> tuple[dict, list] | None:
        """The round and what `code` may still rate; None once the page has said why not (a notice
        for the round, the start for the code)."""
        rnd = await self._open(round_id)
        if rnd is None:
            return None
        try:
            return rnd, await self.in_db(self._targets, round_id, code)
        except ToolkitError as e:
            self.start(round_id, rnd, "", e.message)
            return None

    def rate(self, round_id: int, rnd: dict, code: str, targets: list, target_id: int, form: dict | None = None,
             error: str = "", said: str = "") -> None:
        """The screen for one target: verdict, items, comment; where it stands among the code's targets."""
        ids = [t[0] for t in targets]
        label = next(t[1] for t in targets if t[0] == target_id)
        self.page("kiosk_rate.html", 400 if error else 200, round=rnd, round_id=round_id, code=code,
                  target_id=target_id, target=label, place=targets[ids.index(target_id)][3],
                  position=ids.index(target_id) + 1, total=len(ids), verdicts=VERDICTS, limit=COMMENT_LIMIT,
                  idle=IDLE_SECONDS, form=form or {"verdict": "", "scores": {}, "comment": ""}, error=error,
                  said=said)


class KioskTarget(KioskStart):
    """POST a target (a tablet's older list screen): the rating screen for it."""

    async def post(self) -> None:
        round_id, code = self.posted()
        found = await self._round_and_targets(round_id, code)
        if found is None:
            return
        rnd, targets = found
        chosen = self.field("target")
        if not any(str(t[0]) == chosen and not t[2] for t in targets):
            following = next_target(targets)
            if following is None:
                return self.start(round_id, rnd, "", "这个测评码的评价已经全部完成，谢谢！")
            return self.rate(round_id, rnd, code, targets, following[0], error="该对象已评价或不在本次测评中")
        self.rate(round_id, rnd, code, targets, int(chosen))


class KioskNext(KioskStart):
    """GET /k/next: after an answer (or a skip), the code's next target (post-redirect-get: the
    code in a short cookie of /k); the start when none is left."""

    async def get(self) -> None:
        round_id = self._round_id(self.get_query_argument("r", ""))
        code = (self.get_cookie(COOKIE) or "").strip().upper()
        after = self.get_query_argument("after", "")
        if not CODE.fullmatch(code):         # the start says so if the round itself is closed
            return self.redirect(f"/k?r={round_id}&new=1", status=303)
        found = await self._round_and_targets(round_id, code)
        if found is None:
            return
        rnd, targets = found
        following = next_target(targets, int(after) if after.isdigit() else None)
        if following is None:
            return self.redirect(f"/k?r={round_id}&ok=1", status=303)
        said = {"ok": "已提交，谢谢！请继续评价下一个对象（不了解的可以跳过）。", "skip": "已跳过。"}
        self.rate(round_id, rnd, code, targets, following[0], said=said.get(self.get_query_argument("was", ""), ""))


class KioskAnswer(KioskStart):
    """POST the answer (or 跳过): taken once, then the code's next target, then the start."""

    def _answer(self, round_id: int, code: str, target_id: int, form: dict) -> int:
        with self.db.unit_of_work() as s:
            return answer(s, round_id, code, target_id, form["verdict"], form["scores"], form["comment"])

    async def post(self) -> None:
        round_id, code = self.posted()
        target = self.field("target")
        skip = self.field("do") == "skip"
        form = {"verdict": self.field("verdict"), "comment": self.field("comment"), "scores": {}}
        try:
            rnd = await self.in_db(self._round, round_id)
            if not target.isdigit():
                raise ToolkitError("请选择评价对象")
            if not skip:
                for item_id, _ in rnd["items"]:
                    score = self.field(f"i{item_id}")
                    if score:
                        if score not in ("1", "2", "3", "4", "5"):
                            raise ToolkitError("评分应为1到5分")
                        form["scores"][item_id] = int(score)
                await self.in_db(self._answer, round_id, code, int(target), form)
            else:
                await self.in_db(self._targets, round_id, code)      # a skip still needs a valid code
        except ToolkitError as e:
            return await self._refused(round_id, code, target, form, e.message)
        self.keep_code(COOKIE, code, "/k")
        self.redirect(f"/k/next?r={round_id}&after={int(target)}&was={'skip' if skip else 'ok'}", status=303)

    async def _refused(self, round_id: int, code: str, target: str, form: dict, error: str) -> None:
        found = await self._round_and_targets(round_id, code)
        if found is None:
            return
        rnd, targets = found
        if not any(str(t[0]) == target for t in targets):
            return self.start(round_id, rnd, "", error)
        self.rate(round_id, rnd, code, targets, int(target), form, error)


class OldKioskAddress(PublicHandler):
    """The tablets' old `voila/render/kiosk.ipynb?r=ROUND` address: moved here for good."""

    def get(self) -> None:
        raw = self.get_query_argument("r", "")
        if not raw.isdigit() or len(raw) > 9:
            raise tornado.web.HTTPError(404)
        self.redirect(f"/k?r={raw}", permanent=True)
