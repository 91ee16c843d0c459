"""Training that makes the same model files on any x86-64 machine.

numpy chooses its vector code by the CPU it runs on, and with AVX2 or AVX-512 its sums and percentiles
differ from the plain code's in the last bits: the trees' bin thresholds do, and from them the splits of
the models trained on other models' scores. `make train` and `make train-check` (tools/train.py,
tools/train_quotes.py) run again in a fresh interpreter with those paths off (NPY_DISABLE_CPU_FEATURES,
which numpy reads once, when it is imported), so the shipped files are what any such machine makes.
Until 2026-12-08 (session 41) an AVX-512 machine made all eight of them differently.
"""
from __future__ import annotations

import os
import platform
import subprocess
import sys

from tools.evaluate import REPO

SIMD_OFF = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"  # numpy's dispatch targets above the x86-64-v2 baseline


def reproducible_env() -> dict[str, str] | None:
    """The environment to train in, or None where this process already runs so or is not x86-64."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return None
    if os.environ.get("NPY_DISABLE_CPU_FEATURES") == SIMD_OFF:
        return None
    return {**os.environ, "NPY_DISABLE_CPU_FEATURES": SIMD_OFF}


def in_reproducible_process(module: str, args: list[str], capture: bool = False) -> int | None:
    """Run `python -m module args` again in a fresh interpreter with numpy's CPU-specific code off, and
    return its exit code; None where this process already runs so (then the caller goes on itself).
    `capture`: its output is printed from here when it ends (a test reads it), else it streams."""
    env = reproducible_env()
    if env is None:
        return None
    cmd = [sys.executable, "-m", module, *args]
    if not capture:
        return subprocess.run(cmd, env=env, cwd=REPO).returncode
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    print(done.stdout, end="", flush=True)
    print(done.stderr, end="", file=sys.stderr, flush=True)
    return done.returncode
