"""代表投票: a deputy's ballot by the personal voting code of the slip (`/b?c=CODE`; the slips'
old `voila/render/ballot.ipynb?c=CODE` redirects). The code is taken out of the address at once
(kept in a cookie of /b, then the visitor is sent to plain /b), so no access log or phone history
keeps it. One <fieldset> per candidate; the code works once and the ballot's secrecy is the
toolkit's (toolkit.projects.ballots)."""
from __future__ import annotations

import re

from ..core.errors import NotFound, ToolkitError
from ..projects.ballots import ballot_for_code, cast_with_code
from ..projects.vote_rules import ABSTAIN, CHOICES, TICK, over_limit
from .web import PublicHandler

CODE = re.compile(r"[A-Za-z0-9]{4,32}")
COOKIE = "ballot_code"


def _code_moved(handler: PublicHandler, code: str) -> None:
    code = code.strip().upper()
    if CODE.fullmatch(code):
        handler.keep_code(COOKIE, code, "/b")
    handler.redirect("/b", status=303)


class BallotPage(PublicHandler):
    """GET: the code form, or the ballot of `c`; POST: into the box, then the receipt."""

    def _ballot(self, code: str) -> dict:
        with self.db.reader() as s:
            b = ballot_for_code(s, code)
        if b["state"] != "open":
            raise ToolkitError(f"「{b['vote']}」当前不在投票中")
        if b["voted"]:
            raise ToolkitError("该投票码已经投过票，每名代表只能投一票")
        return b

    def _cast(self, code: str, marks: dict[str, str]) -> str:
        with self.db.unit_of_work() as s:
            return cast_with_code(s, code, marks)

    def _show(self, code: str, b: dict, status: int = 200, error: str = "", marks: dict | None = None) -> None:
        self.page("ballot.html", status, code=code, ballot=b, choices=CHOICES, abstain=ABSTAIN, tick=TICK,
                  marks=marks or {}, error=error)

    async def get(self) -> None:
        if self.get_query_argument("c", None) is not None:       # the slip's address: out of the URL first
            return _code_moved(self, self.get_query_argument("c"))
        code = (self.get_cookie(COOKIE) or "").strip().upper()
        if not CODE.fullmatch(code):
            return self.page("ballot_code.html", error="")
        try:
            b = await self.in_db(self._ballot, code)
        except ToolkitError as e:
            return self.page("ballot_code.html", 404 if isinstance(e, NotFound) else 400, error=e.message)
        self._show(code, b)

    async def post(self) -> None:
        code = self.field("code").strip().upper()[:32]
        try:
            b = await self.in_db(self._ballot, code)
        except ToolkitError as e:
            return self.page("ballot_code.html", 404 if isinstance(e, NotFound) else 400, error=e.message)
        unmarked = ABSTAIN if b["form"] == "itemised" else ""     # what the screen showed as chosen
        marks = {name: self.field(f"m{i}") or unmarked for i, (name, _, _) in enumerate(b["candidates"])}
        why = over_limit(b["form"], b["seats"], marks)
        if why:
            return self._show(code, b, 400, why, marks)
        try:
            receipt = await self.in_db(self._cast, code, marks)
        except ToolkitError as e:
            return self._show(code, b, 400, e.message, marks)
        self.clear_cookie(COOKIE, path="/b")
        self.page("ballot_done.html", vote=b["vote"], receipt=receipt)


class BallotCode(PublicHandler):
    """POST /b/code: the code typed in, then the ballot at /b (the code never in an address)."""

    def post(self) -> None:
        _code_moved(self, self.field("c")[:32])


class OldBallotAddress(PublicHandler):
    """The slips' `voila/render/ballot.ipynb?c=CODE`: the code kept, then the ballot at /b."""

    def get(self) -> None:
        _code_moved(self, self.get_query_argument("c", ""))
