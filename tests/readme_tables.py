"""docs/readme_tables.py (the README's generated tables) loaded for the tests: it is a script beside
the docs, in neither package."""
import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "docs" / "readme_tables.py"
_spec = importlib.util.spec_from_file_location("readme_tables", _PATH)
tables = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tables)
