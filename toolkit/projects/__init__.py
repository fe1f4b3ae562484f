"""Livelihood projects (民生实事项目票决制): proposals, the vote and its secret ballot box, the count,
supervision of the chosen projects."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "proposals": ["open_call", "get_call", "list_calls", "propose", "propose_from_case", "project_cases", "support",
                  "get_proposal", "merge", "screen", "window_left", "default_window"],
    "votes": ["create_vote", "get_vote", "add_candidate", "add_from_reserve", "candidates", "ballot_advice",
              "advice_for", "open_vote", "close_and_count", "result_of", "create_runoff", "list_votes",
              "candidate_rows", "registered"],
    "ballots": ["new_code", "issue_ballots", "reissue_codes", "cast", "ballot_for_code", "cast_with_code",
                "record_paper_ballots"],
    "box": ["turnout", "fingerprint", "published_box", "find_receipt"],
    "announce": ["announcement", "announcement_html", "announcement_xlsx", "announcement_pdf"],
    "export": ["vote_instance", "vote_pb", "budget_analysis"],
    "slips": ["ballot_url", "code_slips"],
    "paper_sheets": ["read_ballot_sheet"],
    "supervision": ["get_project", "add_milestone", "reach_milestone", "report_progress", "inspect", "complete",
                    "list_projects", "project_timeline", "evaluate_projects", "project_evaluations"],
    "budget_rules": ["greedy", "equal_shares", "equal_shares_completed"],
})
