"""`liaison load --public`: the public pages under the bursts they are for, on loopback.

- Ballots: `ballots` deputies of one vote arrive spread over `window` seconds (a county congress
  voting in one minute), each opening the ballot of their code and casting it over HTTP; every
  receipt must be in the box exactly once and the register must show each code spent.
- Opinions: `opinions` QR opinions from `clients` addresses (passed as nginx passes them) to
  eight deputies, all in `window` seconds, with the flood limits as configured: exactly
  Σ per deputy min(deputy limit, client limit × its clients) are taken, each receipt one stored
  case, every other one refused with the flood message, nothing lost.
- Phones: `phones` deputies opening their ballot in Chromium within ten seconds (the figure the
  Voilà page had: a median of 146 s).
- Memory: each worker's resident size at rest and at its peak, and what 100 visitors at once add.
"""
from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from ..admin.identity import PROXY_HEADER
from ..cases.models import Case
from ..cases.public_intake import PER_CLIENT, PER_DEPUTY
from ..core.access_rules import CITY
from ..core.db import Database
from ..core.principal import Principal
from ..core.settings import get_setting
from ..network.models import Deputy, Seat
from ..network.qr import ensure_token
from ..projects.ballots import issue_ballots
from ..projects.box import box, turnout
from ..projects.votes import add_candidate, create_vote, open_vote
from ..public.server import wait_until_up as wait_until_public
from .bench_browser import ARGS, CHROMIUM
from .ports import free_port

CANDIDATES = ("老年食堂", "口袋公园", "背街小巷改造")
XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')


@dataclass
class PublicLoadReport:
    """What the run saw."""

    workers: int = 1
    ballot_seconds: list[float] = field(default_factory=list)      # each page (ballot shown, ballot cast)
    ballot_window: float = 0.0
    receipts: list[str] = field(default_factory=list)
    ballot_errors: list[str] = field(default_factory=list)
    in_box: Counter = field(default_factory=Counter)
    spent: int = 0
    opinion_seconds: float = 0.0
    taken: list[str] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)
    expected_taken: int = 0
    stored: dict[str, str] = field(default_factory=dict)
    phone_seconds: list[float] = field(default_factory=list)
    phone_errors: list[str] = field(default_factory=list)
    rest_mb: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    per_hundred_mb: float = float("nan")
    marker: str = ""

    @property
    def ballots_accounted(self) -> bool:
        return (sorted(self.in_box) == sorted(self.receipts) and set(self.in_box.values()) <= {1}
                and self.spent == len(self.receipts) and not self.ballot_errors)

    @property
    def opinions_accounted(self) -> bool:
        return (len(self.taken) == self.expected_taken == len(self.stored)
                and sorted(self.taken) == sorted(self.stored) and len(set(self.stored.values())) == len(self.stored))

    def table(self) -> str:
        """The report as a Markdown table (Chinese, like every report)."""
        def p95(xs):
            return sorted(xs)[max(0, int(len(xs) * 0.95) - 1)] if xs else float("nan")
        b, ph = self.ballot_seconds or [float("nan")], self.phone_seconds or [float("nan")]
        rows = [
            ("工作进程", f"{self.workers}个"),
            ("代表投票（HTTP）", f"{len(self.ballot_seconds) // 2}张选票在{self.ballot_window:.1f}秒内投出；页面用时中位数"
                             f"{statistics.median(b) * 1000:.0f}毫秒，p95 {p95(b) * 1000:.0f}毫秒；错误{len(self.ballot_errors)}个"),
            ("票箱核对", f"每张回执在票箱中恰好一次、投票码全部用过：{'是' if self.ballots_accounted else '否'}"),
            ("扫码留言", f"{len(self.taken) + sum(self.refused.values())}条用时{self.opinion_seconds:.0f}秒；"
                      f"受理{len(self.taken)}条（按限额应为{self.expected_taken}条），被限额拒绝{sum(self.refused.values())}条"),
            ("留言核对", f"每张回执一件案件、没有多余、没有丢失：{'是' if self.opinions_accounted else '否'}"),
            ("手机浏览器打开选票", f"{len(self.phone_seconds)}部手机10秒内陆续打开：中位数{statistics.median(ph):.1f}秒，"
                              f"p95 {p95(ph):.1f}秒（Voilà页面：中位数146秒，p95 176秒）；错误{len(self.phone_errors)}个"),
            ("工作进程内存", f"空闲每个{statistics.mean(self.rest_mb or [float('nan')]):.0f} MB，"
                         f"峰值每个最多{max(self.peak_mb or [float('nan')]):.0f} MB；每100名同时访问者增加约"
                         f"{self.per_hundred_mb:.1f} MB"),
        ]
        return "| 项目 | 结果 |\n|---|---|\n" + "\n".join(f"| {a} | {v} |" for a, v in rows)


