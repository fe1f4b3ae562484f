"""For analysts: which projects approval-greedy and the Method of Equal Shares would fund.

The legal result of a 票决 is always the counting rule of toolkit.projects.vote_rules; these rules are shown
beside it when a vote has costs and a budget. Every amount is an exact fraction (the .pb file's decimals,
read by toolkit.formats.pabulib), so a tie is a tie and a budget that is exactly spent is not overspent;
each rule is the one of pabutools 1.2.3 named in its docstring, with the ties broken as said there
(tests/test_projects_budget_reference.py compares them on generated instances).
"""
from __future__ import annotations

import math
from fractions import Fraction

from ..formats.pabulib import Instance


def _approvals(inst: Instance) -> dict[str, int]:
    counts = {p: 0 for p in inst.projects}
    for vote in inst.votes:
        for p in vote:
            counts[p] += 1
    return counts


def greedy(inst: Instance) -> list[str]:
    """Most approvals first (ties: cheaper first, then project id); a project that does not fit what is
    left of the budget is skipped and the next one tried. pabutools: `greedy_utilitarian_welfare` with
    `Cost_Sat` (satisfaction per unit of cost is then the approval count) and that tie order."""
    counts, left, chosen = _approvals(inst), inst.budget, []
    for p in sorted(inst.projects, key=lambda p: (-counts[p], inst.cost(p), p)):
        if inst.cost(p) <= left:
            chosen.append(p)
            left -= inst.cost(p)
    return chosen


class _Run:
    """One run of MES: voters grouped by identical ballot (they always hold the same budget)."""

    def __init__(self, inst: Instance, per_voter: Fraction):
        groups: dict[frozenset, int] = {}
        for vote in inst.votes:
            key = frozenset(vote)
            groups[key] = groups.get(key, 0) + 1
        self.ballots = list(groups)
        self.size = [groups[b] for b in self.ballots]
        self.budget = [per_voter] * len(self.ballots)
        self.supporters = {p: [g for g, b in enumerate(self.ballots) if p in b] for p in inst.projects}

    def price(self, p: str, cost: Fraction) -> Fraction | None:
        """The equal share ρ·cost each supporter pays (or all they have left, if less) so that together they
        pay exactly `cost`; None when they cannot. Supporters are taken poorest first."""
        order = sorted(self.supporters[p], key=lambda g: self.budget[g])
        paid, left = Fraction(0), sum(self.size[g] for g in order)
        for g in order:
            share = (cost - paid) / left
            if share <= self.budget[g]:
                return share
            paid += self.budget[g] * self.size[g]
            left -= self.size[g]
        return None

    def pay(self, p: str, share: Fraction) -> None:
        for g in self.supporters[p]:
            self.budget[g] -= min(self.budget[g], share)


def equal_shares(inst: Instance, per_voter: Fraction | None = None) -> list[str]:
    """MES with cost satisfaction, no completion (pabutools `method_of_equal_shares`, `Cost_Sat`): each voter
    starts with budget/voters (or `per_voter`); round by round, the project whose supporters can pay for it
    at the lowest price per unit of satisfaction (ρ = share/cost) is funded, each supporter paying the same
    share or all they have left. Ties on ρ: more approvals first, then project id. A project nobody
    approves is never funded, nor is a free one: under cost satisfaction it is worth nothing to anyone
    (as in pabutools; approval-greedy does fund it)."""
    if not inst.votes:
        return []
    run = _Run(inst, Fraction(inst.budget) / len(inst.votes) if per_voter is None else Fraction(per_voter))
    counts = _approvals(inst)
    chosen: list[str] = []
    # ρ only rises as budgets are spent, so a project's last ρ is a floor: projects are tried cheapest-floor
    # first and the search stops once the floor exceeds the best ρ found (as pabutools does).
    floor = {p: Fraction(1, counts[p]) for p in inst.projects if counts[p] and inst.cost(p) > 0}
    while floor:
        best, tied = None, []
        for p in sorted(floor, key=floor.get):
            if best is not None and floor[p] > best:
                break
            share = run.price(p, inst.cost(p))
            if share is None:
                del floor[p]           # its supporters can no longer afford it, and never will again
                continue
            rho = floor[p] = share / inst.cost(p)
            if best is None or rho < best:
                best, tied = rho, [p]
            elif rho == best:
                tied.append(p)
        if not tied:
            break
        p = min(tied, key=lambda q: (-counts[q], q))
        run.pay(p, best * inst.cost(p))
        chosen.append(p)
        del floor[p]
    return chosen


def _exhaustive(inst: Instance, chosen: list[str], counts: dict[str, int]) -> bool:
    spent = sum((inst.cost(p) for p in chosen), Fraction(0))
    return all(spent + inst.cost(p) > inst.budget for p in inst.projects
               if p not in chosen and counts[p] and inst.cost(p) > 0)


