"""The corpus: a SQLite store of page results, duplicates merged into stories, batch runs, exports.

    from dateline.corpus import Store, Runner
"""
from .runner import Runner, RunSummary
from .store import AddSummary, Store

__all__ = ["Store", "AddSummary", "Runner", "RunSummary"]