class _Client:
    """One visitor: keeps its cookies, reports each page's time."""

    def __init__(self, headers: dict[str, str] | None = None):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.headers = headers or {}

    def open(self, url: str, data: dict | None = None) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        start = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(url, body, self.headers), timeout=60) as r:
                return r.status, r.read().decode("utf-8"), time.perf_counter() - start
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8"), time.perf_counter() - start


def _admin(db_url: str) -> Database:
    return Database(db_url, principal=Principal(login="load", name="负载测试", role=CITY))


def _prepare_vote(db_url: str, ballots: int) -> dict[str, str]:
    """A vote open at the level with the most deputies; codes for `ballots` of them (name → code)."""
    db = _admin(db_url)
    try:
        with db.unit_of_work() as s:
            level = s.execute(select(Seat.level, func.count()).group_by(Seat.level).order_by(func.count().desc())).first()[0]
            voters = list(s.scalars(select(Seat.deputy_id).where(Seat.level == level).order_by(Seat.deputy_id).limit(ballots)))
            vid = create_vote(s, f"负载票决{uuid.uuid4().hex[:4]}", level, seats=2, electorate=len(voters))
            for name in CANDIDATES:
                add_candidate(s, vid, name, cost=100, department="区民政局")
            open_vote(s, vid)
            return {"vote": vid, "codes": list(issue_ballots(s, vid, voters).values())}
    finally:
        db.dispose()


def _prepare_opinions(db_url: str, deputies: int) -> tuple[list[str], int, int]:
    db = _admin(db_url)
    try:
        with db.unit_of_work() as s:
            people = s.scalars(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id).limit(deputies)).all()
            return [ensure_token(s, d) for d in people], get_setting(s, PER_DEPUTY), get_setting(s, PER_CLIENT)
    finally:
        db.dispose()


def _spread(jobs, window: float) -> float:
    """Run each job on its own thread, started evenly over `window` seconds; returns the time taken."""
    threads, start = [], time.perf_counter()
    for i, job in enumerate(jobs):
        delay = start + window * i / max(len(jobs), 1) - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=job)
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    return time.perf_counter() - start


def _cast(base: str, code: str, report: PublicLoadReport, lock: threading.Lock) -> None:
    c = _Client()
    try:
        status, page, shown = c.open(f"{base}b?c={code}")
        assert status == 200, f"选票页 {status}"
        marks = {f"m{i}": ("赞成", "反对", "弃权")[(len(code) + i) % 3] for i in range(len(CANDIDATES))}
        status, done, cast = c.open(f"{base}b", {"_xsrf": XSRF.search(page).group(1), "code": code, **marks})
        receipt = re.search(r'class="receipt">回执码：<b>([^<]+)</b>', done)
        assert status == 200 and receipt, f"投票 {status}"
        with lock:
            report.ballot_seconds += [shown, cast]
            report.receipts.append(receipt.group(1))
    except Exception as e:
        with lock:
            report.ballot_errors.append(f"{code[:3]}…：{e}")


def _send(base: str, token: str, client: int, n: int, report: PublicLoadReport, secret: str, lock) -> None:
    c = _Client({"X-Real-IP": f"198.18.{client // 250}.{client % 250 + 1}", PROXY_HEADER: secret})
    status, form, _ = c.open(f"{base}d/{token}")
    for i in range(n):
        status, page, _ = c.open(f"{base}d/{token}", {"_xsrf": XSRF.search(form).group(1), "category": "其他",
                                                      "content": f"{report.marker}-{client}-{i}：路灯不亮", "name": "", "phone": ""})
        number = re.search(r"案件编号：<b>([^<]+)</b>", page)
        error = re.search(r'<p class="error" role="alert">([^<]+)</p>', page)
        with lock:
            if status == 200 and number:
                report.taken.append(number.group(1))
            else:
                report.refused[error.group(1) if error else f"HTTP {status}"] += 1


