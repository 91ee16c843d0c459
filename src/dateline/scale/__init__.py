"""Scale-out on Dask: tasks (tasks.py) write Parquet shards (shards.py) on the workers of a cluster
(dask_runner.py); `dateline load` merges the shards into a corpus store (load.py).

    from dateline.scale import dask_client, run_on_dask, load_shards

The names are imported on first use, so `import dateline` (or `import dateline.scale`) does not import
Dask or pyarrow.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dask_runner import DaskSummary, dask_client, run_on_dask
    from .load import load_shards

_HOMES = {"run_on_dask": "dask_runner", "dask_client": "dask_runner", "DaskSummary": "dask_runner",
          "load_shards": "load"}
__all__ = ["DaskSummary", "dask_client", "load_shards", "run_on_dask"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
