"""The public pages' load run, scaled down (the full figures are `liaison load --public`, in
benchmarks/results.md): ballots over HTTP from many threads, opinions against the flood limits,
phones in Chromium — every ballot in the box once, exactly the opinions the limits allow taken."""
from __future__ import annotations

from toolkit.ops.load_public import run_public_load

from .browser import ARTIFACTS, needs_chromium


@needs_chromium
def test_a_burst_of_ballots_and_opinions_loses_nothing_and_honours_the_limits(demo_url):
    url = demo_url
    report = run_public_load(url, ballots=28, opinions=120, clients=12, phones=3, workers=2, window=4)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load-public-report.md").write_text(report.table() + "\n", encoding="utf-8")
    print(report.table())
    assert report.ballot_errors == [] and report.phone_errors == []
    assert len(report.receipts) == 31 and report.ballots_accounted      # 28 over HTTP, 3 from phones
    assert report.expected_taken == 60 and len(report.taken) == 60      # five per client: 12 × 5
    assert report.opinions_accounted and sum(report.refused.values()) == 60
    assert list(report.refused) == ["您提交得太频繁了，请一小时后再试"]    # the client limit bound first, for each client
    assert len(report.phone_seconds) == 3 and len(report.rest_mb) == 2 and report.per_hundred_mb >= 0
