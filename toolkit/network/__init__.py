"""The station network and its deputies (代表编组进站): stations, deputies, seats, departments, enrolment,
rosters, coverage, the grids (网格) under the stations and the deputies' QR codes."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "stations": ["get_station", "check_placement", "add_station", "rename_station", "move_station", "close_station",
                 "station_tree"],
    "deputies": ["get_deputy", "find_twin", "apply_data", "create_deputy", "update_deputy", "deputy_record",
                 "read_deputy", "set_resident"],
    "deputy_search": ["DeputyFilter", "count_deputies", "search_deputies", "deputy_rows", "all_matching_ids",
                      "distinct_values"],
    "enrolment": ["record_move", "enrol", "unenrol", "move_history"],
    "roster": ["RowPlan", "ImportPlan", "plan_roster_import", "record_preview", "apply_roster_import",
               "export_roster", "template_header", "roster_template"],
    "station_import": ["StationRowPlan", "StationPlan", "plan_station_import", "apply_station_import",
                       "export_stations"],
    "coverage": ["coverage_summary", "coverage_by_level", "coverage_by_station", "unenrolled_ids"],
    "department_directory": ["add_department", "set_department_contacts", "department_contacts", "departments"],
    "grids": ["GridData", "save_grid", "delete_grid", "set_grid_deputies", "log_grid_contact", "station_grids",
              "grid_deputy_ids", "grid_count", "seated_deputies", "read_grid",
              "check_grid_name", "check_worker_mobile", "check_count"],
    "grid_import": ["GridPlan", "plan_grid_import", "apply_grid_import", "export_grids"],
    "grid_figures": ["grid_coverage", "quiet_grids", "quiet_days"],
    "qr": ["public_base", "ensure_token", "intake_url", "deputy_qr", "station_sheet"],
})
