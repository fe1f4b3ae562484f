"""The command line's start-up, in CPU seconds of the child process (not wall time: the machine's
other work does not count): `liaison --help`, and one `liaison cases suggest TEXT` against a
small demo database (300 cases, learned once before measuring), against a bare `python -c pass`."""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .bench import Row

SUGGEST_TEXT = "小区路灯坏了好几天，晚上出行很不方便"


def _cpu_of(command: list[str]) -> float:
    """User + system CPU seconds the command took (its children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median_cpu(command: list[str], runs: int) -> float:
    return statistics.median(_cpu_of(command) for _ in range(runs))


def cli_rows(runs: int) -> list[Row]:
    """`liaison --help` (target 0.5 s) and one suggestion (target 1.5 s), against the interpreter alone."""
    liaison = [sys.executable, "-m", "toolkit.ops.cli"]
    floor = _median_cpu([sys.executable, "-c", "pass"], runs)
    with tempfile.TemporaryDirectory(prefix="liaison-bench-cli-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'small.sqlite3'}"
        subprocess.run(liaison + ["init", "--demo", "small", "--db", url], check=True, stdout=subprocess.DEVNULL)
        suggest = liaison + ["cases", "suggest", SUGGEST_TEXT, "--db", url]
        _cpu_of(suggest)                      # the dictionary store and the model, made once as on any machine
        help_cpu = _median_cpu(liaison + ["--help"], runs)
        suggest_cpu = _median_cpu(suggest, runs)
    reference = "python -c pass（CPU秒）"
    return [Row("命令行启动 liaison --help（CPU秒）", help_cpu, reference, floor, "< 0.5 s", help_cpu < 0.5),
            Row("liaison cases suggest 一次（CPU秒，300件案件的库）", suggest_cpu, reference, floor, "< 1.5 s",
                suggest_cpu < 1.5)]
