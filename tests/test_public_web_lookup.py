"""办理进度查询 from a real server: the receipt's link, the code and the phone's last four, one
message for a wrong pair, CSRF on the post."""
from __future__ import annotations

import re

import pytest

from .browser import _shot, needs_chromium
from .public_site import Browser, _xsrf, site  # noqa: F401  (the fixture)


def _leave_an_opinion(site, b, phone="13700001234"):  # noqa: F811
    _, _, page = b.open(f"{site['base']}/d/{site['token']}")
    _, _, receipt = b.open(f"{site['base']}/d/{site['token']}", {
        "_xsrf": _xsrf(page), "content": "路口红绿灯时间太短", "category": "交通出行", "name": "李", "phone": phone}, follow=True)
    number = re.search(r"案件编号：<b>([^<]+)</b>", receipt).group(1)
    code = re.search(r"查询码：<b>([^<]+)</b>", receipt).group(1)
    link = re.search(r'<a href="(/q\?n=[^"]+)">', receipt).group(1)
    return number, code, link


def test_the_receipt_leads_to_the_case_by_code_or_phone(site):  # noqa: F811
    b = Browser()
    number, code, link = _leave_an_opinion(site, b)
    status, _, form = b.open(site["base"] + link)
    assert status == 200 and f'value="{number}"' in form and '<label for="proof">' in form
    for proof in (code, "1234"):
        status, _, page = b.open(f"{site['base']}/q", {"_xsrf": _xsrf(form), "number": number, "proof": proof})
        assert status == 200 and f"案件 {number}" in page and "收到您的意见" in page and "已收到" in page and "交通出行" in page
        assert "收集" not in page and "建账" not in page                       # the office's words stay in the office
        assert "李" not in page.split("<main>")[1] and "13700001234" not in page and "<script" not in page


def test_a_wrong_pair_gets_one_message_and_a_post_needs_the_forms_token(site):  # noqa: F811
    b = Browser()
    number, _, _ = _leave_an_opinion(site, b)
    _, _, form = b.open(f"{site['base']}/q")
    pages = [b.open(f"{site['base']}/q", {"_xsrf": _xsrf(form), "number": n, "proof": p})
             for n, p in ((number, "9999"), ("TL-2099-000001", "1234"))]
    assert [s for s, _, _ in pages] == [400, 400]
    errors = {re.search(r'<p class="error" role="alert">([^<]+)</p>', p).group(1) for _, _, p in pages}
    assert len(errors) == 1 and "不匹配" in errors.pop()
    status, _, _ = b.open(f"{site['base']}/q", {"number": number, "proof": "1234"})
    assert status == 403


