"""Tidy data for analysts: one row per thing, typed, built by the database, within the user's
scope (an analyst's 分析员 role masks names). Every function takes `db=` (a Database or a Session),
else reads the connection `use(db)` set, else `toolkit.connect()`.

    import toolkit
    from toolkit import analysis
    analysis.use(toolkit.connect(user="li.fx"))
    df = analysis.cases("2026-01-01", "2026-03-31")
    analysis.labels(df.head())                  # the columns in Chinese, for display and export

Columns, their Chinese labels and meanings: `toolkit.analysis.columns.FRAMES` (and the README)."""
from ..core.lazy import lazy_exports

_EXPORTS = {
    "case_data": ["cases", "case_events"],
    "people": ["deputies", "activities", "attendances", "duty_status"],
    "pairing_data": ["pairings", "contacts"],
    "grid_data": ["grids"],
    "evaluation_data": ["evaluations"],
    "project_data": ["projects", "votes"],
    "suggestion_data": ["suggestions"],
    "columns": ["labels"],
    "source": ["use"],
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
