"""办理进度查询 from a real server: the receipt's link, the code and the phone's last four, one
message for a wrong pair, CSRF on the post."""
from __future__ import annotations

import re

from .test_public_web_intake import Browser, _xsrf, site  # noqa: F401  (the fixture)


def _leave_an_opinion(site, b, phone="13700001234"):  # noqa: F811
    _, _, page = b.open(f"{site['base']}/d/{site['token']}")
    _, _, receipt = b.open(f"{site['base']}/d/{site['token']}", {
        "_xsrf": _xsrf(page), "content": "路口红绿灯时间太短", "category": "交通出行", "name": "李", "phone": phone})
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
        assert status == 200 and f"案件 {number}" in page and "收集" in page and "交通出行" in page
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
