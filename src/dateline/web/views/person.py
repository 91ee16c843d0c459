"""The person page: every quote by one person across the corpus, under every name the corpus gives
them (corpus/people.py), as a timeline: a chart of quotes per month and the quotes oldest first."""
from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ...corpus import queries
from ...corpus.people import People
from ...corpus.reader import NotFound
from ..charts import bar_chart, per_month, undated_note
from ..render import respond

router = APIRouter()


# decorators register bottom-up: the .json route must come first, or `{name:path}` would
# swallow the suffix into the name
@router.get("/person/{name:path}", summary="A person's quotes")
@router.get("/person/{name:path}.json", summary="A person's quotes (JSON)")
def person_page(request: Request, name: str):
    people = request.app.state.index.current().people
    person = people.person(name)
    if person is not None and person != name:
        # another of their names: the page lives under the name the corpus lists them by
        suffix = ".json" if request.url.path.endswith(".json") else ""
        return RedirectResponse(f"/person/{quote(person, safe='')}{suffix}", status_code=308)
    settings = request.app.state.settings
    return respond(request, "person.html", person_data(request.app.state.corpus.conn, name, people,
                                                       settings["max_list"]))


def person_data(conn, name: str, people: People, limit: int) -> dict[str, Any]:
    if people.person(name) is None:
        why = people.rejected.get(name)
        raise NotFound(f"{name!r} is not a person's name in this corpus ({why})" if why
                       else f"no quotes by {name!r} in this corpus")
    names = people.names(name)
    quotes = queries.quotes_by(conn, names, limit)
    descriptions = Counter(q["speaker_description"] for q in quotes if q["speaker_description"])
    return {
        "name": name,
        "aliases": [n for n in names if n != name],
        "quotes": quotes,
        "stories": len({q["story_id"] for q in quotes}),
        "undated": undated_note(sum(1 for q in quotes if not q["date"]), "quote", "quotes"),
        "descriptions": [{"text": t, "count": n} for t, n in descriptions.most_common()],
        "chart": bar_chart(per_month((q["date"], 1) for q in quotes), "quotes"),
        "truncated": len(quotes) == limit,
    }

