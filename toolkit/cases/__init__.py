"""The citizen-opinion loop (社情民意闭环): intake, assignment, answer, evaluation, figures, ledgers."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "services": ["Opinion", "check_opinion", "next_number", "intake", "get_case", "actions_for", "act",
                 "supervise", "timeline"],
    "due": ["overdue_condition", "due_by_condition", "is_overdue"],
    "queries": ["CaseFilter", "within_scope", "handles_personal_data", "count_cases",
                "list_cases", "case_rows", "case_detail"],
    "stats": ["figures_query", "case_figures", "department_load"],
    "ledger_import": ["CasePlan", "Resolver", "parse_ledger_row", "ledger_key", "plan_ledger_import",
                      "apply_case_import"],
    "hotline": ["plan_hotline_import"],
    "export": ["export_cases"],
    "board": ["board_cases", "board_stages"],
    "public_intake": ["deputy_card", "client_key", "submit_opinion"],
})
