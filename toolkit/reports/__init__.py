"""Reports: a report model shown in notebooks and printed as PDF, the registry by name, notebook runs."""
from ..core.lazy import lazy_exports

# The services a caller needs, by the module that holds them (loaded on first use).
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "registry": ["ReportSpec", "build"],
    "run": ["with_parameters", "run_report_html", "execute_report", "notebook_html"],
})
