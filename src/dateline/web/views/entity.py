"""The entity page: the stories that name an entity, and its mentions over time as a server-drawn chart."""
from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request

from ...corpus import queries
from ...corpus.reader import NotFound
from ..charts import bar_chart, per_month, undated_note
from ..render import respond

router = APIRouter()
MAX_ALIASES = 30  # spellings listed under the name; the rest are rare variants


# decorators register bottom-up: the .json route must come first, or `{name:path}` would
# swallow the suffix into the name
@router.get("/entity/{name:path}", summary="An entity's mentions")
@router.get("/entity/{name:path}.json", summary="An entity's mentions (JSON)")
def entity_page(request: Request, name: str):
    settings = request.app.state.settings
    return respond(request, "entity.html", entity(request.app.state.corpus.conn, name, settings["max_list"]))


def entity(conn, name: str, limit: int) -> dict[str, Any]:
    rows = queries.entity_stories(conn, name, limit)
    if not rows:
        raise NotFound(f"no story names {name!r} in this corpus")
    types = Counter(r["type"] for r in rows if r["type"])
    aliases = Counter(a for r in rows for a in r.pop("aliases") if a != name)
    months = per_month((r["date"], r["mentions"] or 1) for r in rows)
    return {
        "name": name,
        "type": types.most_common(1)[0][0] if types else None,
        "aliases": [a for a, _ in aliases.most_common(MAX_ALIASES)],
        "stories": rows,
        "undated": undated_note(sum(1 for r in rows if not r["date"]), "story", "stories"),
        "chart": bar_chart(months, "mentions"),
        "truncated": len(rows) == limit,
    }
