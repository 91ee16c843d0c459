"""The entity page: the stories that name an entity, and its mentions over time as a server-drawn chart."""
from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request

from ..render import respond
from ..db import Corpus, loads
from ..errors import NotFound

router = APIRouter()

CHART_W, CHART_H, CHART_PAD = 640, 180, 28  # px; the SVG scales with the page, these fix its proportions
MAX_MONTHS = 120  # ten years of monthly bars is as many as 640 px can show apart
MAX_BAR_W = 48  # px; one or two months would otherwise be slabs across the whole chart


# decorators register bottom-up: the .json route must come first, or `{name:path}` would
# swallow the suffix into the name
@router.get("/entity/{name:path}", summary="An entity's mentions")
@router.get("/entity/{name:path}.json", summary="An entity's mentions (JSON)")
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
    months: Counter = Counter()  # a Counter gives 0 for the quiet months filled in below
    stories: Counter = Counter()
    for r in rows:
        month = (r["date"] or "")[:7]
        if len(month) == 7:
            months[month] += r["mentions"] or 1
            stories[month] += 1
    return [{"month": m, "mentions": months[m], "stories": stories[m]} for m in _month_range(sorted(months))]


def _month_range(present: list[str]) -> list[str]:
    """Every month from the first to the last, so quiet months show as gaps on a time axis; a span
    past MAX_MONTHS (a misread year) keeps only the months that have mentions."""
    if not present:
        return []
    (y0, m0), (y1, m1) = (map(int, present[0].split("-")), map(int, present[-1].split("-")))
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > MAX_MONTHS:
        return present
    return [f"{y0 + (m0 - 1 + i) // 12:04d}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(span)]


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
        w = min(step * 0.8, MAX_BAR_W)
        bars.append({"x": round(CHART_PAD + (i + 0.5) * step - w / 2, 1), "y": round(CHART_PAD + inner_h - h, 1),
                     "w": round(w, 1), "h": round(h, 1), "label": s["month"], "value": s["mentions"],
                     "label_x": round(CHART_PAD + (i + 0.5) * step, 1)})
    # label every month when few, else about eight evenly spaced ones so labels never overlap
    every = max(1, len(series) // 8)
    for i, b in enumerate(bars):
        b["show_label"] = i % every == 0
    return {"width": CHART_W, "height": CHART_H, "bars": bars, "max": top,
            "baseline": CHART_PAD + inner_h, "pad": CHART_PAD}
