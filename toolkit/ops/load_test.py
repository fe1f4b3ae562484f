"""A load test on loopback: many staff browser sessions at once while citizens send QR opinions.

One Voilà server (as `liaison serve` runs it) over the given database; Chromium opens `sessions`
staff pages (the staff apps in turn, ARRIVING at a time, each staying open until all are open)
while `clients` phones on the public pages (`liaison serve --public`, two workers), each its own
client address, send `submissions` opinions between them. On this 2-core machine the browser and the server share the CPU: twenty cold
opens at the same instant took over three minutes, so staff arrive two at a time. Every opinion carries a marker,
so afterwards each receipt shown can be matched to exactly one stored case. Bounded: a fixed count
and a time limit on every wait. `liaison load` prints the report; tests/test_ops_load.py checks it.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..admin.identity import PROXY_HEADER
from ..cases.models import Case
from ..core.db import Database
from ..core.settings import SETTINGS, get_setting, set_setting
from ..network.models import Deputy
from ..network.qr import ensure_token
from ..public.server import wait_until_up as wait_until_public
from .bench_browser import APPS, ARGS, CHROMIUM, _kernels
from .ports import free_port
from .server import jupyter_path, voila_command, wait_until_up

STAFF_APPS = [a for a in APPS if a not in ("bare.ipynb", "board.ipynb")]
READY = APPS
WAIT_MS = 180_000
ARRIVING = 2             # staff pages being opened at one moment (then they stay open)
LIMITS = ("intake_per_deputy_hour", "intake_per_client_hour")


@dataclass
class LoadReport:
    """What the run saw: page times, kernels' memory, the opinions sent and found."""

    page_seconds: dict[str, list[float]] = field(default_factory=dict)
    page_errors: list[str] = field(default_factory=list)
    kernel_mb: list[float] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    stored: dict[str, str] = field(default_factory=dict)     # number -> marker, as the database has them
    submit_seconds: float = 0.0
    marker: str = ""
    network: str = "10.0.0"
    proxy_secret: str = ""
    all_open: int = 0        # staff sessions open at the same time at the end

    @property
    def slowest(self) -> tuple[str, float]:
        if not self.page_seconds:
            return "（没有页面打开）", float("nan")
        app, times = max(self.page_seconds.items(), key=lambda kv: max(kv[1]))
        return app, max(times)

    def table(self) -> str:
        """The report as a Markdown table (Chinese, like every report)."""
        app, worst = self.slowest
        mb = self.kernel_mb or [float("nan")]
        every = [t for ts in self.page_seconds.values() for t in ts] or [float("nan")]
        rows = [("工作人员会话", f"{len(every)}个（{len(self.page_seconds)}个应用轮流，每次{ARRIVING}个同时打开），"
                           f"最后同时在线 {self.all_open} 个"),
                ("页面打开时间中位数", f"{statistics.median(every):.1f} 秒"),
                ("最慢的页面", f"{app}：{worst:.1f} 秒"),
                ("内核内存（各内核峰值）", f"中位数 {statistics.median(mb):.0f} MB，最大 {max(mb):.0f} MB，"
                                    f"共 {len(self.kernel_mb)} 个内核 {sum(mb) / 1024:.1f} GB"),
                ("扫码留言", f"{len(self.receipts)} 条用时 {self.submit_seconds:.0f} 秒，被拒 {len(self.refusals)} 条"),
                ("数据库中找到", f"{len(self.stored)} 条，与回执一一对应：{'是' if self.accounted else '否'}")]
        return "| 项目 | 结果 |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)

    @property
    def accounted(self) -> bool:
        """Every receipt is one stored case with its own marker, and nothing else was stored."""
        return sorted(self.receipts) == sorted(self.stored) and len(set(self.stored.values())) == len(self.stored)


def _prepare(db_url: str, clients: int) -> tuple[list[str], dict[str, int]]:
    """QR tokens for `clients` deputies, and the flood limits lifted for the run (the limits are
    tested on their own; here eight pages stand for two hundred citizens). Returns the limits
    as they were, to be put back."""
    db = Database(db_url)
    try:
        with db.unit_of_work() as s:
            before = {name: get_setting(s, name) for name in LIMITS}
            for name in LIMITS:
                set_setting(s, name, SETTINGS[name].maximum)
            deputies = s.scalars(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id).limit(clients)).all()
            return [ensure_token(s, d) for d in deputies], before
    finally:
        db.dispose()


def _restore_limits(db_url: str, before: dict[str, int]) -> None:
    db = Database(db_url)
    try:
        with db.unit_of_work() as s:
            for name, value in before.items():
                set_setting(s, name, value)
    finally:
        db.dispose()


@dataclass
class _Signals:
    """What the pages wait for: every citizen's page up, the minute started, the run over."""

    clients: int
    ready: int = 0
    staff_open: int = 0
    all_ready: asyncio.Event = field(default_factory=asyncio.Event)
    started: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)


