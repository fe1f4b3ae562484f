"""`liaison serve` as `make serve` runs it: the staff apps and the public pages together, each
address printed only once it answers (the staff one once every app's kernel is preheated), and
SIGTERM stops everything it started."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

from toolkit.ops.ports import free_port


def _answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=5).status == 200
    except OSError:
        return False


def test_serve_prints_each_address_once_it_answers_and_stops_cleanly(demo_url):
    url = demo_url
    staff, public = free_port(), free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "liaison"), "serve", "--port", str(staff),
                             "--public-port", str(public), "--db", url],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(os.environ))
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    seen: dict[str, bool] = {}
    try:
        deadline = time.monotonic() + 240
        while len(seen) < 2 and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if f":{public}/" in line:            # checked the moment it is printed
                seen["public"] = line.startswith("群众公开页面") and _answers(f"http://127.0.0.1:{public}/q")
            if f":{staff}/" in line:
                seen["staff"] = line.startswith("联络站工作台（工作人员）") and "预热" not in line and _answers(f"http://127.0.0.1:{staff}/")
        assert seen == {"public": True, "staff": True}
        started = psutil.Process(proc.pid).children(recursive=True)
        kernels = [p for p in started if "ipykernel" in " ".join(p.cmdline())]
        assert len(kernels) == len(list((Path(__file__).resolve().parent.parent / "notebooks" / "apps").glob("*.ipynb")))
        # At rest the supervisor itself uses no CPU to speak of (it once spun on poll(): a core's half).
        supervisor = psutil.Process(proc.pid)
        before = sum(supervisor.cpu_times()[:2])
        time.sleep(3)
        assert sum(supervisor.cpu_times()[:2]) - before < 0.3
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    time.sleep(1)
    assert [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE] == []
    assert not _answers(f"http://127.0.0.1:{public}/q") and not _answers(f"http://127.0.0.1:{staff}/")


def test_printed_addresses_follow_the_public_port_actually_served(monkeypatch):
    from toolkit.evaluations.printing import kiosk_url
    from toolkit.ops.server import serve_environment
    monkeypatch.delenv("LIAISON_PUBLIC_URL", raising=False)
    env = serve_environment(None, 7867)
    assert env["LIAISON_PUBLIC_URL"] == "http://127.0.0.1:7867/"
    monkeypatch.setenv("LIAISON_PUBLIC_URL", env["LIAISON_PUBLIC_URL"])       # as the staff kernels see it
    assert kiosk_url(5).startswith("http://127.0.0.1:7867/k?r=5")
    monkeypatch.setenv("LIAISON_PUBLIC_URL", "https://rd.example.gov.cn/")
    assert serve_environment(None, 7867)["LIAISON_PUBLIC_URL"] == "https://rd.example.gov.cn/"     # the operator's word wins
