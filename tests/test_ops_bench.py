"""The benchmark's smoke version: a tiny database, one run each — every operation runs and lands
in the results table (the real numbers come from `make bench`)."""
import os

import pytest

from toolkit.ops.cli import main


@pytest.mark.browser
def test_every_benchmark_operation_runs(tmp_path, capsys):
    out = tmp_path / "results.md"
    out.write_text("# 基准测试结果\n\n## 2026-01-01 旧结果\n\n| 旧 |\n", encoding="utf-8")
    argv = ["bench", "--smoke", "--db", f"sqlite:///{tmp_path / 'bench.sqlite3'}", "--out", str(out)]
    if not os.path.exists("/usr/bin/chromium"):
        argv.append("--no-browser")
    assert main(argv) == 0
    table = out.read_text(encoding="utf-8")
    for operation in ("统计页：按站点", "统计页：站点×月份", "案件列表（办理中，每页50条）最后一页", "票决计票", "导入200行花名册",
                      "报告 county-quarterly", "报告 vote-announcement", "最慢一步"):
        assert operation in table, operation
    if os.path.exists("/usr/bin/chromium"):
        assert "空白Voilà页" in table and "打开 enrolment.ipynb" in table and "应用内核内存" in table
        assert "（预热内核）" in table          # pages measured as make serve runs them
    assert table.index("## 2026-01-01 旧结果") > table.index("| 操作 |")      # the old table is kept, after the new
