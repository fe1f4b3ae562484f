"""Mentoring pairings (三联结对): who may mentor whom, the plan, contacts and their health."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "services": ["capacity", "active_load", "create_pairing", "get_pairing", "end_pairing", "reassign",
                 "log_contact", "end_term_pairings", "set_committee_role"],
    "queries": ["PairingFilter", "count_pairings", "list_pairings", "contacts", "network", "committee_shortfalls"],
    "plan": ["Target", "Suggestion", "Plan", "suggest_plan", "first_fit", "accept"],
    "export": ["export_pairings"],
})
