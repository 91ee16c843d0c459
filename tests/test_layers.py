"""Layers point one way: the import-linter contract in pyproject.toml holds, it would catch an arrow
that climbs back up, and no module imports itself round a circle."""
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]


def _lint(src: Path, config: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}
    return subprocess.run([*LINT, "--config", str(config), "--no-cache"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_layer_contract_is_kept():
    done = _lint(REPO / "src", REPO / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The same tree with one arrow turned upward (blocks importing the corpus) must fail the check."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "dateline", src / "dateline", ignore=shutil.ignore_patterns("__pycache__"))
    text = src / "dateline" / "blocks" / "text.py"
    text.write_text(text.read_text() + "\nfrom ..corpus import store  # noqa: E402,F401\n")
    done = _lint(src, REPO / "pyproject.toml")
    assert done.returncode != 0
    assert "dateline.blocks.text -> dateline.corpus.store" in done.stdout


def test_no_import_cycles():
    graph = grimp.build_graph("dateline")
    modules = sorted(graph.modules)
    cycles = []
    for m in modules:
        for imported in graph.find_modules_directly_imported_by(m):
            if imported != m and graph.chain_exists(importer=imported, imported=m):
                cycles.append((m, imported))
    assert not cycles, f"modules that import each other round a circle: {cycles}"
