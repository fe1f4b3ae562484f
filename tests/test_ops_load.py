"""The load test (issue: many users at once), bounded and on loopback: twenty staff sessions open
at once while eight public pages send two hundred QR opinions; nothing may be lost."""
from __future__ import annotations

from toolkit.ops.cli import main as liaison
from toolkit.ops.load_test import STAFF_APPS, run_load

from .browser import ARTIFACTS, needs_chromium

SESSIONS, SUBMISSIONS = 20, 200


@needs_chromium
def test_twenty_staff_sessions_and_two_hundred_qr_opinions_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    assert liaison(["init", "--demo", "small", "--db", url]) == 0
    report = run_load(url, sessions=SESSIONS, submissions=SUBMISSIONS)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load-report.md").write_text(report.table() + "\n", encoding="utf-8")
    print(report.table())
    assert report.page_errors == []
    assert sum(len(t) for t in report.page_seconds.values()) == SESSIONS
    assert set(report.page_seconds) == set(STAFF_APPS)
    assert report.refusals == [] and len(report.receipts) == SUBMISSIONS
    assert report.accounted                   # each receipt one stored case, each case one receipt
    assert len(report.kernel_mb) >= SESSIONS  # every page had its own kernel, all measured
