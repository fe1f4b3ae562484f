"""办理进度查询: the case number and the last four digits of the phone (or the receipt's lookup
code) give the stages, the handling unit and the answer, and the 代表建议 the case grew into; with
the lookup code the citizen rates the answer and says whether the suggestion was done. One message
for any wrong pair."""
from __future__ import annotations

from ..cases.lookup import PHONE_TAIL, look_up, rate
from ..core.errors import ToolkitError
from ..core.glossary import CONFIRMATIONS, RATINGS
from ..suggestions.confirm import confirm, suggestion_for_case
from .web import PublicHandler


class LookupPage(PublicHandler):
    """GET shows the form (the number filled in from the receipt's link); POST shows the case."""

    def _look(self, number: str, proof: str, client: str) -> dict:
        with self.db.unit_of_work() as s:         # a failed try is written (it is counted)
            case = look_up(s, number, proof, client)
            return {**case, "代表建议": suggestion_for_case(s, case["编号"])}

    def get(self) -> None:
        self.page("lookup.html", number=self.get_query_argument("n", "")[:40], error="")

    async def post(self) -> None:
        number = ""
        try:
            number, proof = self.field("number")[:40], self.field("proof")[:40]
            case = await self.in_db(self._look, number, proof, self.client())
        except ToolkitError as e:
            return self.page("lookup.html", 400, number=number, error=e.message)
        self.case_page(200, case, proof)

    def case_page(self, status: int, case: dict, proof: str, **values) -> None:
        """The case; its rating form asks for the lookup code when the phone's ending opened it."""
        by_phone = bool(PHONE_TAIL.fullmatch(proof.strip()))
        self.page("case.html", status, case=case, proof="" if by_phone else proof, by_phone=by_phone,
                  ratings=RATINGS, suggestion=case.get("代表建议"), confirmations=CONFIRMATIONS,
                  **{"error": "", **values})


class RatePage(LookupPage):
    """POST /q/rate: the citizen's 评价 of the answer (the same proof as the lookup), then the case again."""

    def _rate(self, number: str, proof: str, rating: str, comment: str, client: str) -> dict:
        with self.db.unit_of_work() as s:
            rate(s, number, proof, rating, comment, client)
        return self._look(number, proof, client)

    async def post(self) -> None:
        number, proof, error = self.field("number")[:40], self.field("proof")[:40], ""
        try:
            case = await self.in_db(self._rate, number, proof, self.field("rating"), self.field("comment"), self.client())
            done = "感谢您的评价。" + ("案件已退回承办单位重新办理。" if case["状态"] == "办理中" else "")
        except ToolkitError as e:
            try:
                case, done, error = await self.in_db(self._look, number, proof, self.client()), "", e.message
            except ToolkitError as wrong:
                return self.page("lookup.html", 400, number=number, error=wrong.message)
        self.case_page(400 if error else 200, case, proof, error=error, done=done)


class ConfirmPage(LookupPage):
    """POST /q/confirm: the citizen's word on whether the suggestion their case grew into was done."""

    def _confirm(self, number: str, proof: str, word: str, client: str) -> dict:
        with self.db.unit_of_work() as s:
            confirm(s, number, proof, word, client)
        return self._look(number, proof, client)

    async def post(self) -> None:
        number, proof, error, done = self.field("number")[:40], self.field("proof")[:40], "", ""
        try:
            case = await self.in_db(self._confirm, number, proof, self.field("word"), self.client())
            done = "感谢您的确认，您的意见将与代表满意度一并统计。"
        except ToolkitError as e:
            try:
                case, error = await self.in_db(self._look, number, proof, self.client()), e.message
            except ToolkitError as wrong:
                return self.page("lookup.html", 400, number=number, error=wrong.message)
        self.case_page(400 if error else 200, case, proof, error=error, done=done)
