"""The load test (issue: many users at once), scaled down and on loopback: one staff session per app
open at once while the public pages send sixty QR opinions; nothing may be
lost. The full scale (`liaison load`: twenty sessions, two hundred opinions) is a benchmark, its
figures in benchmarks/results.md; here it took 135 s of the suite with ten sessions and a hundred opinions, 80 s with one
session per app (140 s beside the other long tests), so it opens three apps now: every app renders in
its own browser test, and what this one asks — nothing lost while staff pages and citizens' opinions
arrive at once — holds the same with three kernels as with eight."""
from __future__ import annotations

from toolkit.ops.load_test import STAFF_APPS, run_load

from .browser import ARTIFACTS, needs_chromium

SESSIONS, SUBMISSIONS = 3, 60   # the first three staff apps


@needs_chromium
def test_staff_sessions_and_qr_opinions_at_once_lose_nothing(demo_url):
    url = demo_url
    report = run_load(url, sessions=SESSIONS, submissions=SUBMISSIONS)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load-report.md").write_text(report.table() + "\n", encoding="utf-8")
    print(report.table())
    assert report.page_errors == []
    assert sum(len(t) for t in report.page_seconds.values()) == SESSIONS
    assert set(report.page_seconds) == set(STAFF_APPS[:SESSIONS])
    assert report.refusals == [] and len(report.receipts) == SUBMISSIONS
    assert report.accounted                   # each receipt one stored case, each case one receipt
    assert len(report.kernel_mb) >= SESSIONS  # every page had its own kernel, all measured
