"""What a crash must not break, kept true by killing things for real: a ballot burst while the
public server is killed (-9) and restarted, QR opinions while PostgreSQL crashes (`pg_ctl stop -m
immediate`) and comes back, and a ledger import killed after its last row was written."""
from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from toolkit.admin.identity import PROXY_HEADER
from toolkit.cases.models import Case
from toolkit.core.db import Database
from toolkit.network.models import Station
from toolkit.ops.cli import main
from toolkit.ops.load_public import XSRF, _Client, _prepare_opinions, _prepare_vote
from toolkit.ops.ports import free_port
from toolkit.projects.box import box, turnout
from toolkit.public.server import wait_until_up

from .scratch_cluster import ScratchCluster

ALREADY = "该投票码已经投过票"
RECEIPT = re.compile(r'class="receipt">回执码：<b>([^<]+)</b>')
NUMBER = re.compile(r"案件编号：<b>([^<]+)</b>")


class PublicServer:
    """`liaison serve --public` in a process group of its own, so -9 reaches every worker."""

    def __init__(self, db_url: str, workers: int = 2):
        self.port, self.secret = free_port(), secrets.token_hex(16)
        self.base, self.proc = f"http://127.0.0.1:{self.port}/", None
        self.env = dict(os.environ, LIAISON_DB_URL=db_url, LIAISON_PUBLIC_PROXY_SECRET=self.secret)
        self.command = [sys.executable, "-m", "toolkit.ops.cli", "serve", "--public", "--port", str(self.port),
                        "--workers", str(workers)]

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_until_up(self.base)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(30)


def _cast(base: str, code: str) -> str:
    """One deputy's attempt: 'receipt:R', 'already', or what went wrong."""
    try:
        c = _Client()
        status, page, _ = c.open(f"{base}b?c={code}")
        if ALREADY in page:
            return "already"
        marks = {f"m{i}": ("赞成", "反对", "弃权")[i % 3] for i in range(3)}
        status, done, _ = c.open(f"{base}b", {"_xsrf": XSRF.search(page).group(1), "code": code, **marks})
        found = RECEIPT.search(done)
        return f"receipt:{found.group(1)}" if found else "already" if ALREADY in done else f"HTTP {status}"
    except (OSError, urllib.error.URLError, AttributeError) as e:    # the server went away mid-visit
        return f"failed:{type(e).__name__}"


def _spread(jobs, window: float) -> None:
    threads = []
    for i, job in enumerate(jobs):
        time.sleep(window / len(jobs))
        threads.append(threading.Thread(target=job))
        threads[-1].start()
    for t in threads:
        t.join(120)


def test_a_ballot_burst_with_the_server_killed_and_restarted_counts_each_ballot_once(demo_db):
    url = demo_db.engine.url.render_as_string(hide_password=False)
    vote = _prepare_vote(url, 40)
    codes, first, lock = vote["codes"], {}, threading.Lock()
    server = PublicServer(url)
    server.start()

    def attempt(code):
        outcome = _cast(server.base, code)
        with lock:
            first[code] = outcome

    def killer():
        time.sleep(2.0)
        server.kill()                   # mid-burst, as a power cut or the OOM killer would
        time.sleep(0.5)
        server.start()
    k = threading.Thread(target=killer)
    k.start()
    try:
        _spread([lambda c=c: attempt(c) for c in codes], 4.0)
        k.join(60)
        again = {code: _cast(server.base, code) for code in codes}      # every deputy tries once more
    finally:
        server.stop()
    kinds = Counter(v.split(":")[0] for v in first.values())
    assert kinds["receipt"] > 0 and kinds["receipt"] < len(codes), kinds     # the kill fell inside the burst
    assert set(v.split(":")[0] for v in again.values()) <= {"receipt", "already"}, again
    for code in codes:                  # a ballot that got its receipt is told it is spent
        if first[code].startswith("receipt"):
            assert again[code] == "already"
    with demo_db.reader() as s:
        in_box = Counter(r for r, _ in box(s, vote["vote"]))
        assert turnout(s, vote["vote"])["voted"] == len(codes) == len(in_box)
    assert set(in_box.values()) == {1}
    shown = {v.split(":")[1] for v in list(first.values()) + list(again.values()) if v.startswith("receipt")}
    assert shown <= set(in_box)


