"""The kernel-free 码上找代表 page, from a real Tornado server over HTTP: the form, CSRF, the
receipt, the old printed address, hostile text, a bad code, the headers and the page's weight."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from toolkit.cases.models import Case

from .browser import _shot, needs_chromium
from .public_site import Browser, _xsrf, site  # noqa: F401  (the fixture)


def _cases(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count(Case.id)))


def test_the_form_takes_one_opinion_and_gives_the_case_number(site):
    b = Browser()
    status, headers, page = b.open(f"{site['base']}/d/{site['token']}")
    assert status == 200 and f"向 {site['name']} 代表反映意见" in page
    assert "<script" not in page and len(page.encode()) < 100_000
    assert "default-src 'none'" in headers["Content-Security-Policy"] and headers["Referrer-Policy"] == "no-referrer"
    for field in ("content", "category", "name", "phone"):
        assert re.search(rf'<label for="{field}">', page) and f'id="{field}"' in page      # every control labelled
    before = _cases(site["db"])
    status, _, receipt = b.open(f"{site['base']}/d/{site['token']}", {
        "_xsrf": _xsrf(page), "content": "小区路灯坏了三盏", "category": "城乡建设", "name": "", "phone": ""}, follow=True)
    number = re.search(r"案件编号：<b>([A-Z]+-\d{4}-\d+)</b>", receipt).group(1)
    assert status == 200 and _cases(site["db"]) == before + 1
    with site["db"].reader() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        assert (case.channel, case.category, case.content, case.state) == ("qr", "城乡建设", "小区路灯坏了三盏", "collected")


def test_a_post_without_the_forms_token_writes_nothing(site):
    b = Browser()
    b.open(f"{site['base']}/d/{site['token']}")
    before = _cases(site["db"])
    status, _, page = b.open(f"{site['base']}/d/{site['token']}", {"content": "伪造", "category": "其他"}, follow=True)
    assert status == 403 and "页面已过期" in page and "Traceback" not in page
    assert _cases(site["db"]) == before


def test_hostile_text_is_escaped_and_a_refusal_keeps_what_was_typed(site):
    b = Browser()
    _, _, page = b.open(f"{site['base']}/d/{site['token']}")
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    status, _, again = b.open(f"{site['base']}/d/{site['token']}", {
        "_xsrf": _xsrf(page), "content": "", "category": "其他", "name": hostile, "phone": "123"}, follow=True)
    assert status == 400 and 'class="error"' in again
    assert "<script>alert(1)" not in again and "&lt;script&gt;alert(1)&lt;/script&gt;" in again
    status, _, page = b.open(f"{site['base']}/d/{site['token']}", {
        "_xsrf": _xsrf(again), "content": "内容\x00带控制字符", "category": "其他", "name": "", "phone": ""}, follow=True)
    assert status == 400 and "不可见的控制字符" in page


def test_the_printed_address_redirects_for_good_and_a_bad_code_gets_a_notice(site):
    b = Browser()
    status, headers, _ = b.open(f"{site['base']}/voila/render/intake.ipynb?d={site['token']}")
    assert status == 301 and headers["Location"] == f"/d/{site['token']}"
    status, _, page = b.open(f"{site['base']}/d/NOSUCHCODE123")
    assert status == 404 and "二维码无效或已过期" in page
    status, _, _ = b.open(f"{site['base']}/voila/render/intake.ipynb?d=../../etc")
    assert status == 404


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width,javascript", [(360, True), (360, False), (1280, True)])
def test_the_page_on_a_phone_and_a_desktop_with_and_without_javascript(site, browser, width, javascript):
    context = browser.new_context(viewport={"width": width, "height": 740}, java_script_enabled=javascript)
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(f"{site['base']}/voila/render/intake.ipynb?d={site['token']}")      # the printed card's address
    assert pg.url == f"{site['base']}/d/{site['token']}"
    pg.fill("#content", "公交站台的雨棚漏雨")
    pg.select_option("#category", "交通出行")
    pg.fill("#phone", "13812345678")
    if javascript:
        assert pg.evaluate("document.documentElement.scrollWidth") <= width      # no sideways scrolling
    _shot(pg, f"public-intake-{width}{'' if javascript else '-nojs'}")
    pg.click("button[type=submit]")
    pg.wait_for_selector("text=已收到您的意见")
    _shot(pg, f"public-intake-receipt-{width}{'' if javascript else '-nojs'}")
    assert re.search(r"TL-\d{4}-\d+", pg.inner_text(".receipt"))
    assert all(u.startswith(site["base"]) for u in requests) and len(requests) <= 10
    context.close()


def test_the_visitors_address_comes_from_the_proxy_only_when_it_shows_the_secret(site, monkeypatch):
    from toolkit.cases.public_intake import client_key
    monkeypatch.setenv("LIAISON_PUBLIC_PROXY_SECRET", "s" * 24)
    monkeypatch.setenv("LIAISON_PROXY_SECRET", "t" * 24)            # the staff secret proves nothing here
    numbers = []
    for headers in ({"X-Real-IP": "203.0.113.9"}, {"X-Real-IP": "203.0.113.9", "X-Liaison-Proxy": "t" * 24},
                    {"X-Real-IP": "203.0.113.9", "X-Liaison-Proxy": "s" * 24}):
        b = Browser()
        _, _, page = b.open(f"{site['base']}/d/{site['token']}")
        _, _, receipt = b.open(f"{site['base']}/d/{site['token']}", {
            "_xsrf": _xsrf(page), "content": "来源测试", "category": "其他", "name": "", "phone": ""}, headers, follow=True)
        numbers.append(re.search(r"案件编号：<b>([^<]+)</b>", receipt).group(1))
    with site["db"].reader() as s:
        forged, staffs, proven = (s.scalar(select(Case.intake_address).where(Case.number == n)) for n in numbers)
    assert forged == staffs == client_key("127.0.0.1") and proven == client_key("203.0.113.9")


@pytest.mark.parametrize("content", ["'; DROP TABLE citizen_case; --", "路灯坏了😀，𠀀𪚥𫠝（生僻字）"])
def test_odd_text_is_stored_faithfully(site, content):  # noqa: F811
    b = Browser()
    _, _, page = b.open(f"{site['base']}/d/{site['token']}")
    status, _, receipt = b.open(f"{site['base']}/d/{site['token']}", {
        "_xsrf": _xsrf(page), "content": content, "category": "其他", "name": "𠮷野家", "phone": ""}, follow=True)
    number = re.search(r"案件编号：<b>([^<]+)</b>", receipt).group(1)
    with site["db"].reader() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        assert status == 200 and case.content == content and case.citizen_name == "𠮷野家"


def test_oversized_text_and_a_bad_category_are_refused_without_writing(site):  # noqa: F811
    b = Browser()
    _, _, page = b.open(f"{site['base']}/d/{site['token']}")
    before = _cases(site["db"])
    for fields, why in (({"content": "长" * 5000, "category": "其他"}, "过长"),
                        ({"content": "正常内容", "category": "不存在的类别"}, "类别"),
                        ({"content": "正常内容", "category": "其他", "phone": "1" * 40}, "电话")):
        status, _, again = b.open(f"{site['base']}/d/{site['token']}", {"_xsrf": _xsrf(page), "name": "", "phone": "",
                                                                       **fields}, follow=True)
        assert status == 400 and why in again, (fields, again[-800:])
    assert _cases(site["db"]) == before


def test_reloading_the_receipt_or_sending_the_form_twice_files_one_opinion(site):  # noqa: F811
    from sqlalchemy import func
    b = Browser()
    _, _, page = b.open(f"{site['base']}/d/{site['token']}")
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    form = {"_xsrf": _xsrf(page), "once": once, "content": "重复提交测试：垃圾桶满了", "category": "其他",
            "name": "", "phone": ""}
    status, headers, _ = b.open(f"{site['base']}/d/{site['token']}", form)
    assert status == 303 and headers["Location"].startswith(f"/d/{site['token']}/receipt")   # post-redirect-get
    status, _, receipt = b.open(f"{site['base']}{headers['Location']}")
    number = re.search(r"案件编号：<b>([^<]+)</b>", receipt).group(1)
    assert status == 200 and "查询码：<b>" in receipt
    assert b.open(f"{site['base']}{headers['Location']}")[2] == receipt                      # a reload sends nothing
    status, _, again = b.open(f"{site['base']}/d/{site['token']}", form, follow=True)        # the back button, sent again
    assert status == 200 and f"案件编号：<b>{number}</b>" in again
    with site["db"].reader() as s:
        assert s.scalar(select(func.count(Case.id)).where(Case.content == "重复提交测试：垃圾桶满了")) == 1


def test_phones_behind_one_address_are_each_their_own_visitor(site):  # noqa: F811
    """A reception day on the station's Wi-Fi (one address for everyone): each phone keeps the
    page's cookie and its own limit; a script that drops the cookie shares the address's."""
    from toolkit.core.settings import set_setting
    with site["db"].unit_of_work() as s:
        set_setting(s, "intake_per_client_hour", 2)
        set_setting(s, "intake_per_address_hour", 7)

    def send(b, n):
        _, headers, page = b.open(f"{site['base']}/d/{site['token']}")
        _, _, answer = b.open(f"{site['base']}/d/{site['token']}", {
            "_xsrf": _xsrf(page), "once": re.search(r'name="once" value="([^"]+)"', page).group(1),
            "content": f"接待日第{n}条", "category": "其他", "name": "", "phone": ""}, follow=True)
        return "taken" if "案件编号：<b>" in answer else re.search(r'class="error" role="alert">([^<]+)<', answer).group(1)
    phones = [Browser() for _ in range(3)]
    assert [send(p, i) for i in range(2) for p in phones] == ["taken"] * 6     # 3 phones × 2, not 2 in all
    assert send(phones[0], 9) == "您提交得太频繁了，请一小时后再试"
    assert send(Browser(), 10) == "taken"                                       # a 4th phone: the 7th of the address
    assert send(Browser(), 11).startswith("您所在的网络近一小时提交的留言较多")   # the address's ceiling
    with site["db"].reader() as s:
        visitors = s.execute(select(Case.intake_client, Case.intake_address)
                             .where(Case.content.like("接待日第%"))).all()
    assert len(visitors) == 7 and len({v for v, _ in visitors}) == 4 and len({a for _, a in visitors}) == 1
