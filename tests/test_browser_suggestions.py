"""The 代表建议 app in Chromium: write a suggestion (earlier ones like it are shown while it is
written), find it among those not yet handed out, hand it to a unit from its page, see the step on
its timeline."""
from __future__ import annotations

import pytest

from .browser import _shot, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def test_a_suggestion_is_written_then_handed_out_from_its_page(server, page):
    page.goto(server["base"] + "voila/render/suggestions.ipynb")
    page.wait_for_selector("text=其中超期未答复", timeout=60_000)
    page.get_by_role("tab", name="提出建议").click()
    form = page.locator(".lz-suggestion-propose")
    form.locator("input[placeholder='输入姓名查找']").first.fill("王")
    form.locator("input[placeholder='输入姓名查找']").first.press("Enter")
    form.locator("input[placeholder='关于……的建议']").fill("关于老旧小区加装电梯的建议")
    form.locator("input[placeholder='关于……的建议']").press("Enter")
    page.wait_for_selector("text=相似的已有建议", timeout=30_000)
    form.locator("textarea").first.fill("<img src=x onerror=alert(1)> 五层老楼老人上下楼难")
    form.locator("input[placeholder='关于……的建议']").click()          # the content is sent on leaving it
    _shot(page, "suggestions-propose")
    form.locator("button:has-text('提出建议')").click()
    page.wait_for_selector("text=待代表工委交办", timeout=30_000)
    page.get_by_role("tab", name="建议办理").click()
    page.locator(".lz-suggestion-list select").nth(2).select_option(label="未交办")
    page.wait_for_selector("text=共 1 件", timeout=30_000)                       # the one not yet handed out
    page.locator(".lz-suggestion-list button:has-text('打开')").first.click()
    handling = page.locator(".lz-suggestion-handling")
    page.wait_for_selector(".lz-suggestion-handling td:text-is('提出')", timeout=30_000)
    handling.locator("select").first.select_option(index=0)
    handling.locator("button:has-text('提交')").click()
    page.wait_for_selector(".lz-suggestion-handling td:text-is('交办')", timeout=30_000)
    assert "已交办" in handling.inner_text()
    _shot(page, "suggestions-assign")
    body = page.inner_text("body")
    assert "<img src=x onerror=alert(1)>" in body                         # the text, shown as text
    assert "Traceback" not in body and "model not found" not in body and page.external == []