def _send_until_taken(base: str, token: str, client: int, word: str, secret: str, taken: dict, lock) -> None:
    """A citizen who keeps pressing 提交 on the same form (reopening it if it would not open) until
    a receipt comes back."""
    c, fields = _Client({"X-Real-IP": f"198.18.7.{client + 1}", PROXY_HEADER: secret}), None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if fields is None:
                status, form, _ = c.open(f"{base}d/{token}")
                once = re.search(r'name="once" value="([^"]+)"', form)
                if once:
                    fields = {"_xsrf": XSRF.search(form).group(1), "once": once.group(1), "category": "其他",
                              "content": word, "name": "", "phone": ""}
                else:
                    time.sleep(0.3)
                    continue
            status, page, _ = c.open(f"{base}d/{token}", fields)
            number = NUMBER.search(page)
            if number:
                with lock:
                    taken[word] = (number.group(1), time.monotonic())
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)


def test_qr_opinions_while_postgresql_crashes_are_each_stored_once(tmp_path):
    cluster = ScratchCluster()
    try:
        url = cluster.url()
        subprocess.run([sys.executable, "-m", "toolkit.ops.cli", "init", "--demo", "small", "--db", url],
                       check=True, capture_output=True)
        tokens, _, _ = _prepare_opinions(url, 8)
        server = PublicServer(url)
        server.start()
        taken, lock, back = {}, threading.Lock(), {}
        words = [f"崩溃演练{secrets.token_hex(3)}-{i}：路灯不亮" for i in range(30)]

        def crash():
            time.sleep(1.5)
            cluster.stop("immediate")         # the database dies mid-burst
            time.sleep(2.0)
            cluster.start()
            back["at"] = time.monotonic()
        c = threading.Thread(target=crash)
        c.start()
        try:
            _spread([lambda i=i, w=w: _send_until_taken(server.base, tokens[i % len(tokens)], i, w, server.secret,
                                                       taken, lock) for i, w in enumerate(words)], 4.0)
            c.join(60)
            assert server.proc.poll() is None          # the same server throughout: no restart needed
        finally:
            server.stop()
        assert sorted(taken) == sorted(words)          # every citizen got a receipt in the end
        db = Database(url)
        try:
            with db.reader() as s:
                rows = s.execute(select(Case.number, Case.content).where(Case.content.like("崩溃演练%"))).all()
        finally:
            db.dispose()
        assert len(rows) == len(words) == len({content for _, content in rows})      # each stored exactly once
        assert {number for number, _ in rows} == {number for number, _ in taken.values()}
        after = [at for _, at in taken.values() if at > back["at"]]
        assert after and min(after) - back["at"] < 10                    # served again soon after it returned
    finally:
        cluster.close()


LATE = """
import sys, time
from toolkit.cases import ledger_import
original = ledger_import.apply_case_import
def late(session, plan, **kw):
    original(session, plan, **kw)
    session.flush()                       # every row of the file is in the database's transaction
    print("late", flush=True)
    time.sleep(600)
ledger_import.apply_case_import = late
from toolkit.ops.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_import_killed_after_its_last_row_leaves_none_of_the_file(demo_db, tmp_path):
    from . import files
    url = demo_db.engine.url.render_as_string(hide_password=False)
    with demo_db.reader() as s:
        station = s.scalar(select(Station.name).where(Station.kind == "township_station").order_by(Station.id))
    rows = [[f"KILL-{i:04d}", "2026-03-02", "站内接待", "", "", f"第{i}条：路灯不亮", "城乡建设", "", station, "区住建局",
             "2026-03-03", "2026-03-20", "", "办理中", ""] for i in range(600)]
    header = ["编号", "受理日期", "渠道", "反映人", "联系电话", "反映内容", "类别", "接收代表", "所属站点",
              "承办单位", "交办日期", "办理时限", "答复日期", "办理状态", "满意度"]
    ledger = files.write(tmp_path / "ledger.xlsx", header, rows)
    child = subprocess.Popen([sys.executable, "-c", LATE, "cases", "import", str(ledger), "--db", url],
                             stdout=subprocess.PIPE, text=True)
    try:
        said = []
        while (line := child.stdout.readline()) and line.strip() != "late":
            said.append(line)
        assert line.strip() == "late", "".join(said)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)

    def imported() -> int:
        with demo_db.reader() as s:
            return s.scalar(select(func.count()).select_from(Case).where(Case.number.like("KILL-%")))
    assert imported() == 0
    assert main(["cases", "import", str(ledger), "--db", url]) == 0
    assert imported() == 600
    assert Path(ledger).exists()