def test_the_citizen_rates_the_answer_on_the_case_page_once(site):  # noqa: F811
    from datetime import timedelta

    from sqlalchemy import select

    from toolkit.cases.models import Case
    from toolkit.cases.services import act
    from toolkit.network.department_directory import add_department
    b = Browser()
    number, code, _ = _leave_an_opinion(site, b, phone="")
    with site["db"].unit_of_work() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        act(s, case.id, "register")
        dept = add_department(s, "公开页测试局")
        act(s, case.id, "assign", department_id=dept, deadline=case.received_on + timedelta(days=9))
        act(s, case.id, "accept")
        act(s, case.id, "answer", note="信号灯配时已调整为40秒")
    _, _, form = b.open(f"{site['base']}/q")
    status, _, page = b.open(f"{site['base']}/q", {"_xsrf": _xsrf(form), "number": number, "proof": code})
    assert status == 200 and "信号灯配时已调整为40秒" in page and "<legend>您对答复是否满意</legend>" in page
    assert page.count('type="radio" name="rating"') == 3
    status, _, rated = b.open(f"{site['base']}/q/rate", {"_xsrf": _xsrf(page), "number": number, "proof": code,
                                                         "rating": "不满意", "comment": "等待时间仍然很长"})
    assert status == 200 and "重新办理" in rated and "评价办理结果" not in rated
    with site["db"].reader() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        assert (case.state, case.rating, case.rounds) == ("in_progress", "不满意", 2)
    status, _, again = b.open(f"{site['base']}/q/rate", {"_xsrf": _xsrf(page), "number": number, "proof": code,
                                                         "rating": "满意", "comment": ""})
    assert status == 400 and "每次答复只能评价一次" in again


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width,javascript", [(360, True), (360, False), (1280, True)])
def test_lookup_on_a_phone_and_a_desktop_with_and_without_javascript(site, browser, width, javascript):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 740}, java_script_enabled=javascript)
    pg = context.new_page()
    pg.goto(f"{site['base']}/d/{site['token']}")
    pg.fill("#content", "小区门口积水")
    pg.fill("#phone", "13600002468")
    pg.click("button[type=submit]")
    number = pg.inner_text(".receipt b >> nth=0")
    pg.click("text=查询办理进度")
    assert pg.input_value("#number") == number
    pg.fill("#proof", "2468")
    pg.click("button[type=submit]")
    pg.wait_for_selector("text=办理经过")
    _shot(pg, f"public-lookup-{width}{'' if javascript else '-nojs'}")
    assert number in pg.inner_text("h1")
    if javascript:
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_over_http_the_limit_plus_one_th_try_is_refused_even_with_the_right_pair(site):  # noqa: F811
    from toolkit.cases.lookup import TOO_MANY
    from toolkit.core.settings import set_setting
    b = Browser()
    number, code, _ = _leave_an_opinion(site, b)
    with site["db"].unit_of_work() as s:
        set_setting(s, "lookup_failures_per_client_hour", 3)
    _, _, form = b.open(f"{site['base']}/q")
    for wrong in ("0001", "0002", "ABCDEFGH"):
        status, _, page = b.open(f"{site['base']}/q", {"_xsrf": _xsrf(form), "number": number, "proof": wrong})
        assert status == 400 and "不匹配" in page
    status, _, page = b.open(f"{site['base']}/q", {"_xsrf": _xsrf(form), "number": number, "proof": code})
    assert status == 400 and TOO_MANY in page and f"案件 {number}" not in page


def test_opened_by_the_phones_ending_the_rating_form_asks_for_the_code(site):  # noqa: F811
    from datetime import timedelta

    from sqlalchemy import select

    from toolkit.cases.lookup import RATE_NEEDS_CODE
    from toolkit.cases.models import Case
    from toolkit.cases.services import act
    from toolkit.network.department_directory import add_department
    b = Browser()
    number, code, _ = _leave_an_opinion(site, b)
    with site["db"].unit_of_work() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        act(s, case.id, "register")
        act(s, case.id, "assign", department_id=add_department(s, "后四位测试局"),
            deadline=case.received_on + timedelta(days=9))
        act(s, case.id, "accept")
        act(s, case.id, "answer", note="已延长绿灯时间")
    _, _, form = b.open(f"{site['base']}/q")
    status, _, page = b.open(f"{site['base']}/q", {"_xsrf": _xsrf(form), "number": number, "proof": "1234"})
    assert status == 200 and 'id="rate-code" name="proof" required' in page and 'value="1234"' not in page
    status, _, refused = b.open(f"{site['base']}/q/rate", {"_xsrf": _xsrf(page), "number": number, "proof": "1234",
                                                           "rating": "不满意"})
    assert status == 400 and RATE_NEEDS_CODE in refused
    status, _, rated = b.open(f"{site['base']}/q/rate", {"_xsrf": _xsrf(page), "number": number, "proof": code,
                                                         "rating": "满意"})
    assert status == 200 and "感谢您的评价" in rated


def test_the_public_address_itself_and_an_unknown_one_answer_in_chinese(site):  # noqa: F811
    b = Browser()
    status, _, index = b.open(f"{site['base']}/")
    assert status == 200 and "人大代表联络站" in index and 'href="/q"' in index and "Not Found" not in index
    status, _, missing = b.open(f"{site['base']}/no/such/page")
    assert status == 404 and "页面不存在" in missing and "Not Found" not in missing