async def _staff_page(browser, base: str, app: str, arrivals: asyncio.Semaphore, report: LoadReport,
                      signals: _Signals) -> None:
    """One member of staff: opens an app (ARRIVING at a time), keeps it open until the end."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        async with arrivals:
            start = time.perf_counter()
            await page.goto(base + f"voila/render/{app}", timeout=WAIT_MS)
            await page.wait_for_selector(READY[app], state="visible" if "table" in READY[app] else "attached",
                                         timeout=WAIT_MS)
            report.page_seconds.setdefault(app, []).append(time.perf_counter() - start)
        body = await page.inner_text("body")
        if "Traceback" in body or "系统内部错误" in body:
            report.page_errors.append(f"{app}: {body[:120]}")
        signals.staff_open += 1
        await signals.done.wait()            # a session stays open while the others arrive
    except Exception as e:   # reported, not raised: the other sessions go on
        report.page_errors.append(f"{app}: {type(e).__name__} {str(e)[:120]}")
    finally:
        await context.close()


async def _citizen(browser, base: str, token: str, n: int, client: int, report: LoadReport, signals: _Signals) -> None:
    """One phone on the public pages (its own client address, passed as the proxy passes it) sending `n` opinions."""
    context = await browser.new_context(extra_http_headers={"X-Real-IP": f"{report.network}.{client + 1}",
                                                            PROXY_HEADER: report.proxy_secret})
    page = await context.new_page()
    try:
        await page.goto(base + f"d/{token}", timeout=WAIT_MS)
        signals.ready += 1
        if signals.ready == signals.clients:
            signals.all_ready.set()
        await signals.started.wait()
        for i in range(n):
            await page.fill("#content", f"{report.marker}-{client}-{i}：路灯不亮，请尽快修复")
            await page.click("button[type=submit]", timeout=WAIT_MS)
            await page.wait_for_selector(".receipt, .error", timeout=WAIT_MS)
            error = await page.query_selector(".error")
            if error:   # a refusal would repeat for this client: it stops here
                report.refusals.append(f"第{client}个页面第{i + 1}条：{await error.inner_text()}")
                break
            report.receipts.append((await page.inner_text(".receipt b >> nth=0")).strip())
            await page.goto(base + f"d/{token}", timeout=WAIT_MS)      # the form again, for the next citizen
    finally:
        await context.close()


async def _run(base: str, public: str, tokens: list[str], sessions: int, submissions: int, report: LoadReport, proc) -> None:
    from playwright.async_api import async_playwright

    signals = _Signals(clients=len(tokens))
    share, extra = divmod(submissions, len(tokens))
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        sampler = asyncio.create_task(_sample_memory(proc, report))
        citizens = [asyncio.create_task(_citizen(browser, public, t, share + (i < extra), i, report, signals))
                    for i, t in enumerate(tokens)]
        try:
            await asyncio.wait_for(signals.all_ready.wait(), WAIT_MS / 1000)
        except asyncio.TimeoutError:
            report.page_errors.append(f"扫码页面：{WAIT_MS // 1000}秒内只打开了{signals.ready}个")
        # Staff arrive (ARRIVING at a time, as a morning's sign-ins would) while the opinions go in;
        # every session stays open until all have arrived.
        arrivals = asyncio.Semaphore(ARRIVING)
        staff = [asyncio.create_task(_staff_page(browser, base, STAFF_APPS[i % len(STAFF_APPS)], arrivals, report, signals))
                 for i in range(sessions)]
        start = time.perf_counter()
        signals.started.set()
        await asyncio.gather(*citizens)
        report.submit_seconds = time.perf_counter() - start
        while signals.staff_open + len(report.page_errors) < sessions:
            await asyncio.sleep(1)
        report.all_open = signals.staff_open
        await asyncio.sleep(5)               # all open at once: the memory sample sees every kernel
        signals.done.set()
        await asyncio.gather(*staff)
        sampler.cancel()
        await browser.close()


async def _sample_memory(proc, report: LoadReport) -> None:
    """Each kernel's largest resident size while the pages are open."""
    peak: dict[int, float] = {}
    try:
        while True:
            for k in _kernels(proc):
                try:
                    peak[k.pid] = max(peak.get(k.pid, 0.0), k.memory_info().rss / 2**20)
                except Exception:
                    continue
            report.kernel_mb = list(peak.values())
            await asyncio.sleep(2)
    except asyncio.CancelledError:
        return


def run_load(db_url: str, sessions: int = 20, submissions: int = 200, clients: int = 8) -> LoadReport:
    """Serve the apps over `db_url`, put the load on them, and account for every opinion."""
    run = uuid.uuid4()
    report = LoadReport(marker=f"负载{run.hex[:6]}", network=f"10.{run.bytes[0]}.{run.bytes[1]}")
    tokens, limits = _prepare(db_url, clients)
    port, public_port = free_port(), free_port()
    report.proxy_secret = secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_PATH=jupyter_path(), LIAISON_DB_URL=db_url, LIAISON_PROXY_SECRET=report.proxy_secret)
    with tempfile.TemporaryDirectory() as tmp:
        log = open(Path(tmp) / "voila.log", "w")
        proc = subprocess.Popen(voila_command(port), env=env, stdout=log, stderr=subprocess.STDOUT)
        public = subprocess.Popen([sys.executable, "-m", "toolkit.ops.cli", "serve", "--public", "--port", str(public_port),
                                   "--workers", "2"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/")
            wait_until_public(f"http://127.0.0.1:{public_port}/")
            # In a thread of its own: a caller may already run an event loop (Playwright's sync API does).
            failure: list[BaseException] = []

            def drive() -> None:
                try:
                    asyncio.run(_run(f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{public_port}/", tokens, sessions,
                                     submissions, report, proc))
                except BaseException as e:   # raised again below, in the caller's thread
                    failure.append(e)
            runner = threading.Thread(target=drive)
            runner.start()
            runner.join()
            if failure:
                raise failure[0]
        finally:
            for p in (proc, public):
                p.terminate()
                p.wait(30)
            _restore_limits(db_url, limits)
    db = Database(db_url)
    try:
        with db.reader() as s:
            rows = s.execute(select(Case.number, Case.content).where(Case.content.like(f"{report.marker}-%"))).all()
        report.stored = {number: content.split("：")[0] for number, content in rows}
    finally:
        db.dispose()
    return report
