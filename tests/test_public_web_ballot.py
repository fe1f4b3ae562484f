"""代表投票 without a kernel, from a real server: the slip's old address, one fieldset per
candidate, the limit of 限额选择 refused before the box, the code spent after one ballot, and
in Chromium on a phone without JavaScript."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from toolkit.network.models import Deputy, Seat
from toolkit.projects.ballots import issue_ballots
from toolkit.projects.box import published_box, turnout
from toolkit.projects.votes import add_candidate, close_and_count, create_vote, open_vote

from .browser import _shot, needs_chromium
from .public_site import Browser, _xsrf, site  # noqa: F401  (the fixture)


def _vote(db, form="itemised", seats=1):
    with db.unit_of_work() as s:
        vid = create_vote(s, "公开页测试票决", "county", seats, 30, form=form)
        for name, cost in (("老年助餐点", 120), ("口袋公园", 80), ("社区书屋", 40)):
            add_candidate(s, vid, name, cost, "区民政局")
        open_vote(s, vid)
        deputies = s.scalars(select(Deputy.id).join(Seat).where(Seat.level == "county").order_by(Deputy.id).limit(3)).all()
        codes = issue_ballots(s, vid, list(deputies))
    return vid, list(codes.values())


def _ballot(b, base, code):
    """The slip's address: the code is taken out of it at once (a cookie of /b), then plain /b."""
    status, headers, _ = b.open(f"{base}/b?c={code}")
    assert status == 303 and headers["Location"] == "/b"
    return b.open(f"{base}/b")


def test_the_slips_address_leads_to_the_ballot_and_the_code_works_once(site):  # noqa: F811
    vid, codes = _vote(site["db"])
    b = Browser()
    status, headers, _ = b.open(f"{site['base']}/voila/render/ballot.ipynb?c={codes[0]}")
    assert status == 303 and headers["Location"] == "/b" and codes[0] not in headers["Location"]
    assert "HttpOnly" in headers["Set-Cookie"] and "Path=/b" in headers["Set-Cookie"]
    status, _, page = b.open(f"{site['base']}/b")
    again = _ballot(b, site["base"], codes[0])[2]
    assert status == 200 and again.count("<fieldset") == page.count("<fieldset") == 3 and page.count("<fieldset") == 3 and "<legend>口袋公园</legend>" in page
    assert page.count('type="radio"') == 9 and "投入票箱" in page and "<script" not in page
    for word in ("赞成", "反对", "弃权"):
        assert f'value="{word}"' in page
    status, _, done = b.open(f"{site['base']}/b", {"_xsrf": _xsrf(page), "code": codes[0], "m0": "赞成", "m1": "反对"})
    assert status == 200 and "投票成功" in done
    receipt = re.search(r"回执码：<b>([^<]+)</b>", done).group(1)
    status, _, again = b.open(f"{site['base']}/b", {"_xsrf": _xsrf(page), "code": codes[0], "m0": "反对"})
    assert status == 400 and "每名代表只能投一票" in again
    with site["db"].unit_of_work() as s:
        assert turnout(s, vid)["returned"] == 1
        close_and_count(s, vid)
        receipts, ballots = published_box(s, vid)
    assert receipts == [receipt] and ballots == [{"老年助餐点": "赞成", "口袋公园": "反对", "社区书屋": "弃权"}]


def test_limited_choice_over_the_places_is_refused_before_the_box(site):  # noqa: F811
    vid, codes = _vote(site["db"], form="limited", seats=1)
    b = Browser()
    _, _, page = _ballot(b, site["base"], codes[1])
    assert page.count('type="checkbox"') == 3
    status, _, refused = b.open(f"{site['base']}/b", {"_xsrf": _xsrf(page), "code": codes[1], "m0": "√", "m2": "√"})
    assert status == 400 and "最多选1项" in refused and refused.count("checked") == 2     # what was ticked stays
    with site["db"].reader() as s:
        assert turnout(s, vid)["returned"] == 0
    status, _, done = b.open(f"{site['base']}/b", {"_xsrf": _xsrf(refused), "code": codes[1], "m2": "√"})
    assert status == 200 and "投票成功" in done


def test_a_wrong_code_and_a_post_without_the_forms_token(site):  # noqa: F811
    _, codes = _vote(site["db"])
    b = Browser()
    status, _, page = _ballot(b, site["base"], "WRONGCODE")
    assert status == 404 and "投票码无效" in page and '<label for="c">' in page
    status, headers, _ = b.open(f"{site['base']}/b/code", {"_xsrf": _xsrf(page), "c": codes[2].lower()})   # typed in
    assert status == 303 and headers["Location"] == "/b"
    status, _, typed = b.open(f"{site['base']}/b")
    assert status == 200 and "投入票箱" in typed
    status, _, _ = b.open(f"{site['base']}/b", {"code": codes[2], "m0": "赞成"})
    assert status == 403


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width,javascript", [(360, True), (360, False), (1280, True)])
def test_the_ballot_on_a_phone_and_a_desktop_with_and_without_javascript(site, browser, width, javascript):  # noqa: F811
    _, codes = _vote(site["db"])
    context = browser.new_context(viewport={"width": width, "height": 740}, java_script_enabled=javascript)
    pg = context.new_page()
    pg.goto(f"{site['base']}/voila/render/ballot.ipynb?c={codes[2]}")
    pg.check("fieldset:has(legend:text-is('老年助餐点')) input[value='赞成']")
    pg.check("fieldset:has(legend:text-is('口袋公园')) input[value='反对']")
    if javascript:
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
    _shot(pg, f"public-ballot-{width}{'' if javascript else '-nojs'}")
    pg.click("text=投入票箱")
    pg.wait_for_selector("text=投票成功")
    _shot(pg, f"public-ballot-done-{width}{'' if javascript else '-nojs'}")
    context.close()


def test_no_code_reaches_the_access_log(site, caplog):  # noqa: F811
    import logging
    _, codes = _vote(site["db"])
    b = Browser()
    with caplog.at_level(logging.INFO, logger="tornado.access"):
        _ballot(b, site["base"], codes[0])
        b.open(f"{site['base']}/k?r=1&c={codes[1]}")
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "tornado.access")
    assert "GET /b" in logged and codes[0] not in logged and codes[1] not in logged
