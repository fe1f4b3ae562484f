"""The budget rules against the reference, pabutools 1.2.3 (a test dependency), on generated
instances: 5–60 projects, 20–2,000 voters, exact ties, budgets that fit none or all, unapproved
and free projects, decimal costs, identical projects and identical ballots. Seeded, so a failure
is the same instance every time; on a disagreement the instance is written to test-artifacts."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest
from gmpy2 import mpq
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Project
from pabutools.election import Instance as Reference
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from toolkit.formats.pabulib import Instance, write_pb
from toolkit.projects.budget_rules import equal_shares, equal_shares_completed, greedy

from .browser import ARTIFACTS


def reference(inst: Instance) -> tuple[set[str], set[str], set[str]]:
    """pabutools' greedy, MES and MES with Add1, given the project's own tie orders."""
    q = lambda x: mpq(x.numerator, x.denominator)  # noqa: E731
    projects = {p: Project(p, q(inst.cost(p))) for p in inst.projects}
    ref = Reference(projects.values(), budget_limit=q(inst.budget))
    profile = ApprovalProfile([ApprovalBallot({projects[p] for p in vote}) for vote in inst.votes], instance=ref)
    counts = {p: sum(p in v for v in inst.votes) for p in inst.projects}
    by_cost = TieBreakingRule(lambda i, prof, project: (inst.cost(project.name), project.name))
    by_votes = TieBreakingRule(lambda i, prof, project: (-counts[project.name], project.name))
    names = lambda outcome: {p.name for p in outcome}  # noqa: E731
    return (names(greedy_utilitarian_welfare(ref, profile, sat_class=Cost_Sat, tie_breaking=by_cost)),
            names(method_of_equal_shares(ref, profile, sat_class=Cost_Sat, tie_breaking=by_votes)),
            names(method_of_equal_shares(ref, profile, sat_class=Cost_Sat, tie_breaking=by_votes,
                                         voter_budget_increment=1)))


def generate(rng: random.Random, m: int, n: int) -> Instance:
    """One instance; its features drawn so that each kind of hard case turns up often."""
    costs = []
    for _ in range(m):
        kind = rng.random()
        if kind < 0.08:
            costs.append(Fraction(0))                                   # free
        elif kind < 0.35:
            costs.append(Fraction(rng.randint(1, 2000), 100))           # decimal, like 12.35
        elif kind < 0.55 and costs:
            costs.append(rng.choice(costs))                             # the same cost as another
        else:
            costs.append(Fraction(rng.choice([1, 5, 10, 20, 50, 100]) * rng.randint(1, 40)))
    ids = [str(i) for i in range(1, m + 1)]
    rng.shuffle(ids)
    popularity = [0.0 if rng.random() < 0.12 else rng.random() for _ in range(m)]   # some nobody approves
    twins = {j: rng.randrange(m) for j in range(m) if rng.random() < 0.1}             # identical projects
    for j, other in twins.items():
        costs[j], popularity[j] = costs[other], popularity[other]
    blocs = [[rng.random() < popularity[j] for j in range(m)] for _ in range(rng.randint(1, 6))]
    votes = []
    for _ in range(n):
        if rng.random() < 0.5:                                          # identical ballots
            marks = rng.choice(blocs)
        else:
            marks = [rng.random() < popularity[j] for j in range(m)]
        for j, other in twins.items():
            marks[j] = marks[other]
        votes.append([ids[j] for j in range(m) if marks[j]])
    total = sum(costs)
    kind = rng.random()
    positive = [c for c in costs if c > 0] or [Fraction(1)]
    if kind < 0.1:
        budget = min(positive) - Fraction(1, 100) if min(positive) > Fraction(1, 100) else Fraction(0)   # fits none
    elif kind < 0.2:
        budget = total + rng.choice([0, 1])                                                              # fits all
    elif kind < 0.4:
        budget = sum(rng.sample(costs, k=max(1, m // 3)))                                                # spent exactly
    else:
        budget = Fraction(int(total * rng.randint(10, 90)), 100) + Fraction(rng.randint(0, 99), 100)
    return Instance(meta={"budget": _decimal(budget), "vote_type": "approval"},
                    projects={ids[j]: {"project_id": ids[j], "cost": _decimal(costs[j])} for j in range(m)},
                    votes=votes)


def _decimal(x: Fraction) -> str:
    """As a .pb file writes it (every generated amount has at most two decimals)."""
    cents = x * 100
    assert cents.denominator == 1
    return f"{cents.numerator // 100}.{cents.numerator % 100:02d}"


# (seed, projects, voters): mostly small (where ties are the rule), some up to 60 × 2,000.
SIZES = [(s, m, n) for s, (m, n) in enumerate(
    [(5, 20), (6, 25), (8, 40), (10, 30), (5, 100), (12, 60), (7, 20), (15, 50), (20, 100), (9, 200)] * 6
    + [(30, 500), (40, 800), (60, 300), (25, 2000), (60, 2000)])]


@pytest.mark.parametrize("seed,m,n", SIZES)
def test_each_rule_agrees_with_pabutools(seed, m, n):
    inst = generate(random.Random(seed), m, n)
    ours = set(greedy(inst)), set(equal_shares(inst)), set(equal_shares_completed(inst))
    theirs = reference(inst)
    if ours != theirs:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"budget-disagreement-{seed}.pb").write_text(write_pb(inst), encoding="utf-8")
    assert ours == theirs, {"rule": ["greedy", "MES", "MES+Add1"][[a == b for a, b in zip(ours, theirs)].index(False)]}


def test_the_generator_makes_the_hard_cases():
    """Not a rule test: the instances above do contain what they are meant to."""
    insts = [generate(random.Random(seed), m, n) for seed, m, n in SIZES]
    counted = {p: sum(p in v for v in i.votes) for i in insts[:1] for p in i.projects}
    assert counted
    assert any(i.cost(p) == 0 for i in insts for p in i.projects)
    assert any(not any(p in v for v in i.votes) for i in insts for p in i.projects)
    assert any(i.cost(p).denominator > 1 for i in insts for p in i.projects)
    assert any(i.budget < min((i.cost(p) for p in i.projects if i.cost(p) > 0), default=1) for i in insts)
    assert any(i.budget >= sum(i.cost(p) for p in i.projects) for i in insts)
    assert max(len(i.votes) for i in insts) == 2000 and max(len(i.projects) for i in insts) == 60
