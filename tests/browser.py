"""Shared fixtures of the browser tests: one Voilà server and one Chromium per test session."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import psutil
import pytest

from toolkit.ops.cli import main as liaison
from toolkit.ops.ports import free_port
from toolkit.ops.server import jupyter_path, notebooks_dir, voila_command, wait_until_up

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NAVIGATION_MS = 120_000
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium")


def _broken_notebook(folder: Path) -> None:
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                     "source": ["raise RuntimeError('secret internals')"]}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / "broken.ipynb").write_text(json.dumps(nb))


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Voilà on a free port over a copy of the apps (plus a broken notebook), small demo data."""
    root = tmp_path_factory.mktemp("serve")
    apps = root / "apps"
    shutil.copytree(notebooks_dir(), apps)
    _broken_notebook(apps)
    url = f"sqlite:///{root / 'demo.sqlite3'}"
    assert liaison(["init", "--demo", "small", "--db", url]) == 0
    port = free_port()
    cmd = voila_command(port)
    cmd[3] = str(apps)
    # Voilà's keep-alive heartbeat after every second of a cell's run, not ten: each slow page then
    # carries some, and the CSP test sees any that would run as an inline script.
    cmd.append("--VoilaConfiguration.http_keep_alive_timeout=1")
    env = dict(os.environ, JUPYTER_PATH=jupyter_path(), LIAISON_DB_URL=url)
    log = open(root / "voila.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    wait_until_up(base)
    yield {"base": base, "proc": proc, "log": root / "voila.log", "db_url": url}
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # A Voilà page is rendered (its cells run) before it loads: with three workers busy, once more
        # than Playwright's default 30 s. Every context and page the tests open waits up to 120 s.
        new_context, new_page = b.new_context, b.new_page

        def patient_context(**kw):
            context = new_context(**kw)
            context.set_default_navigation_timeout(NAVIGATION_MS)
            return context

        def patient_page(**kw):
            page = new_page(**kw)
            page.set_default_navigation_timeout(NAVIGATION_MS)
            return page
        b.new_context, b.new_page = patient_context, patient_page
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


def open_case(pg, number: str) -> None:
    """In the cases app: find a case by number and open its page with its row's 打开. The search
    redraws the rows; a click while they are being redrawn is lost, so wait for the row to lead the
    list, then click until the case's page shows."""
    pg.get_by_role("tab", name="案件办理").click()
    pg.fill(".lz-case-search input", number)
    pg.press(".lz-case-search input", "Enter")
    first = pg.locator(".lz-row-grid .lz-grid-cell").first
    for _ in range(40):
        if first.inner_text().strip() == number:
            break
        pg.wait_for_timeout(500)
    for _ in range(5):
        pg.locator(".lz-row-grid .lz-row-open").first.click()
        try:
            pg.wait_for_selector(f"h3:text-is('案件 {number}')", timeout=8_000)
            return
        except Exception:
            pg.wait_for_timeout(1000)
    raise AssertionError(f"the page of case {number} did not open")


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


