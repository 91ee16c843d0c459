"""The package as a user meets it: the names the README's examples import, without pulling in Dask."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_public_names_are_where_a_user_looks():
    from dateline.corpus import Runner, Store
    from dateline.corpus.runner import Runner as RunnerHome
    from dateline.corpus.store import Store as StoreHome
    from dateline.scale import dask_client, load_shards, run_on_dask
    from dateline.scale.dask_runner import dask_client as client_home, run_on_dask as run_home
    from dateline.scale.load import load_shards as load_home

    assert (Runner, Store, run_on_dask, dask_client, load_shards) == (
        RunnerHome, StoreHome, run_home, client_home, load_home)


def test_import_dateline_does_not_import_dask_or_spacy():
    code = ("import sys, dateline, dateline.scale, dateline.corpus; "
            "print(sorted(m for m in ('dask', 'distributed', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_license_and_type_marker_ship():
    assert "MIT License" in (REPO / "LICENSE").read_text()
    assert (REPO / "src" / "dateline" / "py.typed").exists()
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"py.typed"' in pyproject and 'license-files = ["LICENSE"]' in pyproject
