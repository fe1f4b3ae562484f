"""Satisfaction evaluations (满意度测评): rounds, codes, responses once, results and the verdict."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "services": ["create_round", "get_round", "add_target", "add_department_targets", "issue_codes",
                 "respondent_key", "submit", "correct", "close_round", "list_rounds", "targets_of", "items_of"],
    "results": ["formula_of", "round_results", "ranking", "comments"],
    "tally": ["tally_table"],
    "kiosk": ["kiosk_round", "targets_for_code", "answer"],
    "printing": ["kiosk_url", "code_slips", "result_sheet"],
})
