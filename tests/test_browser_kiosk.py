"""The kiosk (a public page) in Chromium: two respondents one after another, then the result in the staff app."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from toolkit.core.db import Database
from toolkit.evaluations.services import add_department_targets, create_round, issue_codes

from .browser import _shot, needs_chromium
from .public_site import public_pages  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def round_with_codes(server):
    db = Database(server["db_url"])
    with db.unit_of_work() as s:
        rid = create_round(s, "浏览器测评", "department", "citizens", date.today(), date.today() + timedelta(days=7), items=["答复是否及时"])
        add_department_targets(s, rid)
        codes = issue_codes(s, rid, 2)
    db.dispose()
    return rid, codes


def test_two_respondents_at_the_kiosk(server, public_pages, page, round_with_codes):
    rid, codes = round_with_codes
    page.goto(public_pages + f"k?r={rid}")
    for code, verdict in zip(codes, ("满意", "不满意")):
        page.fill("#code", code)
        page.click("text=开始评价")
        page.wait_for_selector("text=第1个，共", timeout=20_000)      # the first unit at once, in reading order
        page.check(f"input[value={verdict}]")
        page.click("button[value=answer]")
        page.wait_for_selector("text=已提交，谢谢", timeout=20_000)     # then the next unit for the same code
        assert "第2个，共" in page.inner_text("body")
        _shot(page, f"kiosk-after-{verdict}")
        page.click("text=返回首页")                                   # done for now: the next respondent
        page.wait_for_selector("text=第一步：输入测评码", timeout=20_000)
    assert page.input_value("#code") == ""
    page.goto(server["base"] + "voila/render/evaluations.ipynb")
    page.wait_for_selector(".lz-eval-ready", timeout=60_000)
    page.get_by_role("tab", name="测评结果").click()
    page.wait_for_selector("text=满意率排名", timeout=20_000)
    _shot(page, "evaluation-results")
    assert "50.0%（2票）" in page.inner_text("body") and page.external == []
