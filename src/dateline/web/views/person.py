"""The person page: every quote by one speaker across the corpus, with how each story described them."""
from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request

from ..render import respond
from ..db import Corpus
from ..errors import NotFound

router = APIRouter()


# decorators register bottom-up: the .json route must come first, or `{name:path}` would
# swallow the suffix into the name
@router.get("/person/{name:path}", summary="A speaker's quotes")
@router.get("/person/{name:path}.json", summary="A speaker's quotes (JSON)")
def person_page(request: Request, name: str):
    settings = request.app.state.settings
    return respond(request, "person.html", person(request.app.state.corpus, name, settings["max_list"]))


def person(corpus: Corpus, name: str, limit: int) -> dict[str, Any]:
    # newest versions only: an updated story would otherwise list the same quote twice
    quotes = corpus.rows(
        "SELECT q.text, q.speaker_description, q.cue, q.type, q.paragraph, v.story_id, v.id AS version_id, "
        "v.headline, COALESCE(v.published, v.updated, st.first_seen) AS date FROM quotes q "
        "JOIN versions v ON v.id = q.version_id JOIN stories st ON st.id = v.story_id AND st.latest_version = v.id "
        "WHERE q.speaker = ? ORDER BY date DESC, v.id, q.paragraph LIMIT ?", (name, limit))
    if not quotes:
        raise NotFound(f"no quotes by {name!r} in this corpus")
    descriptions = Counter(q["speaker_description"] for q in quotes if q["speaker_description"])
    return {
        "name": name,
        "quotes": quotes,
        "stories": len({q["story_id"] for q in quotes}),
        "descriptions": [{"text": t, "count": n} for t, n in descriptions.most_common()],
        "truncated": len(quotes) == limit,
    }
