"""The explorer's settings: one declared table (`--setting NAME=VALUE`; `/docs` lists them)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: int | float | str
    help: str


SETTINGS = (
    Setting("page_size", 20, "search results per page"),
    Setting("facet_values", 10, "values listed per facet beside the results (a chosen one is always listed)"),
    Setting("max_download_rows", 100_000, "most rows one results download holds (?limit= asks for fewer)"),
    Setting("recent_searches", 64,
            "word searches whose matches are kept for paging, narrowing and downloads (0: none)"),
    Setting("snippet_tokens", 24, "tokens in each highlighted search snippet"),
    Setting("max_extract_bytes", 5 * 1024 * 1024, "largest page POST /api/extract accepts (413 above it)"),
    Setting("extract_timeout_s", 20.0, "time limit for one page posted to /api/extract (error E104 past it)"),
    Setting("extract_workers", 1, "worker processes for POST /api/extract (each one page at a time)"),
    Setting("extract_queue", 4, "pages POST /api/extract holds waiting for a worker (503 with Retry-After above it)"),
    Setting("allowed_hosts", "localhost,127.0.0.1,::1",
            "host names the explorer answers to (the Host header; --host is added): others get 400, so a "
            "DNS-rebinding page cannot read the corpus; a POST from another origin gets 403"),
    Setting("header_timeout_s", 10.0, "seconds a client has to send a request's headers, from connecting or "
            "from the end of its previous answer (408 and the connection closed past it)"),
    Setting("body_timeout_s", 30.0, "seconds a client has to send a request's body once its headers are in "
            "(408 and the connection closed past it)"),
    Setting("send_timeout_s", 30.0, "seconds an answer may wait for a client that does not read it "
            "(the connection is cut past it)"),
    Setting("max_connections", 512, "connections held at once, at most the open-file limit less 128: beyond "
            "them a new one closes the one that has waited longest for its headers"),
    Setting("max_list", 500, "rows shown on a person or entity page"),
)


def settings_with(overrides: dict | None = None) -> dict:
    values = {s.name: s.default for s in SETTINGS}
    for k, v in (overrides or {}).items():
        if k not in values:
            raise ValueError(f"unknown setting {k!r}; known: {', '.join(values)}")
        values[k] = type(values[k])(v)  # each setting keeps its default's type (int, float or str)
    return values
