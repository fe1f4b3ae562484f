"""Reports: a report model shown in notebooks and printed as PDF, the registry by name, notebook runs."""
