"""Which site a dev page comes from: its registered domain, for folds that hold a whole site out.

Each set's gold names the page's URL (`source.url`; wcxb also `source.domain`). A page kept by the
Internet Archive is the archived site's, not archive.org's. A page of several stories (`multi`) is
made of fundus pages (`source.pages`): it belongs to all of their sites. Pages with no URL (a few in
trafilatura) are a site of their own. Hosted blogs (x.substack.com, y.blogspot.com) count as one
site, the host's: they share its template, which is what a model could learn from one and apply to
the other.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

# second-level labels under a country code that are registries, not sites (bbc.co.uk, abc.net.au)
SECOND_LEVEL = frozenset(("co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go", "gv", "nic", "mil"))
ARCHIVED = re.compile(r"^/web/\d+[a-z_]*/(.+)$")


def registered_domain(url: str | None) -> str | None:
    """'https://www.bbc.co.uk/news/x' -> 'bbc.co.uk'; an archived page's own site; None without a host."""
    if not url:
        return None
    parts = urlparse(url if "//" in url else "//" + url)
    host = (parts.hostname or "").lower().rstrip(".")
    if host.endswith("archive.org"):
        m = ARCHIVED.match(parts.path)
        if m:
            return registered_domain(m.group(1))
    labels = [x for x in host.split(".") if x]
    if len(labels) < 2:
        return host or None
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def page_sites(setname: str, stem: str, gold: dict, dev: Path) -> tuple[str, ...]:
    """The sites a dev page comes from (one, except for pages of several stories)."""
    src = gold.get("source", {})
    if setname == "multi":
        return tuple(sorted({s for p in src.get("pages", []) for s in _fundus_site(str(dev), p)}))
    site = registered_domain(src.get("url")) or registered_domain(src.get("domain"))
    return (site or f"{setname}:{stem}",)


@lru_cache(maxsize=None)
def _fundus_site(dev: str, stem: str) -> tuple[str, ...]:
    gold = json.loads((Path(dev) / "fundus" / "gold" / f"{stem}.gold.json").read_text())
    return page_sites("fundus", stem, gold, Path(dev))
