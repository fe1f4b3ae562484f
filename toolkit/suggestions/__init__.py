"""代表建议: a deputy's suggestion from 提出 through 交办, 答复 (A/B/C) and the deputy's opinion to
落实 — imported from the county's sheet, counted, exported."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "importer": ["SuggestionPlan", "plan_suggestion_import", "apply_suggestion_import"],
    "figures": ["suggestion_figures"],
    "export": ["export_suggestions"],
    "due": ["months_after", "answer_due"],
    "queries": ["SuggestionFilter", "count_suggestions", "list_suggestions", "suggestion_detail", "key_suggestions"],
})