async def _phones(base: str, codes: list[str], report: PublicLoadReport) -> None:
    from playwright.async_api import async_playwright

    async def one(browser, code: str, delay: float) -> None:
        await asyncio.sleep(delay)
        context = await browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        try:
            page = await context.new_page()
            start = time.perf_counter()
            await page.goto(f"{base}b?c={code}", timeout=120_000)
            await page.wait_for_selector("fieldset legend", timeout=120_000)
            report.phone_seconds.append(time.perf_counter() - start)
            await page.click("text=投入票箱")
            await page.wait_for_selector("text=投票成功", timeout=120_000)
            report.receipts.append((await page.inner_text(".receipt b")).strip())
        except Exception as e:
            report.phone_errors.append(f"{type(e).__name__}：{str(e)[:100]}")
        finally:
            await context.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await asyncio.gather(*(one(browser, code, 10 * i / len(codes)) for i, code in enumerate(codes)))
        await browser.close()


def _workers(proc) -> list:
    """The worker processes (with one worker, the server process itself)."""
    import psutil
    parent = psutil.Process(proc.pid)
    return [c for c in parent.children(recursive=True) if c.status() != psutil.STATUS_ZOMBIE] or [parent]


def _sampler(proc, report: PublicLoadReport, stop: threading.Event) -> None:
    peak: dict[int, float] = {}
    while not stop.is_set():
        for w in _workers(proc):
            try:
                peak[w.pid] = max(peak.get(w.pid, 0.0), w.memory_info().rss / 2**20)
            except Exception:
                continue
        report.peak_mb = list(peak.values())
        stop.wait(0.2)


def _hundred_at_once(base: str, proc) -> float:
    """What 100 visitors opening a page at the same instant add to the workers' memory."""
    before = sum(w.memory_info().rss for w in _workers(proc))
    gate, peak = threading.Barrier(100), [before]

    def visit():
        gate.wait()
        _Client().open(f"{base}q")
        peak.append(sum(w.memory_info().rss for w in _workers(proc)))
    threads = [threading.Thread(target=visit) for _ in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (max(peak) - before) / 2**20


def run_public_load(db_url: str, ballots: int = 300, opinions: int = 1000, clients: int = 50, phones: int = 30,
                    workers: int = 2, window: float = 60.0) -> PublicLoadReport:
    """Serve the public pages over `db_url` with `workers` processes and put the bursts on them."""
    report = PublicLoadReport(workers=workers, marker=f"公开负载{uuid.uuid4().hex[:6]}")
    vote = _prepare_vote(db_url, ballots + phones)
    codes, phone_codes = vote["codes"][:ballots], vote["codes"][ballots:]
    tokens, deputy_limit, client_limit = _prepare_opinions(db_url, 8)
    per_client = [opinions // clients + (i < opinions % clients) for i in range(clients)]
    per_deputy = Counter()
    for i, n in enumerate(per_client):
        per_deputy[i % len(tokens)] += min(n, client_limit)
    report.expected_taken = sum(min(deputy_limit, n) for n in per_deputy.values())
    secret, port, lock = secrets.token_hex(16), free_port(), threading.Lock()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, LIAISON_DB_URL=db_url, LIAISON_PUBLIC_PROXY_SECRET=secret)
    with tempfile.TemporaryDirectory() as tmp:
        log = open(Path(tmp) / "public.log", "w")
        proc = subprocess.Popen([sys.executable, "-m", "toolkit.ops.cli", "serve", "--public", "--port", str(port),
                                 "--workers", str(workers)], env=env, stdout=log, stderr=subprocess.STDOUT)
        stop = threading.Event()
        try:
            wait_until_public(base)
            time.sleep(1)
            report.rest_mb = [w.memory_info().rss / 2**20 for w in _workers(proc)]
            sampler = threading.Thread(target=_sampler, args=(proc, report, stop), daemon=True)
            sampler.start()
            report.ballot_window = _spread([lambda c=c: _cast(base, c, report, lock) for c in codes], window)
            report.opinion_seconds = _spread(
                [lambda i=i, n=n: _send(base, tokens[i % len(tokens)], i, n, report, secret, lock)
                 for i, n in enumerate(per_client)], window)
            if phones:   # on a thread of its own: the caller may already run an event loop (Playwright's sync API)
                runner = threading.Thread(target=lambda: asyncio.run(_phones(base, phone_codes, report)))
                runner.start()
                runner.join()
            report.per_hundred_mb = _hundred_at_once(base, proc)
        finally:
            stop.set()
            proc.terminate()
            proc.wait(30)
    db = Database(db_url)
    try:
        with db.reader() as s:
            report.in_box = Counter(r for r, _ in box(s, vote["vote"]))
            report.spent = turnout(s, vote["vote"])["voted"]
            rows = s.execute(select(Case.number, Case.content).where(Case.content.like(f"{report.marker}-%"))).all()
        report.stored = {number: content.split("：")[0] for number, content in rows}
    finally:
        db.dispose()
    return report
