"""网格员 (/g): the grid worker's phone page, signed in with a personal link. /g/TOKEN keeps the token in a
cookie of its own path and moves to /g (the token leaves the address bar and the history); /g shows
the worker's grids, a form to pass what they heard to one of a grid's deputies, and their hand-offs
of the last three months. No script; a wrong, revoked or expired link shows no data."""
from __future__ import annotations

from ..admin.links import INVALID
from ..cases.grid_handoff import hand_off, worker_grids, worker_handoffs
from ..cases.link_guard import TooManyTries, guarded_holder
from ..cases.services import CONTENT_LIMIT, NAME_LIMIT
from ..core.errors import NotFound, ToolkitError
from ..core.glossary import CATEGORIES
from .intake import TOKEN
from .web import PublicHandler

COOKIE = "grid_worker"
BLANK = {"pick": "", "content": "", "category": "其他", "name": "", "phone": ""}   # pick: "grid:deputy"


class GridWorkerSignIn(PublicHandler):
    """GET /g/TOKEN: keep the link in a session cookie, then the page itself."""

    def get(self, token: str) -> None:
        self.set_cookie(COOKIE, token, path="/g", httponly=True, samesite="Strict",
                        secure=self.request.protocol == "https")
        self.redirect("/g", status=303)


class GridWorkerPage(PublicHandler):
    """GET shows the worker's grids, the hand-off form and the hand-offs; POST hands one off."""

    def _read(self, token: str, client: str = "") -> dict:
        with self.db.unit_of_work() as s:       # reading a link notes its use; a wrong one is counted
            guarded_holder(s, token, client)
            grids = worker_grids(s, token)
            if not grids:
                raise NotFound(INVALID)
            return {"grids": grids, "handoffs": worker_handoffs(s, token)}

    def _give(self, token: str, form: dict, client: str) -> str:
        with self.db.unit_of_work() as s:
            guarded_holder(s, token, client)
            grid, _, deputy = form["pick"].partition(":")
            grid, deputy = (int(grid) if grid.isdigit() else -1), (int(deputy) if deputy.isdigit() else None)
            return hand_off(s, token, grid, deputy, form["content"], form["category"], form["name"], form["phone"])

    def _show(self, token: str, values: dict, status: int = 200, form: dict | None = None, error: str = "",
              done: str = "") -> None:
        self.page("grid_worker.html", status, categories=CATEGORIES, limit=CONTENT_LIMIT, name_limit=NAME_LIMIT,
                  form=form or BLANK, error=error, done=done, **values)

    async def get(self) -> None:
        token = self.get_cookie(COOKIE) or ""
        try:
            values = await self.in_db(self._read, token, self.client())
        except TooManyTries as e:
            return self.page("notice.html", 429, title="网格员", text=e.message)
        except NotFound as e:
            return self.page("notice.html", 403, title="网格员", text=e.message)
        done = self.get_query_argument("done", "")[:40]     # said only of one of the worker's own hand-offs
        self._show(token, values, done=done if done in {h["编号"] for h in values["handoffs"]} else "")

    async def post(self) -> None:
        token = self.get_cookie(COOKIE) or ""
        form = dict(BLANK)
        try:
            form = {k: self.field(k) for k in form}
            number = await self.in_db(self._give, token, form, self.client())
        except TooManyTries as e:
            return self.page("notice.html", 429, title="网格员", text=e.message)
        except NotFound as e:
            return self.page("notice.html", 403, title="网格员", text=e.message)
        except ToolkitError as e:
            try:
                values = await self.in_db(self._read, token, self.client())
            except NotFound as gone:
                return self.page("notice.html", 403, title="网格员", text=gone.message)
            return self._show(token, values, 400, form, e.message)
        self.redirect(f"/g?done={number}", status=303)


ROUTES = [(rf"/g/({TOKEN})", GridWorkerSignIn), (r"/g", GridWorkerPage)]
