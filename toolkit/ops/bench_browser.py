"""Opening each app until its first table is on screen, in headless Chromium, against a bare
Voilà notebook with one button served by the same server; and an app kernel's memory."""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .bench import Row
from .ports import free_port
from .server import jupyter_path, notebooks_dir, voila_command, wait_until_up

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# What "the first table is on screen" means for each app (the cases app opens on its intake form).
APPS = {"bare.ipynb": ".lz-bare", "enrolment.ipynb": "table.lz-table", "cases.ipynb": ".lz-case-submit",
        "suggestions.ipynb": ".lz-row-grid .lz-row-open",
        "pairings.ipynb": "table.lz-table", "evaluations.ipynb": ".lz-eval-ready", "votes.ipynb": "table.lz-table",
        "duty.ipynb": "table.lz-table", "board.ipynb": "table.lz-board", "admin.ipynb": "table.lz-table"}
BARE = {"cells": [{"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {}, "outputs": [],
                   "source": ["import ipywidgets as w\n", "b = w.Button(description='按钮')\n", "b.add_class('lz-bare')\n", "b"]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "title": "空白页"}, "nbformat": 4, "nbformat_minor": 5}


def _kernels(proc) -> list:
    import psutil
    out = []
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                out.append(child)
        except psutil.Error:
            continue
    return out


def _wait_for_pool(proc, log: Path, app: str, times: int, timeout: float = 180) -> None:
    """As on a server at rest: Voilà has said `times` times that the pool of `app` is filled (a
    kernel started for it), and every kernel has gone quiet (the imports done, each waiting for
    its page to be asked for)."""
    end = time.monotonic() + timeout
    while log.read_text(errors="replace").count(f"Kernel pool of {app} is filled") < times:
        if time.monotonic() > end:
            raise TimeoutError(f"{app} 的预热内核 {timeout:.0f} 秒内未就绪")
        time.sleep(0.2)
    while time.monotonic() < end:
        before = sum(_cpu(k) for k in _kernels(proc))
        time.sleep(1)
        if sum(_cpu(k) for k in _kernels(proc)) - before < 0.05:
            return


def _cpu(process) -> float:
    import psutil
    try:
        t = process.cpu_times()
        return t.user + t.system
    except psutil.Error:
        return 0.0


def browser_rows(db_url: str, runs: int, apps: list[str] | None = None, preheat: bool = False) -> list[Row]:
    """Cold and warm opening times per app against the bare page, and the largest kernel's memory.

    Playwright's sync API refuses to start where an asyncio loop runs (a notebook's kernel, or a
    process that already drives a browser), so the measuring runs on a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_browser_rows, db_url, runs, apps, preheat).result()


def _browser_rows(db_url: str, runs: int, apps: list[str] | None, preheat: bool) -> list[Row]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        return [Row("浏览器打开应用", 0, "未安装 /usr/bin/chromium，未测", None, "", None)]
    apps = apps or list(APPS)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "apps"
        shutil.copytree(notebooks_dir(), folder)
        for other in folder.glob("*.ipynb"):      # only the pages measured get a preheated kernel
            if other.name not in apps:
                other.unlink()
        (folder / "bare.ipynb").write_text(json.dumps(BARE, ensure_ascii=False), encoding="utf-8")
        port = free_port()
        cmd = voila_command(port, preheat)
        cmd[3] = str(folder)
        env = dict(os.environ, JUPYTER_PATH=jupyter_path(), LIAISON_DB_URL=db_url)
        log = Path(tmp) / "voila.log"
        err = log.open("w")     # Voilà says here when each pool is filled
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        base = f"http://127.0.0.1:{port}/"
        opened: dict[str, int] = {}
        try:
            wait_until_up(base)
            times: dict[str, list[float]] = {}
            failed: dict[str, str] = {}
            memory = 0.0
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for run in range(runs + 1):          # run 0 is the cold one
                    for app in apps:
                        if app in failed:
                            continue
                        if preheat:   # a kernel waiting for this page, as on a server at rest
                            _wait_for_pool(proc, log, app, opened.get(app, 0) + 1)
                        opened[app] = opened.get(app, 0) + 1
                        page = browser.new_page(viewport={"width": 1400, "height": 1000})
                        t = time.perf_counter()
                        page.goto(base + f"voila/render/{app}")
                        try:
                            page.wait_for_selector(APPS[app], state="visible" if "table" in APPS[app] else "attached",
                                                   timeout=120_000)
                        except Exception:   # reported as a row, the other apps still measured
                            failed[app] = page.inner_text("body")[:80].replace("\n", " ")
                            page.close()
                            continue
                        times.setdefault(app, []).append(time.perf_counter() - t)
                        if run == 0:
                            ks = _kernels(proc)
                            if ks:
                                memory = max(memory, max(k.memory_info().rss for k in ks) / 2**20)
                        page.close()
                        time.sleep(0.5)       # the unload beacon shuts the page's kernel down
                browser.close()
        finally:
            proc.terminate()
            proc.wait(10)
            err.close()
    floor_cold, floor_warm = times["bare.ipynb"][0], statistics.median(times["bare.ipynb"][1:] or times["bare.ipynb"])
    mode = "（预热内核）" if preheat else ""
    rows = [Row(f"空白Voilà页（一个按钮）首次 / 再次打开{mode}", floor_warm, "首次", floor_cold, "框架下限")]
    for app in apps:
        if app in failed:
            rows.append(Row(f"打开 {app}：120秒内未出现第一张表", 120, f"页面：{failed[app]}", None, "≤1.5×空白页", False))
            continue
        if app == "bare.ipynb":
            continue
        warm = statistics.median(times[app][1:] or times[app])
        rows.append(Row(f"打开 {app} 至第一张表出现（再次）{mode}", warm, "空白页（再次）", floor_warm, "≤1.5×空白页",
                        warm <= 1.5 * floor_warm))
        rows.append(Row(f"打开 {app} 至第一张表出现（首次）{mode}", times[app][0], "空白页（首次）", floor_cold, "≤1.5×空白页",
                        times[app][0] <= 1.5 * floor_cold))
    rows.append(Row(f"应用内核内存（打开首页后，最大者）{mode}", memory, "", None, "<250 MB", memory < 250, unit="MB"))
    return rows
