"""Whole apps in headless Chromium against a live Voilà server (screenshots in test-artifacts/)."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from toolkit.cli import main as liaison
from toolkit.server import jupyter_path, notebooks_dir, voila_command

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium")]
APP = "voila/render/enrolment.ipynb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _broken_notebook(folder: Path) -> None:
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                     "source": ["raise RuntimeError('secret internals')"]}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / "broken.ipynb").write_text(json.dumps(nb))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Voilà on a free port over a copy of the apps (plus a broken notebook), small demo data."""
    root = tmp_path_factory.mktemp("serve")
    apps = root / "apps"
    shutil.copytree(notebooks_dir(), apps)
    _broken_notebook(apps)
    url = f"sqlite:///{root / 'demo.sqlite3'}"
    assert liaison(["init", "--demo", "small", "--db", url]) == 0
    port = _free_port()
    cmd = voila_command(port)
    cmd[3] = str(apps)
    env = dict(os.environ, JUPYTER_PATH=jupyter_path(), LIAISON_DB_URL=url)
    log = open(root / "voila.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    # A static file answers once the server is up; a notebook URL would start a kernel.
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "voila/templates/liaison/static/liaison.css", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    yield {"base": base, "proc": proc, "log": root / "voila.log"}
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that records every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.external = []
    pg.on("request", lambda r: pg.external.append(r.url)
          if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    yield pg
    context.close()


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _kernels(proc) -> int:
    """Live kernel processes under the server (a shut-down kernel may linger as a zombie)."""
    count = 0
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                count += 1
        except psutil.Error:  # exited while we looked
            continue
    return count


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


def test_closing_the_tab_frees_its_kernel_ten_times_over(server, browser):
    time.sleep(2)
    baseline = _kernels(server["proc"])
    for _ in range(10):
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
