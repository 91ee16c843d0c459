"""Scale-out on Dask: tasks (tasks.py) write Parquet shards (shards.py) on the workers of a cluster
(dask_runner.py); `dateline load` merges the shards into a corpus store (load.py)."""
