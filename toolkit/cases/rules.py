"""The case life cycle as data: which action goes from which states to which state."""
from __future__ import annotations

from ..core.glossary import CASE_ACTIONS, CASE_STATES

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "register": (frozenset({"collected"}), "registered"),
    "resolve_on_site": (frozenset({"registered"}), "answered"),
    "assign": (frozenset({"registered"}), "assigned"),
    "to_suggestion": (frozenset({"registered"}), "assigned"),
    "transfer": (frozenset({"assigned", "accepted", "in_progress"}), "assigned"),
    "accept": (frozenset({"assigned"}), "accepted"),
    "progress": (frozenset({"accepted", "in_progress"}), "in_progress"),
    "answer": (frozenset({"accepted", "in_progress"}), "answered"),
    "evaluate": (frozenset({"answered"}), "evaluated"),  # 不满意 leads to in_progress instead
    "conclude": (frozenset({"answered", "evaluated"}), "concluded"),
}
# Past its deadline and not yet answered: overdue.
WAITING_FOR_ANSWER = frozenset({"assigned", "accepted", "in_progress"})
# The one end of the life cycle: every "still open?" question compares with it.
CONCLUDED = "concluded"


def allowed_actions(state: str) -> list[str]:
    """The actions offered for a case in `state`, in life-cycle order."""
    return [a for a, (sources, _) in TRANSITIONS.items() if state in sources]


def refusal(action: str, state: str) -> str:
    """Why `action` cannot be taken from `state`, in Chinese."""
    sources = "、".join(CASE_STATES[s] for s in sorted(TRANSITIONS[action][0],
                                                     key=list(CASE_STATES).index))
    return (f"当前状态为「{CASE_STATES[state]}」，不能{CASE_ACTIONS[action]}"
            f"（只有「{sources}」状态的案件可以{CASE_ACTIONS[action]}）")
