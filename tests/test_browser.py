"""Whole apps in headless Chromium against a live Voilà server (screenshots in test-artifacts/)."""
from __future__ import annotations

import time

import pytest

from .browser import _kernels, _shot, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
APP = "voila/render/enrolment.ipynb"


def test_the_landing_page_lists_the_apps_as_links_in_chinese(server, page):
    page.goto(server["base"])
    link = page.locator("a", has_text="代表编组进站").last
    assert link.get_attribute("href") == "/" + APP
    assert "花名册导入导出" in page.inner_text("body")
    assert "broken" not in page.inner_text("body")
    _shot(page, "landing")
    assert page.external == []


def test_a_deputy_added_through_the_form_is_found_in_the_table(server, page):
    page.goto(server["base"] + APP)
    page.wait_for_selector(".lz-new-deputy", timeout=60_000)
    assert page.title().startswith("代表编组进站")
    page.click(".lz-new-deputy")
    page.fill(".lz-name input", "欧阳新华")
    page.select_option(".lz-gender select", label="男")
    page.fill(".lz-id_number input", "34070519750315101" + "2")
    page.fill(".lz-birth_month input", "1975-03")
    page.locator(".lz-levels").get_by_text("县", exact=True).click()
    page.fill(".lz-phone input", "13955501234")
    options = page.locator(".lz-station select option").all_inner_texts()
    station = next(o for o in options if o.strip() == "幸福街道人大代表联络站")
    page.select_option(".lz-station select", label=station)
    page.click(".lz-save")
    page.wait_for_selector("text=已新增代表 欧阳新华", timeout=20_000)
    _shot(page, "form-saved")
    page.get_by_role("tab", name="代表名册").click()
    page.fill(".lz-search-text input", "欧阳")
    page.press(".lz-search-text input", "Enter")
    page.wait_for_selector("td:text-is('欧阳新华')", timeout=20_000)
    _shot(page, "found-in-table")
    body = page.inner_text("body")
    assert "Traceback" not in body and "import " not in body
    assert page.external == []


def test_a_bad_id_number_is_explained_next_to_the_field(server, page):
    page.goto(server["base"] + APP)
    page.wait_for_selector(".lz-new-deputy", timeout=60_000)
    page.click(".lz-new-deputy")
    page.fill(".lz-id_number input", "340705197503151019")
    page.click(".lz-save")
    page.wait_for_selector("text=校验位错误", timeout=20_000)
    _shot(page, "form-errors")


def test_a_failing_notebook_shows_a_friendly_box_not_a_traceback(server, page):
    page.goto(server["base"] + "voila/render/broken.ipynb")
    page.wait_for_selector(".liaison-error", timeout=60_000)
    body = page.inner_text("body")
    assert "页面加载时出错" in body
    assert "secret internals" not in body and "Traceback" not in body
    _shot(page, "friendly-error")


def test_closing_the_tab_frees_its_kernel_three_times_over(server, browser):
    # Three rounds show no kernel is kept (each open is a new kernel); ten took 45–110 s of the suite, five 40–70 s.
    time.sleep(2)
    baseline = _kernels(server["proc"])
    for _ in range(3):
        context = browser.new_context()
        pg = context.new_page()
        pg.goto(server["base"] + APP)
        pg.wait_for_selector(".lz-new-deputy", timeout=60_000)
        pg.close(run_before_unload=True)
        context.close()
    deadline = time.time() + 30
    while _kernels(server["proc"]) > baseline and time.time() < deadline:
        time.sleep(0.5)
    assert _kernels(server["proc"]) == baseline


def test_a_missing_page_says_so_in_chinese(server, page):
    page.goto(server["base"] + "voila/render/nothere.ipynb")
    assert "找不到这个页面" in page.inner_text("body")
    assert page.external == []