class _Line:
    """Amounts as functions of the per-voter budget b: (c, d, v) is c + d·b, whose value at b₀ is v. A run
    of MES at b₀ computed with these gives the outcome at b₀ and, from every comparison it made, the next b
    at which any of them could turn out otherwise (`horizon`): up to there the run, and so its outcome,
    is the same."""

    def __init__(self, b0: Fraction):
        self.b0, self.horizon = b0, None

    def make(self, c: Fraction, d: Fraction) -> tuple:
        return c, d, c + d * self.b0

    def less(self, f, g) -> bool:
        """f(b₀) < g(b₀); remembers where the two lines cross (at or after b₀)."""
        gap, slope = g[2] - f[2], f[1] - g[1]            # they meet at b₀ + gap/slope
        if slope and (gap == 0 or (gap > 0) == (slope > 0)):
            x = self.b0 + gap / slope
            if self.horizon is None or x < self.horizon:
                self.horizon = x
        return gap > 0


ZERO = Fraction(0)


def _run_on_lines(inst: Instance, line: _Line, counts: dict[str, int]) -> list[str]:
    """MES (as `equal_shares`, with its floors) at the per-voter budget line.b0, every amount a line in b.
    Every comparison that decides the outcome is remembered: the prices compared, who pays all they have,
    what became unaffordable, and for a project not priced again, its floor against the price chosen
    (a price only rises as budgets are spent, at every b where the run is the same)."""
    run = _Run(inst, ZERO)
    budget = [line.make(ZERO, Fraction(1))] * len(run.ballots)          # each voter starts with b
    floor = {p: line.make(Fraction(1, counts[p]), ZERO) for p in inst.projects if counts[p] and inst.cost(p) > 0}
    chosen: list[str] = []
    while floor:
        priced, lowest = {}, None
        for p in sorted(floor, key=lambda q: floor[q][2]):
            if lowest is not None and floor[p][2] > lowest:
                break
            cost, groups = inst.cost(p), run.supporters[p]
            total = line.make(sum(budget[g][0] * run.size[g] for g in groups),
                              sum(budget[g][1] * run.size[g] for g in groups))
            if line.less(total, (cost, ZERO, cost)):
                del floor[p]                   # unaffordable now, so for the rest of this run
                continue
            share = _share_at(line, [(budget[g], run.size[g]) for g in groups], cost)
            for g in groups:                   # who pays all they have and who pays the share stays the same
                line.less(budget[g], share)
            floor[p] = line.make(share[0] / cost, share[1] / cost)
            priced[p] = share
            lowest = floor[p][2] if lowest is None else min(lowest, floor[p][2])
        if not priced:
            break
        best = min(priced, key=lambda p: (floor[p][2], -counts[p], p))
        for p in floor:
            if p != best:
                line.less(floor[best], floor[p])
        share = priced[best]
        for g in run.supporters[best]:
            budget[g] = (ZERO, ZERO, ZERO) if line.less(budget[g], share) else \
                (budget[g][0] - share[0], budget[g][1] - share[1], budget[g][2] - share[2])
        chosen.append(best)
        del floor[best]
    return chosen


def _share_at(line: _Line, holders: list[tuple[tuple, int]], cost: Fraction) -> tuple:
    """The equal share s (a line) with Σ size·min(budget, s) = cost at b₀: those poorer than s pay all."""
    paid, slope, left = ZERO, ZERO, sum(size for _, size in holders)
    for budget, size in sorted(holders, key=lambda h: h[0][2]):
        s = line.make((cost - paid) / left, -slope / left)
        if s[2] <= budget[2]:
            return s
        paid, slope, left = paid + budget[0] * size, slope + budget[1] * size, left - size
    raise AssertionError("priced only when affordable")


def equal_shares_completed(inst: Instance) -> list[str]:
    """MES completed by Add1, exactly as pabutools 1.2.3 (`method_of_equal_shares` with
    `voter_budget_increment=1`): run MES with a per-voter budget of budget/voters, then +1, +2, … and
    return the first outcome that is exhaustive (no further approved, non-free project fits the budget),
    or the last outcome that fits when the next one overspends.

    Outcomes need not grow with the step, so no step may be guessed; but between two steps at which some
    comparison inside MES changes its answer, every step has the same outcome. Each run is computed with
    amounts as lines in the per-voter budget (`_Line`) and the next run is the first step at or after
    the nearest such change: the same outcome as trying every step, in a handful of runs instead of
    thousands. The steps end because a large enough per-voter budget funds every approved project, which
    is then either exhaustive or over the budget."""
    if not inst.votes:
        return []
    counts = _approvals(inst)
    per_voter = Fraction(inst.budget) / len(inst.votes)
    first = equal_shares(inst, per_voter)          # most often already exhaustive: the faster run decides
    if _exhaustive(inst, first, counts):
        return first
    previous: list[str] | None = None
    while True:
        line = _Line(per_voter)
        outcome = _run_on_lines(inst, line, counts)
        if sum((inst.cost(p) for p in outcome), Fraction(0)) > inst.budget:
            return previous if previous is not None else []
        if _exhaustive(inst, outcome, counts):
            return outcome
        if line.horizon is None:               # nothing in the run depends on b: every step gives this outcome
            return outcome
        previous = outcome
        per_voter += max(1, math.ceil(line.horizon - per_voter))
