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
                      "报告 county-quarterly", "报告 vote-announcement", "最慢一步",
                      "命令行启动 liaison --help", "liaison cases suggest 一次"):
        assert operation in table, operation
    if os.path.exists("/usr/bin/chromium"):
        assert "空白Voilà页" in table and "打开 enrolment.ipynb" in table and "应用内核内存" in table
        assert "（预热内核）" in table          # pages measured as make serve runs them
    assert table.index("## 2026-01-01 旧结果") > table.index("| 操作 |")      # the old table is kept, after the new


def test_the_triage_benchmark_measures_on_the_hand_written_corpus(demo_url, tmp_path):
    url = demo_url
    out = tmp_path / "results.md"
    assert main(["bench", "--triage", "--smoke", "--db", url, "--out", str(out)]) == 0
    section = out.read_text(encoding="utf-8")
    assert section.index("## 智能分类 · ") < section.index("| 方法 | 类别 top-1")
    for row in ("本产品（jieba词", "基线（TF-IDF", "只学库中历史", "学习（300件历史案件）", "一次建议（类别+承办单位+可能重复），中位数"):
        assert row in section, row
    ours = next(line for line in section.splitlines() if line.startswith("| 本产品（jieba词"))
    assert all(cell.strip().endswith("%") for cell in ours.split("|")[2:7])      # every figure measured
