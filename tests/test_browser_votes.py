"""Two deputies vote on their own phone pages in Chromium; the staff app counts and announces."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from toolkit.core.db import Database
from toolkit.network.models import Deputy, Seat
from toolkit.projects.ballots import issue_ballots
from toolkit.projects.box import box, turnout
from toolkit.projects.votes import add_candidate, create_vote, open_vote

from .browser import _shot, needs_chromium
from .public_site import public_pages  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def vote_with_codes(server):
    db = Database(server["db_url"])
    with db.unit_of_work() as s:
        vid = create_vote(s, "浏览器票决", "county", seats=1, electorate=3, uncontested=False)
        for name in ("老年食堂", "口袋公园"):
            add_candidate(s, vid, name, cost=80, department="区民政局")
        open_vote(s, vid)
        deputies = list(s.scalars(select(Deputy.id).join(Seat, Seat.deputy_id == Deputy.id)
                                  .where(Seat.level == "county").order_by(Deputy.id).limit(2)))
        codes = issue_ballots(s, vid, deputies)
    yield vid, [codes[d] for d in deputies], db
    db.dispose()


def test_two_deputies_vote_on_their_phones_and_the_staff_app_counts(server, public_pages, browser, page, vote_with_codes):
    vid, codes, db = vote_with_codes
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = phone.new_page()
    external = []
    pg.on("request", lambda r: external.append(r.url)
          if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    receipts = []
    for n, (code, choices) in enumerate(zip(codes, (("赞成", "反对"), ("赞成", "弃权")))):
        pg.goto(public_pages + f"voila/render/ballot.ipynb?c={code}")      # the slip's address
        for i, choice in enumerate(choices):
            pg.check(f"fieldset >> nth={i} >> input[value={choice}]")
        _shot(pg, f"ballot-phone-{n + 1}")
        pg.click("text=投入票箱")
        pg.wait_for_selector("text=投票成功", timeout=20_000)
        receipts.append(pg.inner_text(".receipt b"))
    pg.goto(public_pages + f"b?c={codes[0]}")
    pg.wait_for_selector("text=该投票码已经投过票", timeout=20_000)
    _shot(pg, "ballot-phone-used-code")
    phone.close()
    assert external == []

    with db.reader() as s:
        assert turnout(s, vid) == {"issued": 2, "returned": 2, "voted": 2, "paper_issued": 0}
        marks = sorted(json.dumps(m, ensure_ascii=False, sort_keys=True) for _, m in box(s, vid))
    assert marks == sorted(json.dumps(m, ensure_ascii=False, sort_keys=True) for m in
                           ({"老年食堂": "赞成", "口袋公园": "反对"}, {"老年食堂": "赞成", "口袋公园": "弃权"}))

    # The staff app counts; each deputy finds their receipt in the published box.
    page.goto(server["base"] + "voila/render/votes.ipynb")
    page.wait_for_selector(".lz-votes-app", state="attached", timeout=60_000)
    page.get_by_role("tab", name="计票与公告").click()
    page.get_by_role("button", name="结束投票并计票").click()
    page.wait_for_selector(".lz-confirm >> text=出席2人", timeout=30_000)     # turnout against the quorum, first
    _shot(page, "vote-close-confirm")
    page.get_by_role("button", name="确认结束并计票").click()
    page.wait_for_selector("text=票箱指纹", timeout=30_000)
    _shot(page, "vote-announcement")
    body = page.inner_text("body")
    assert "浏览器票决结果公告" in body and "收回选票2张" in body and "入选项目（按得票多少为序）：老年食堂" in body
    with db.reader() as s:
        assert sorted(r for r, _ in box(s, vid)) == sorted(receipts)
    page.fill(".lz-receipt input", receipts[1])
    page.get_by_role("button", name="核对我的选票").click()
    page.wait_for_selector("text=这张选票已计入票箱", timeout=20_000)   # counted; what it said is not told
    assert page.external == []
