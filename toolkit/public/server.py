"""`liaison serve --public [--workers N]`: the public pages in N worker processes sharing one
listening socket (the kernel spreads connections over them). Workers keep nothing between
requests, so a crashed one is simply started again; SIGTERM or Ctrl-C stops them all."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
import urllib.request

import tornado.httpserver
from tornado.netutil import bind_sockets

from ..core.db import connect
from ..core.errors import ToolkitError
from .app import PAGES, check_pages, make_app

PORT = 8867


def _work(sockets, db_url: str | None, pages: tuple[str, ...], announce: str = "") -> None:
    """One worker: its own database pool (opened after the fork) and event loop."""
    async def main():
        db = connect(db_url)
        server = tornado.httpserver.HTTPServer(make_app(db, pages))
        server.add_sockets(sockets)
        if announce:                       # the loop runs: the address answers from now on
            print(announce, flush=True)
        await asyncio.Event().wait()
    asyncio.run(main())


def wait_until_up(base: str, seconds: float = 60) -> bool:
    """Whether the public pages at `base` answer (their style sheet) within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "static/public.css", timeout=2)
            return True
        except OSError:
            time.sleep(0.1)
    return False


def _announce_when_up(url: str, line: str) -> None:
    if wait_until_up(url):
        print(line, flush=True)


def _supervise(workers: int, start, started=None) -> int:
    children: set[int] = set()
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C reaches the parent, which stops us
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                start()
            finally:
                os._exit(1)
        children.add(pid)

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    for _ in range(workers):
        spawn()
    if started:                            # threads only after the forks
        started()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        children.discard(pid)
        if not stopping:
            print(f"公开页面的工作进程 {pid} 意外退出（状态 {status}），已重新启动", file=sys.stderr, flush=True)
            spawn()
    return 0


def serve(port: int = PORT, workers: int = 1, db_url: str | None = None, pages: tuple[str, ...] = PAGES,
          address: str = "127.0.0.1") -> int:
    """Serve the public pages on address:port until stopped."""
    check_pages(pages)
    try:
        sockets = bind_sockets(port, address)
    except OSError as e:
        raise ToolkitError(f"无法在 {address}:{port} 上提供公开页面：端口已被占用或地址不可用（{e.strerror}），"
                           "请用 --port 换一个端口") from None
    url = f"http://{'127.0.0.1' if address in ('', '0.0.0.0') else address}:{port}/"
    line = f"群众公开页面（{max(workers, 1)}个工作进程）：{url}"
    if workers <= 1:
        try:
            _work(sockets, db_url, pages, announce=line)
        except KeyboardInterrupt:
            pass
        return 0
    return _supervise(workers, lambda: _work(sockets, db_url, pages),
                      lambda: threading.Thread(target=_announce_when_up, args=(url, line), daemon=True).start())
