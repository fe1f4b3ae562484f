"""办理进度查询: the case number and the last four digits of the phone (or the receipt's lookup
code) give the stages, the handling unit and the answer. One message for any wrong pair."""
from __future__ import annotations

from ..cases.lookup import look_up
from ..core.errors import ToolkitError
from .web import PublicHandler


class LookupPage(PublicHandler):
    """GET shows the form (the number filled in from the receipt's link); POST shows the case."""

    def _look(self, number: str, proof: str, client: str) -> dict:
        with self.db.unit_of_work() as s:         # a failed try is written (it is counted)
            return look_up(s, number, proof, client)

    def get(self) -> None:
        self.page("lookup.html", number=self.get_query_argument("n", "")[:40], error="")

    async def post(self) -> None:
        number = ""
        try:
            number, proof = self.field("number")[:40], self.field("proof")[:40]
            case = await self.in_db(self._look, number, proof, self.client())
        except ToolkitError as e:
            return self.page("lookup.html", 400, number=number, error=e.message)
        self.page("case.html", case=case)
