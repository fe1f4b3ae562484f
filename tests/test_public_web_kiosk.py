"""满意度测评机 from a real server: code → target → verdict and items → 提交 → the start again; a
wrong code, a second answer, a closed round, the old address, CSRF; in Chromium with and without
JavaScript, and back to the start after the idle minute (shortened here)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from toolkit.evaluations.models import EvalResponse, EvalScore
from toolkit.evaluations.services import add_target, close_round, create_round, issue_codes

from .browser import _shot, needs_chromium
from .public_site import Browser, _xsrf, site  # noqa: F401  (the fixture)


@pytest.fixture
def kiosk(site):  # noqa: F811
    with site["db"].unit_of_work() as s:
        rid = create_round(s, "2026年度站点服务满意度测评", "department", "citizens", date.today() - timedelta(days=1),
                           date.today() + timedelta(days=30), items=["接待态度", "办理效率"])
        targets = [add_target(s, rid, label) for label in ("住建局", "交通局")]
        codes = issue_codes(s, rid, 3)
    return {**site, "round": rid, "targets": targets, "codes": codes}


def _items(db, rid):
    from toolkit.evaluations.services import items_of
    with db.reader() as s:
        return items_of(s, rid)


def test_one_code_rates_every_target_in_reading_order_then_the_start(kiosk):
    b, base, rid = Browser(), kiosk["base"], kiosk["round"]
    status, _, start = b.open(f"{base}/k?r={rid}")
    assert status == 200 and "2026年度站点服务满意度测评" in start and '<label for="code">' in start
    assert "http-equiv" not in start                             # the first screen waits for ever
    code = kiosk["codes"][0]
    _, _, rate = b.open(f"{base}/k", {"_xsrf": _xsrf(start), "r": rid, "code": code.lower()})
    # 交通局 before 住建局 (jiao < zhu): the units in pinyin order, the first one at once
    assert "您对「交通局」的总体评价" in rate and "第1个，共2个" in rate and 'content="60;url=/k?r=' in rate
    assert rate.count('type="radio"') == 4 + 2 * 5 and "跳过此项" in rate
    (first, _), (second, _) = _items(kiosk["db"], rid)
    status, headers, _ = b.open(f"{base}/k/answer", {
        "_xsrf": _xsrf(start), "r": rid, "code": code, "target": kiosk["targets"][1], "do": "answer",
        "verdict": "基本满意", f"i{first}": "4", f"i{second}": "", "comment": "窗口人手不够"})
    assert status == 303 and headers["Location"].startswith(f"/k/next?r={rid}&after={kiosk['targets'][1]}")
    _, _, following = b.open(f"{base}{headers['Location']}")
    assert "已提交，谢谢" in following and "您对「住建局」的总体评价" in following and "第2个，共2个" in following
    assert code not in following.split('name="code"')[0]                   # the code is in no address
    _, _, again = b.open(f"{base}{headers['Location']}")                   # a reload files nothing
    assert "您对「住建局」的总体评价" in again
    status, headers, _ = b.open(f"{base}/k/answer", {
        "_xsrf": _xsrf(start), "r": rid, "code": code, "target": kiosk["targets"][0], "do": "answer", "verdict": "满意"})
    _, headers, _ = b.open(f"{base}{headers['Location']}")
    assert headers["Location"] == f"/k?r={rid}&ok=1"                       # none left: the start
    _, _, fresh = b.open(f"{base}/k?r={rid}&ok=1")
    assert "评价已完成，谢谢您" in fresh and 'value=""' in fresh.split('id="code"')[1][:80]
    with kiosk["db"].reader() as s:
        rows = s.execute(select(EvalResponse.target_id, EvalResponse.verdict, EvalResponse.comment)
                         .where(EvalResponse.round_id == rid).order_by(EvalResponse.id)).all()
        assert rows == [(kiosk["targets"][1], "基本满意", "窗口人手不够"), (kiosk["targets"][0], "满意", "")] or \
            rows == [(kiosk["targets"][1], "基本满意", "窗口人手不够"), (kiosk["targets"][0], "满意", None)]
        response = s.scalar(select(EvalResponse.id).where(EvalResponse.target_id == kiosk["targets"][1]))
        assert s.execute(select(EvalScore.item_id, EvalScore.score).where(EvalScore.response_id == response)).all() \
            == [(first, 4)]
    # The same code again: nothing left to rate; a forged second answer is refused.
    _, _, page = b.open(f"{base}/k", {"_xsrf": _xsrf(start), "r": rid, "code": code})
    assert "这个测评码的评价已经全部完成" in page
    status, _, refused = b.open(f"{base}/k/answer", {"_xsrf": _xsrf(start), "r": rid, "code": code,
                                                     "target": kiosk["targets"][1], "verdict": "不满意"})
    assert status == 400 and "已对「交通局」作出评价，同一对象只能评价一次" in refused
    with kiosk["db"].reader() as s:
        assert len(s.scalars(select(EvalResponse.id).where(EvalResponse.round_id == rid)).all()) == 2


def test_a_skipped_target_stays_unrated_and_the_next_comes(kiosk):
    b, base, rid = Browser(), kiosk["base"], kiosk["round"]
    _, _, start = b.open(f"{base}/k?r={rid}")
    code = kiosk["codes"][1]
    status, headers, _ = b.open(f"{base}/k/answer", {"_xsrf": _xsrf(start), "r": rid, "code": code,
                                                     "target": kiosk["targets"][1], "do": "skip"})
    assert status == 303
    _, _, following = b.open(f"{base}{headers['Location']}")
    assert "已跳过" in following and "您对「住建局」的总体评价" in following
    _, _, idle = b.open(f"{base}/k?r={rid}&new=1")                          # where the idle minute leads
    assert 'value=""' in idle.split('id="code"')[1][:80]
    with kiosk["db"].reader() as s:
        assert s.scalars(select(EvalResponse.id).where(EvalResponse.round_id == rid)).all() == []


def test_targets_are_grouped_by_place_then_name_in_pinyin_order():
    from toolkit.evaluations.kiosk import reading_order
    units = ["义安区住建局", "铜官区民政局", "市住建局", "义安区交通局", "国网供电公司", "铜官区城管局"]
    order = [(label, place) for _, label, place in reading_order(list(enumerate(units)))]
    assert order == [("市住建局", "市"), ("铜官区城管局", "铜官区"), ("铜官区民政局", "铜官区"),
                     ("义安区交通局", "义安区"), ("义安区住建局", "义安区"), ("国网供电公司", "其他")]


def test_bad_input_is_refused_with_a_reason_and_writes_nothing(kiosk):
    b, base, rid = Browser(), kiosk["base"], kiosk["round"]
    _, _, start = b.open(f"{base}/k?r={rid}")
    status, _, page = b.open(f"{base}/k", {"_xsrf": _xsrf(start), "r": rid, "code": "WRONGCODE"})
    assert status == 400 and "测评码无效" in page and 'class="error" role="alert"' in page
    code, target = kiosk["codes"][1], kiosk["targets"][0]
    for fields, why in (({"verdict": "很好"}, "请选择总体评价"),
                        ({"verdict": "满意", "comment": "坏\x07字符"}, "控制字符"),
                        ({"verdict": "满意", "comment": "长" * 1001}, "意见建议过长")):
        status, _, page = b.open(f"{base}/k/answer", {"_xsrf": _xsrf(start), "r": rid, "code": code,
                                                      "target": target, **fields})
        assert status == 400 and why in page and "您对「住建局」的总体评价" in page, page
    (first, _), _ = _items(kiosk["db"], rid)
    status, _, page = b.open(f"{base}/k/answer", {"_xsrf": _xsrf(start), "r": rid, "code": code, "target": target,
                                                  "verdict": "满意", f"i{first}": "6"})
    assert status == 400 and "评分应为1到5分" in page
    status, _, page = b.open(f"{base}/k/answer", {"r": rid, "code": code, "target": target, "verdict": "满意"})
    assert status == 403 and "页面已过期" in page
    with kiosk["db"].reader() as s:
        assert s.scalars(select(EvalResponse.id).where(EvalResponse.round_id == rid)).all() == []


def test_an_unknown_or_closed_round_and_the_old_address(kiosk):
    b, base, rid = Browser(), kiosk["base"], kiosk["round"]
    status, headers, _ = b.open(f"{base}/voila/render/kiosk.ipynb?r={rid}")
    assert status == 301 and headers["Location"] == f"/k?r={rid}"
    assert b.open(f"{base}/voila/render/kiosk.ipynb?r=1;drop")[0] == 404
    assert b.open(f"{base}/k?r=abc")[0] == 404
    status, _, page = b.open(f"{base}/k?r=99999")
    assert status == 404 and "Traceback" not in page
    with kiosk["db"].unit_of_work() as s:
        close_round(s, rid)
    status, _, page = b.open(f"{base}/k?r={rid}")
    assert status == 400 and "本次测评已结束" in page


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width,javascript", [(360, True), (360, False), (1280, True)])
def test_the_tablet_in_chromium_and_back_to_the_start_when_idle(kiosk, browser, width, javascript, monkeypatch):
    monkeypatch.setattr("toolkit.public.kiosk.IDLE_SECONDS", 2)
    context = browser.new_context(viewport={"width": width, "height": 740}, java_script_enabled=javascript)
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(f"{kiosk['base']}/voila/render/kiosk.ipynb?r={kiosk['round']}")
    assert pg.url == f"{kiosk['base']}/k?r={kiosk['round']}"
    pg.fill("#code", kiosk["codes"][2])
    _shot(pg, f"public-kiosk-{width}{'' if javascript else '-nojs'}")
    pg.click("text=开始评价")
    pg.wait_for_selector("text=您对「交通局」的总体评价")
    pg.click("text=不了解，跳过此项")
    pg.wait_for_selector("text=您对「住建局」的总体评价")
    pg.check("input[value=满意]")
    pg.check("fieldset.item >> nth=0 >> input[value='5']")
    if javascript:
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
    tops = pg.eval_on_selector_all("fieldset.item >> nth=0 >> label.choice", "ls => ls.map(l => l.getBoundingClientRect().top)") \
        if javascript else [0]
    assert len(set(round(t) for t in tops)) == 1                             # 1–5 on one line
    _shot(pg, f"public-kiosk-rate-{width}{'' if javascript else '-nojs'}")
    pg.click("button[value=answer]")
    pg.wait_for_selector("text=评价已完成，谢谢您")
    assert pg.input_value("#code") == ""
    pg.fill("#code", kiosk["codes"][2])
    pg.click("text=开始评价")
    pg.wait_for_selector("text=您对「交通局」的总体评价")                   # the skipped one is still open
    pg.wait_for_selector("text=第一步：输入测评码", timeout=10_000)     # untouched: back to the start
    assert pg.input_value("#code") == ""                               # and the code forgotten
    assert all(u.startswith(kiosk["base"]) for u in requests)
    context.close()
