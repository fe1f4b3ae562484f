"""Deputies' duties (履职): activities and attendance, duty standards and points, the rota, the archive."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "activities": ["ActivityForm", "check_activity", "log_activity", "list_activities", "add_duty_record",
                   "case_ids"],
    "standards": ["Requirement", "RuleSet", "standards_dir", "parse_rules", "load_rules", "available_rules",
                  "parse_period", "evaluate_deputies", "evaluate_stations"],
    "points": ["county_of", "duty_points"],
    "rota": ["RotaPlan", "suits", "plan_rota", "save_rota", "mark_unavailable", "plan_table", "saved_rota"],
    "rota_print": ["rota_title", "rota_html", "rota_pdf"],
    "archive": ["Archive", "deputy_archive", "archive_html", "archive_pdf", "station_archives",
                "station_archive_pdf", "station_archive_html"],
})
