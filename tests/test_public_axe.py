"""Every public page, as a phone at 360 px opens it in Chromium: axe-core (the npm package, put in
place by `make test`) reports no serious or critical violation; each page is under 100 KB in
under 10 requests, all from this server."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from toolkit.admin.deputy_links import deputy_link
from toolkit.cases.grid_handoff import grid_worker_link
from toolkit.cases.models import Case
from toolkit.cases.services import act
from toolkit.evaluations.services import add_target, create_round, issue_codes
from toolkit.network.department_directory import add_department
from toolkit.network.grid_models import Grid, GridDeputy
from toolkit.network.models import Deputy, Seat
from toolkit.network.point_models import MobilePoint
from toolkit.network.station_index import StationIndex
from toolkit.projects.ballots import issue_ballots
from toolkit.projects.votes import add_candidate, create_vote, open_vote

from .browser import _shot, needs_chromium
from .public_site import site  # noqa: F401  (the fixture)

AXE = Path(__file__).resolve().parent.parent / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [pytest.mark.browser, needs_chromium,
              pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (make test installs it with npm)")]


class Audit:
    """One phone; each page it lands on is weighed and checked by axe-core."""

    def __init__(self, browser, base: str):
        # The pages allow no script at all: axe is injected past the policy (bypass_csp), the only change.
        self.context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
        self.page = self.context.new_page()
        self.base, self.responses, self.findings, self.weights = base, [], {}, {}
        self.page.on("response", lambda r: self.responses.append(r))

    def check(self, name: str) -> None:
        pg = self.page
        pg.wait_for_load_state("load")
        sizes = []
        for r in self.responses:
            assert r.url.startswith(self.base), r.url            # nothing from outside
            if 300 <= r.status < 400:
                continue
            sizes.append(len(r.body()))
        self.weights[name] = (len(self.responses), sum(sizes))
        self.responses.clear()
        pg.add_script_tag(path=str(AXE))
        result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
        self.findings[name] = [f"{v['id']}（{v['impact']}）：{v['help']}" for v in result["violations"]
                               if v["impact"] in ("serious", "critical")]
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360, name
        _shot(pg, f"axe-{name}")


@pytest.fixture
def world(site):  # noqa: F811
    db = site["db"]
    with db.unit_of_work() as s:
        rid = create_round(s, "站点服务测评", "department", "citizens", date.today() - timedelta(days=1),
                           date.today() + timedelta(days=9), items=["接待态度"])
        add_target(s, rid, "住建局")
        eval_code = issue_codes(s, rid, 1)[0]
        vid = create_vote(s, "2027年民生实事票决", "county", seats=1, electorate=3, uncontested=False)
        for name in ("老年食堂", "口袋公园"):
            add_candidate(s, vid, name, cost=80, department="区民政局")
        open_vote(s, vid)
        voter = s.scalar(select(Deputy.id).join(Seat, Seat.deputy_id == Deputy.id).where(Seat.level == "county")
                         .order_by(Deputy.id))
        ballot_code = issue_ballots(s, vid, [voter])[voter]
        dept = add_department(s, "无障碍测试局")
    return {**site, "round": rid, "eval_code": eval_code, "ballot_code": ballot_code, "dept": dept}


def test_every_public_page_passes_axe_and_is_light(world, browser):
    a = Audit(browser, world["base"])
    pg = a.page
    pg.goto(f"{world['base']}/d/{world['token']}")
    a.check("intake")
    pg.fill("#content", "   ")
    pg.click("button[type=submit]")                      # blank: the refusal beside the form
    a.check("intake-error")
    pg.fill("#content", "路口红绿灯时间太短")
    pg.fill("#phone", "13700001234")
    pg.click("button[type=submit]")
    a.check("receipt")
    number = pg.inner_text(".receipt b >> nth=0")
    with world["db"].unit_of_work() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        for step, params in (("register", {}), ("assign", {"department_id": world["dept"],
                                                            "deadline": case.received_on + timedelta(days=9)}),
                             ("accept", {}), ("answer", {"note": "已延长绿灯时间。"})):
            act(s, case.id, step, **params)
    pg.click("text=查询办理进度")
    a.check("lookup")
    pg.fill("#proof", "0000")
    pg.click("button[type=submit]")
    a.check("lookup-wrong")
    pg.fill("#proof", "1234")
    pg.click("button[type=submit]")
    a.check("case")
    pg.goto(f"{world['base']}/b")
    a.check("ballot-code")
    pg.fill("#c", world["ballot_code"])
    pg.click("button[type=submit]")
    a.check("ballot")
    pg.click("text=投入票箱")
    a.check("ballot-done")
    pg.goto(f"{world['base']}/k?r={world['round']}")
    a.check("kiosk")
    pg.fill("#code", world["eval_code"])
    pg.click("text=开始评价")
    a.check("kiosk-rate")
    pg.click("text=不了解，跳过此项")
    a.check("kiosk-done")
    pg.goto(f"{world['base']}/s")
    a.check("finder")
    pg.click(".districts a >> nth=0")
    a.check("finder-district")
    with world["db"].unit_of_work() as s:
        token = s.scalar(select(MobilePoint.qr_token).where(MobilePoint.closes_on >= date.today()))
        grid = s.scalar(select(Grid).where(Grid.id.in_(select(GridDeputy.grid_id))).order_by(Grid.id))
        link = grid_worker_link(s, grid.worker_mobile).rsplit("/", 1)[1]
    pg.goto(f"{world['base']}/p/{token}")
    a.check("mobile-point")
    pg.goto(f"{world['base']}/g/{link}")
    a.check("grid-worker")
    pg.check("input[name=pick] >> nth=0")
    pg.fill("#content", "楼道灯坏了")
    pg.click("button[type=submit]")
    a.check("grid-worker-done")
    with world["db"].unit_of_work() as s:
        d = s.scalar(select(Deputy).where(Deputy.id.in_(select(Case.deputy_id))).order_by(Deputy.id))
        token = deputy_link(s, d.name, StationIndex.load(s).path(d.station_id)).rsplit("/", 1)[1]
    pg.goto(f"{world['base']}/m/{token}")
    a.check("deputy-page")
    pg.click("h3 a >> nth=0")
    a.check("deputy-case")
    pg.goto(f"{world['base']}/r/{world['token']}")
    a.check("deputy-record")
    pg.goto(f"{world['base']}/d/NOSUCHTOKEN")
    a.check("notice")
    a.context.close()
    print({name: f"{n}个请求 {size / 1024:.1f} KB" for name, (n, size) in a.weights.items()})
    assert {name: f for name, f in a.findings.items() if f} == {}
    assert all(1 <= n < 10 and size < 100_000 for n, size in a.weights.values()), a.weights
    assert len(a.findings) == 21 and re.match(r"[A-Z]+-\d{4}-\d+", number)
