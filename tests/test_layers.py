"""Layers point one way: the import-linter contract in pyproject.toml holds, it would catch an arrow
that climbs back up, and no module imports itself round a circle (and a circle added on purpose is found)."""
import shutil
import subprocess
import sys
from pathlib import Path

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


CYCLES = """
import grimp
graph = grimp.build_graph("dateline", cache_dir=None)
for m in sorted(graph.modules):
    for imported in sorted(graph.find_modules_directly_imported_by(m)):
        if imported != m and graph.chain_exists(importer=imported, imported=m):
            print(m, "->", imported)
"""


def _cycles(src: Path) -> list[str]:
    """Each import of a module whose target imports it back, directly or round a longer circle."""
    done = subprocess.run([sys.executable, "-c", CYCLES], env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_no_import_cycles():
    cycles = _cycles(REPO / "src")
    assert not cycles, f"modules that import each other round a circle: {cycles}"


def test_a_circle_is_found(tmp_path):
    """The same tree with one circle added (read/page.py importing read/inputs.py, which imports it) fails."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "dateline", src / "dateline", ignore=shutil.ignore_patterns("__pycache__"))
    page = src / "dateline" / "read" / "page.py"
    page.write_text(page.read_text() + "\nfrom . import inputs  # noqa: E402,F401\n")
    cycles = _cycles(src)
    assert "dateline.read.page -> dateline.read.inputs" in cycles
    assert "dateline.read.inputs -> dateline.read.page" in cycles
