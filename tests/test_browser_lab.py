"""`liaison lab` (what `make lab` runs): JupyterLab starts on the project's notebooks with the apps'
database, opens in Chromium on the analysis notebooks, fetches nothing from outside, stops on SIGTERM."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import psutil
import pytest

from toolkit.ops.ports import free_port

from .browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, needs_chromium


def _get(url: str, token: str | None = None):
    headers = {"Authorization": f"token {token}"} if token else {}
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5)


def _wait(url: str, token: str, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            _get(url, token)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def lab(tmp_path):
    from toolkit.ops.cli import main
    url = f"sqlite:///{tmp_path / 'lab.sqlite3'}"
    main(["init", "--demo", "small", "--db", url])
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "toolkit.ops.cli", "lab", "--port", str(port), "--db", url],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()                      # printed before Jupyter starts
        token = re.search(r"token=([A-Za-z0-9_-]+)", line).group(1)
        _wait(f"http://127.0.0.1:{port}/api/status", token)
        yield port, proc, token
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_lab_serves_the_notebooks_behind_its_token_reading_the_database_read_only(lab):
    port, proc, token = lab
    for path in ("api/contents/analysis", "api/kernels", "api/terminals"):
        with pytest.raises(urllib.error.HTTPError) as refused:          # another local user, no token
            _get(f"http://127.0.0.1:{port}/{path}")
        assert refused.value.code == 403
    with _get(f"http://127.0.0.1:{port}/api/contents/analysis", token) as r:
        listing = r.read().decode()
    assert "seasonal_categories.ipynb" in listing and "late_departments.ipynb" in listing
    with _get(f"http://127.0.0.1:{port}/api/kernelspecs", token) as r:
        assert '"python3"' in r.read().decode()
    environ = psutil.Process(proc.pid).environ()
    assert "mode=ro" in environ["LIAISON_DB_URL"] and "LIAISON_PROXY_SECRET" not in environ
    assert "--IdentityProvider.token" not in " ".join(psutil.Process(proc.pid).cmdline())    # not in `ps`
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) is not None


@needs_chromium
def test_lab_opens_in_chromium_on_the_analysis_notebooks(lab):
    """Playwright's sync API runs in a thread of its own: another test of the session may leave an
    asyncio loop running in the main thread, where the sync API refuses to start (seen in CI)."""
    port, _, token = lab
    seen: dict = {}

    def look():
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            external = []
            page.on("request", lambda r: external.append(r.url)
                    if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
            try:
                page.goto(f"http://127.0.0.1:{port}/lab/tree/analysis?token={token}", timeout=60_000)
                page.wait_for_selector("text=seasonal_categories.ipynb", timeout=60_000)
                page.wait_for_selector("text=文件", timeout=30_000)      # the menus in Chinese
                seen["news"] = page.locator("text=Would you like to get notified").count()
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "lab.png"))
                seen["external"] = external
            except Exception as e:       # raised again in the test's own thread
                seen["error"] = e
            finally:
                b.close()
    thread = threading.Thread(target=look)
    thread.start()
    thread.join(180)
    if "error" in seen:
        raise seen["error"]
    assert seen["external"] == [] and seen["news"] == 0
