"""联络站工作台 toolkit: the domain of deputy liaison stations, for apps and analysts.

    import toolkit
    db = toolkit.connect()                      # the configured database
    with db.reader() as s:
        toolkit.coverage_by_level(s)            # a DataFrame
"""
from .coverage import coverage_by_level, coverage_by_station, coverage_summary, unenrolled_ids
from .db import Database, connect
from .deputies import create_deputy, get_deputy, read_deputy, set_resident, update_deputy
from .deputy_fields import COLUMNS as ROSTER_COLUMNS
from .deputy_fields import REQUIRED as ROSTER_REQUIRED
from .deputy_search import (
    DeputyFilter, all_matching_ids, count_deputies, deputy_rows, distinct_values, search_deputies,
)
from .enrolment import enrol, move_history, unenrol
from .errors import FieldError, ImportRejected, NotFound, RowError, ToolkitError, ValidationFailed
from .roster import apply_roster_import, export_roster, plan_roster_import, roster_template
from .station_import import apply_station_import, export_stations, plan_station_import
from .stations import add_station, close_station, move_station, rename_station, station_tree
from .tables import read_table

__all__ = [name for name in dir() if not name.startswith("_")]
