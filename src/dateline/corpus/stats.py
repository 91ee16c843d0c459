"""What a corpus holds, as plain data (the `dateline stats` table and the explorer both show it)."""
from __future__ import annotations

from typing import Any

from .store import Store


def corpus_stats(store: Store, top: int = 10) -> dict[str, Any]:
    """Totals, errors by reason, the top sites (by pages) and languages (by stories)."""
    q = store.conn.execute

    def one(sql: str) -> int:
        return q(sql).fetchone()[0]

    totals = {
        "sources": one("SELECT count(*) FROM sources"),
        "sources_ok": one("SELECT count(*) FROM sources WHERE status = 'ok'"),
        "sources_skipped": one("SELECT count(*) FROM sources WHERE status = 'skipped'"),
        "sources_failed": one("SELECT count(*) FROM sources WHERE status = 'error'"),
        "stories": one("SELECT count(*) FROM stories"),
        "versions": one("SELECT count(*) FROM versions"),
        "stories_on_several_pages": one("SELECT count(*) FROM (SELECT story_id FROM story_sources GROUP BY story_id"
                                        " HAVING count(DISTINCT source_id) > 1)"),
        "stories_with_several_versions": one("SELECT count(*) FROM (SELECT story_id FROM versions GROUP BY story_id"
                                             " HAVING count(*) > 1)"),
        "images": one("SELECT count(*) FROM images"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "entities": one("SELECT count(*) FROM entities"),
    }
    errors = q("SELECT reason, count(DISTINCT source_id) FROM errors GROUP BY reason ORDER BY 2 DESC, 1").fetchall()
    sites = q("SELECT coalesce(site, '(no URL)'), count(*) FROM sources GROUP BY site ORDER BY 2 DESC, 1 LIMIT ?",
              (top,)).fetchall()
    # one row per language: en-US and en-GB are both "en" (the primary subtag)
    languages = q("SELECT coalesce(lower(CASE WHEN instr(language, '-') > 0 THEN substr(language, 1, "
                  "instr(language, '-') - 1) ELSE language END), '(unknown)') AS lang, count(*) FROM stories "
                  "GROUP BY lang ORDER BY 2 DESC, 1 LIMIT ?", (top,)).fetchall()
    return {"totals": totals, "errors_by_reason": [tuple(r) for r in errors],
            "sites": [tuple(r) for r in sites], "languages": [tuple(r) for r in languages]}
