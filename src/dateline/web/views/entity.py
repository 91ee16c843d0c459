"""The entity page: the stories that name an entity, and its mentions over time as a server-drawn chart."""
from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request

from ..app import respond
from ..db import Corpus, loads
from ..errors import NotFound

router = APIRouter()

CHART_W, CHART_H, CHART_PAD = 640, 180, 28  # px; the SVG scales with the page, these fix its proportions


@router.get("/entity/{name:path}.json", summary="An entity's mentions (JSON)")
@router.get("/entity/{name:path}", summary="An entity's mentions")
def entity_page(request: Request, name: str):
    settings = request.app.state.settings
    return respond(request, "entity.html", entity(request.app.state.corpus, name, settings["max_list"]))


def entity(corpus: Corpus, name: str, limit: int) -> dict[str, Any]:
    rows = corpus.rows(
        "SELECT e.type, e.aliases_json, e.mentions, v.story_id, v.headline, "
        "COALESCE(v.published, v.updated, st.first_seen) AS date FROM entities e "
        "JOIN versions v ON v.id = e.version_id JOIN stories st ON st.id = v.story_id AND st.latest_version = v.id "
        "WHERE e.name = ? ORDER BY date DESC LIMIT ?", (name, limit))
    if not rows:
        raise NotFound(f"no story names {name!r} in this corpus")
    types = Counter(r["type"] for r in rows if r["type"])
    aliases = Counter(a for r in rows for a in loads(r.pop("aliases_json"), []) if a != name)
    series = mentions_by_month(rows)
    return {
        "name": name,
        "type": types.most_common(1)[0][0] if types else None,
        "aliases": [a for a, _ in aliases.most_common(30)],
        "stories": rows,
        "series": series,
        "chart": bar_chart(series),
        "truncated": len(rows) == limit,
    }


def mentions_by_month(rows: list[dict]) -> list[dict]:
    """Mentions summed per month (YYYY-MM), oldest first; undated stories are left out of the chart."""
    months: Counter = Counter()
    stories: Counter = Counter()
    for r in rows:
        month = (r["date"] or "")[:7]
        if len(month) == 7:
            months[month] += r["mentions"] or 1
            stories[month] += 1
    return [{"month": m, "mentions": months[m], "stories": stories[m]} for m in sorted(months)]


def bar_chart(series: list[dict]) -> dict[str, Any]:
    """Bar geometry for the inline SVG: computed here so the template only places rectangles."""
    if not series:
        return {"width": CHART_W, "height": CHART_H, "bars": [], "max": 0}
    top = max(s["mentions"] for s in series)
    inner_w, inner_h = CHART_W - 2 * CHART_PAD, CHART_H - 2 * CHART_PAD
    step = inner_w / len(series)
    bars = []
    for i, s in enumerate(series):
        h = inner_h * s["mentions"] / top if top else 0
        bars.append({"x": round(CHART_PAD + i * step + step * 0.1, 1), "y": round(CHART_PAD + inner_h - h, 1),
                     "w": round(step * 0.8, 1), "h": round(h, 1), "label": s["month"], "value": s["mentions"],
                     "label_x": round(CHART_PAD + (i + 0.5) * step, 1)})
    # label every month when few, else about eight evenly spaced ones so labels never overlap
    every = max(1, len(series) // 8)
    for i, b in enumerate(bars):
        b["show_label"] = i % every == 0
    return {"width": CHART_W, "height": CHART_H, "bars": bars, "max": top,
            "baseline": CHART_PAD + inner_h, "pad": CHART_PAD}
