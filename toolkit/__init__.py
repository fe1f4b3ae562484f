"""联络站工作台 toolkit: the domain of deputy liaison stations, for apps and analysts.

    import toolkit
    db = toolkit.connect(user="wang.fx")        # the configured database, as a user of the apps
    with db.reader() as s:
        toolkit.coverage_by_level(s)            # a DataFrame
    toolkit.analysis.cases("2026-01-01", "2026-03-31", db=db)   # tidy frames for analysts

Without `user` (and outside JupyterHub) the connection is the command line's: the machine's
own administrator, unmasked.

Names load on first use, so the CLI starts without pandas.
"""
from .core.lazy import lazy_exports

_EXPORTS = {
    "network.coverage": ["coverage_by_level", "coverage_by_station", "coverage_summary", "unenrolled_ids"],
    "core.db": ["Database"],
    "admin.identity": ["connect"],
    "network.deputies": ["create_deputy", "get_deputy", "read_deputy", "set_resident", "update_deputy"],
    "network.deputy_search": ["DeputyFilter", "all_matching_ids", "count_deputies", "deputy_rows",
                      "distinct_values", "search_deputies"],
    "network.enrolment": ["enrol", "move_history", "unenrol"],
    "core.errors": ["FieldError", "ImportRejected", "NotFound", "RowError", "ToolkitError",
               "ValidationFailed"],
    "network.roster": ["apply_roster_import", "export_roster", "plan_roster_import", "roster_template"],
    "network.station_import": ["apply_station_import", "export_stations", "plan_station_import"],
    "network.stations": ["add_station", "close_station", "move_station", "rename_station", "station_tree"],
    "formats.spreadsheets": ["read_table"],
}
_ALIASES = {"ROSTER_COLUMNS": ("network.deputy_fields", "COLUMNS"),
            "ROSTER_REQUIRED": ("network.deputy_fields", "REQUIRED")}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS, _ALIASES, subpackages=("analysis",))
