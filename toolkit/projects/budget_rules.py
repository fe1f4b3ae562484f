"""For analysts: which projects approval-greedy and the Method of Equal Shares would fund.

The legal result of a 票决 is always the counting rule of toolkit.projects.vote_rules; these rules are shown
beside it when a vote has costs and a budget. MES uses cost satisfaction.
"""
from __future__ import annotations

from ..formats.pabulib import Instance


def _approvals(inst: Instance) -> dict[str, int]:
    counts = {p: 0 for p in inst.projects}
    for vote in inst.votes:
        for p in vote:
            counts[p] += 1
    return counts


def greedy(inst: Instance) -> list[str]:
    """Most approvals first; a project that does not fit the remaining budget is skipped."""
    counts, left, chosen = _approvals(inst), inst.budget, []
    for p in sorted(inst.projects, key=lambda p: (-counts[p], inst.cost(p), p)):
        if inst.cost(p) <= left:
            chosen.append(p)
            left -= inst.cost(p)
    return chosen


def _cap(budgets: list[float], cost: float) -> float | None:
    """The per-voter payment cap p with sum(min(b, p)) = cost, or None if they cannot afford it."""
    if sum(budgets) < cost - 1e-9:
        return None
    remaining, k = cost, len(budgets)
    for j, b in enumerate(sorted(budgets)):
        if b * (k - j) >= remaining - 1e-9:
            return remaining / (k - j)
        remaining -= b
    return None


def equal_shares(inst: Instance, per_voter: float | None = None) -> list[str]:
    """MES with cost satisfaction, no completion: repeatedly fund the project whose supporters pay
    the least per unit of satisfaction, each paying at most an equal share."""
    n = len(inst.votes)
    budget = [per_voter if per_voter is not None else inst.budget / n] * n
    supporters = {p: [i for i, v in enumerate(inst.votes) if p in v] for p in inst.projects}
    counts = _approvals(inst)
    chosen: list[str] = []
    while True:
        best = None
        for p in inst.projects:
            if p in chosen or not supporters[p]:
                continue
            cap = _cap([budget[i] for i in supporters[p]], inst.cost(p))
            if cap is None:
                continue
            key = (cap / inst.cost(p), -counts[p], p)  # ρ = price per unit of (cost) satisfaction
            if best is None or key < best[0]:
                best = (key, p, cap)
        if best is None:
            return chosen
        _, p, cap = best
        for i in supporters[p]:
            budget[i] -= min(budget[i], cap)
        chosen.append(p)


def equal_shares_completed(inst: Instance) -> list[str]:
    """MES with the per-voter budget raised in steps of 1 while the outcome still fits the budget.

    The largest fitting step is found by doubling then bisection (the outcome's cost grows with
    the step on these instances), instead of trying every step one by one.
    """
    base = inst.budget / len(inst.votes)

    def cost_at(k: int) -> tuple[float, list[str]]:
        chosen = equal_shares(inst, base + k)
        return sum(inst.cost(p) for p in chosen), chosen

    good, outcome = 0, equal_shares(inst, base)
    step = 1
    while True:
        total, chosen = cost_at(good + step)
        if total > inst.budget:
            bad = good + step
            break
        good, outcome = good + step, chosen
        if len(chosen) == len(inst.projects):
            return chosen
        step *= 2
    while bad - good > 1:
        mid = (good + bad) // 2
        total, chosen = cost_at(mid)
        if total > inst.budget:
            bad = mid
        else:
            good, outcome = mid, chosen
    return outcome
