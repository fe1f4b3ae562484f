"""Counting a paper round: one row per response, 测评对象 and 总体评价, optional 1–5 item columns."""
from __future__ import annotations

from ..core.errors import ImportRejected, RowError
from ..formats.spreadsheets import Table
from .rules import Formula, Tally, summarize

REQUIRED = ("测评对象", "总体评价")
NOT_ITEMS = {"测评对象", "总体评价", "意见", "备注", "编号", "序号"}


def tally_table(table: Table, formula: Formula, members: int | None = None) -> list[dict]:
    """Per target (in order of first appearance): counts, rates, verdict, 整改; refuses bad input whole."""
    errors = [RowError(1, c, "缺少必填列") for c in REQUIRED if c not in table.header]
    if errors:
        raise ImportRejected(errors)
    items = [h for h in table.header if h and h not in NOT_ITEMS]
    tallies: dict[str, Tally] = {}
    for number, raw in zip(table.row_numbers, table.rows):
        target, verdict = raw.get("测评对象", "").strip(), raw.get("总体评价", "").strip()
        if not target:
            errors.append(RowError(number, "测评对象", "必填"))
            continue
        scores = {}
        for name in items:
            text = raw.get(name, "").strip()
            if not text:
                continue
            try:
                value = float(text)
                if not value.is_integer() or not 1 <= value <= 5:
                    raise ValueError
                scores[name] = int(value)
            except ValueError:
                errors.append(RowError(number, name, f"评分「{text}」应为1到5的整数"))
        try:
            tallies.setdefault(target, Tally()).add(verdict, scores, raw.get("意见", ""))
        except ValueError as e:
            errors.append(RowError(number, "总体评价", str(e)))
    results = []
    for name, tally in tallies.items():
        try:
            results.append(summarize(name, tally, formula, members))
        except ValueError as e:
            errors.append(RowError(0, "", f"「{name}」：{e}"))
    if errors:
        raise ImportRejected(errors)
    return results
