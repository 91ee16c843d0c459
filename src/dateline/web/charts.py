"""Bar charts on a true time axis, drawn on the server as SVG geometry (the template only places
rectangles): every month from the first dated value to the last has its slot, so a quiet month is a
gap, and a span too long for months is shown in years, never as months set side by side."""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

CHART_W, CHART_H, CHART_PAD = 640, 180, 28  # px; the SVG scales with the page, these fix its proportions
MAX_MONTH_SLOTS = 120  # ten years of months is as many as 640 px can show apart; longer spans go by year
MAX_BAR_W = 48  # px; one or two slots would otherwise be slabs across the whole chart
MAX_LABELS = 8  # tick labels that fit under 640 px without overlapping


def per_month(items: Iterable[tuple[str | None, int]]) -> Counter:
    """(date, weight) -> weight per 'YYYY-MM'; undated items and dates without a month are left out."""
    months: Counter = Counter()
    for date, weight in items:
        month = (date or "")[:7]
        if len(month) == 7 and month[:4].isdigit() and month[5:7].isdigit() and month[4] == "-":
            months[month] += weight
    return months


def undated_note(n: int, one: str, many: str) -> str:
    """What the chart leaves out: '3 undated stories'; '' for none."""
    return f"{n} undated {one if n == 1 else many}" if n else ""


def time_series(months: Counter) -> tuple[str, list[dict[str, Any]]]:
    """('month' or 'year', [{slot, value}]): every slot from the first to the last, quiet ones as 0."""
    if not months:
        return "month", []
    present = sorted(months)
    (y0, m0), (y1, m1) = ((int(m[:4]), int(m[5:7])) for m in (present[0], present[-1]))
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span <= MAX_MONTH_SLOTS:
        slots = [f"{y0 + (m0 - 1 + i) // 12:04d}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(span)]
        return "month", [{"slot": s, "value": months.get(s, 0)} for s in slots]
    years: Counter = Counter()
    for m, n in months.items():
        years[m[:4]] += n
    return "year", [{"slot": f"{y:04d}", "value": years.get(f"{y:04d}", 0)} for y in range(y0, y1 + 1)]


def bar_chart(months: Counter, unit: str) -> dict[str, Any]:
    """Bar geometry for the inline SVG: one slot per month (or year), bars as tall as their value."""
    step_name, series = time_series(months)
    if not series:
        return {"width": CHART_W, "height": CHART_H, "bars": [], "max": 0, "step": step_name, "series": []}
    top = max(s["value"] for s in series)
    inner_w, inner_h = CHART_W - 2 * CHART_PAD, CHART_H - 2 * CHART_PAD
    step = inner_w / len(series)
    w = min(max(step * 0.8, 1.0), MAX_BAR_W)
    labelled = _labelled(series, step_name)
    bars = []
    for i, s in enumerate(series):
        h = inner_h * s["value"] / top if top else 0
        centre = CHART_PAD + (i + 0.5) * step
        bars.append({"x": round(centre - w / 2, 1), "y": round(CHART_PAD + inner_h - h, 1), "w": round(w, 1),
                     "h": round(h, 1), "label": s["slot"], "value": s["value"], "label_x": round(centre, 1),
                     "show_label": i in labelled, "title": f"{s['slot']}: {s['value']} {unit}"})
    return {"width": CHART_W, "height": CHART_H, "bars": bars, "max": top, "step": step_name, "series": series,
            "baseline": CHART_PAD + inner_h, "pad": CHART_PAD}


def _labelled(series: list[dict], step_name: str) -> set[int]:
    """Which slots get a tick label: all when few; else about MAX_LABELS, on Januaries for months."""
    if len(series) <= MAX_LABELS:
        return set(range(len(series)))
    if step_name == "year":
        every = -(-len(series) // MAX_LABELS)
        return set(range(0, len(series), every))
    januaries = [i for i, s in enumerate(series) if s["slot"].endswith("-01")]
    every = max(1, -(-len(januaries) // MAX_LABELS))
    return set(januaries[::every]) or {0}
