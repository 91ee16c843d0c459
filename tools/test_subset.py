"""The fixed subset of ../shared/data/dev that the tests read, copied into tests/data/dev.

    python -m tools.test_subset            # copy the pages listed in tests/data/dev/MANIFEST from ../shared
    python -m tools.test_subset --collect  # run the tests (not the `shared` ones) against the full dev sets,
                                           # list every dev file they open, then copy those

The manifest is the one source of the subset: a fresh clone has the copies, and copying again from the
same ../shared gives the same bytes (tests/test_subset.py checks that they are equal to their originals).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
FULL_DEV = SHARED / "data" / "dev"
SUBSET = REPO / "tests" / "data" / "dev"
MANIFEST = SUBSET / "MANIFEST"

# an audit hook in every Python process the tests start (the CLI, servers, Dask workers): it writes
# down each file opened under the full dev sets
_HOOK = '''import os, sys
_LOG, _DEV = os.environ["DATELINE_OPEN_LOG"], os.path.realpath(os.environ["DATELINE_TEST_DEV"]) + os.sep
def _hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        p = os.path.realpath(os.fsdecode(args[0]))
        if p.startswith(_DEV):
            with open(_LOG, "a") as f:
                f.write(p[len(_DEV):] + "\\n")
sys.addaudithook(_hook)
'''


def manifest() -> list[str]:
    return [line for line in MANIFEST.read_text().splitlines() if line and not line.startswith("#")]


def collect() -> list[str]:
    """Run the tests with DATELINE_TEST_DEV at the full sets; the dev files they open, sorted."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "sitecustomize.py").write_text(_HOOK)
        log = Path(tmp) / "opened.txt"
        log.touch()
        env = {**os.environ, "DATELINE_TEST_DEV": str(FULL_DEV), "DATELINE_OPEN_LOG": str(log),
               "PYTHONPATH": os.pathsep.join(filter(None, [tmp, os.environ.get("PYTHONPATH")]))}
        cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-m", "not shared", "-p", "no:cacheprovider"]
        done = subprocess.run(cmd, cwd=REPO, env=env)
        if done.returncode != 0:
            raise SystemExit(f"the tests failed against the full dev sets (exit {done.returncode}); no subset made")
        return sorted(set(log.read_text().split()))


def copy(names: list[str]) -> int:
    size = 0
    for name in names:
        target = SUBSET / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FULL_DEV / name, target)
        size += target.stat().st_size
    return size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--collect", action="store_true", help="list the files anew by running the tests")
    args = ap.parse_args(argv)
    if not FULL_DEV.is_dir():
        raise SystemExit(f"no dev sets at {FULL_DEV}: the subset is copied from there")
    if args.collect:
        names = collect()
        MANIFEST.parent.mkdir(parents=True, exist_ok=True)
        MANIFEST.write_text("# made by python -m tools.test_subset --collect: the dev files the tests read\n"
                            + "".join(n + "\n" for n in names))
    names = manifest()
    for old in SUBSET.rglob("*"):  # a page the tests no longer read goes
        if old.is_file() and old != MANIFEST and str(old.relative_to(SUBSET)) not in names:
            old.unlink()
    size = copy(names)
    print(f"{len(names)} files, {size / 1e6:.1f} MB in {SUBSET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
