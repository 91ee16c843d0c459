"""The README and docs/ say only what is true: every doc is listed, every link leads somewhere, every
`from dateline… import …` they show imports, and every option they give a `dateline` command exists."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
PAGES = [README, *DOCS]
DATELINE = Path(sys.executable).with_name("dateline")
COMMANDS = ("extract", "export", "stats", "load", "serve")
README_MAX_LINES = 150  # the front door: details belong in docs/


def _code(page: Path) -> list[str]:
    """The lines of a page's fenced code blocks."""
    lines, inside = [], False
    for line in page.read_text().splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            lines.append(line)
    return lines


def test_readme_is_a_front_door():
    assert len(README.read_text().splitlines()) <= README_MAX_LINES


def test_every_doc_is_listed_in_the_docs_index():
    index = (REPO / "docs" / "README.md").read_text()
    missing = [d.name for d in DOCS if d.name != "README.md" and f"({d.name})" not in index]
    assert not missing, f"docs/README.md does not list {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_lead_somewhere(page):
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    broken = [t for t in targets if "://" not in t and not (page.parent / t).exists()]
    assert not broken, f"{page.name} links to {broken}, which are not in the repository"


def test_the_imports_the_docs_show_work():
    imports = sorted({line.strip() for page in PAGES for line in _code(page)
                      if re.match(r"\s*from dateline[\w.]* import ", line) or re.match(r"\s*import dateline", line)})
    assert imports, "no import of dateline found in README.md or docs/"
    program = "\n".join(f"try:\n    {i}\nexcept ImportError as exc:\n    print({i!r}, '->', exc)" for i in imports)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", f"imports shown in the docs that fail:\n{done.stdout}"


def _shown_options() -> dict[str, set[str]]:
    """Each `dateline COMMAND` the README and docs show, with the options they give it."""
    shown: dict[str, set[str]] = {c: set() for c in COMMANDS}
    for page in PAGES:
        for line in _code(page):
            for command, rest in re.findall(r"\bdateline (" + "|".join(COMMANDS) + r")\b([^|&;#]*)", line):
                shown[command].update(re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest))
    table = README.read_text().split("## The command line", 1)[1].split("\n## ", 1)[0]
    for row in table.splitlines():
        if row.startswith("| `--"):  # the options table of `dateline extract`
            shown["extract"].update(re.findall(r"`(--[a-z][a-z-]*)", row))
    return shown


def test_every_option_shown_exists():
    shown = _shown_options()
    assert shown["extract"] >= {"--out-dir", "--db", "--dask", "--timeout"}  # the parsing found them
    unknown = []
    for command, options in shown.items():
        help_text = subprocess.run([str(DATELINE), command, "--help"], capture_output=True, text=True,
                                   timeout=120, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"}).stdout
        unknown += [f"dateline {command} {o}" for o in sorted(options)
                    if not re.search(re.escape(o) + r"\b", help_text)]
    assert not unknown, f"options the docs show that the command does not have: {unknown}"
