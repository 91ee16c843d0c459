"""The corpus: a SQLite store of page results, duplicates merged into stories, batch runs, exports."""
from .store import AddSummary, Store

__all__ = ["Store", "AddSummary"]
