"""POST /api/extract: one page in (the raw bytes as the request body), its records out, via the same
`dateline.extract` the CLI and the corpus runner call. Nothing is stored."""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ...isolated import extract_isolated
from ...options import INPUT_FORMATS, NLP_LEVELS, Options, parse_when
from ..errors import BadRequest, TooLarge

router = APIRouter()

_BODY = {"requestBody": {"required": True, "description": "the page: HTML or flattened text, raw bytes",
                         "content": {"text/plain": {"schema": {"type": "string"}},
                                     "text/html": {"schema": {"type": "string"}},
                                     "application/octet-stream": {"schema": {"type": "string",
                                                                             "format": "binary"}}}}}


@router.post("/api/extract", summary="Extract one page's stories", openapi_extra=_BODY,
             responses={413: {"description": "the page is larger than max_extract_bytes"}})
async def extract_page(
    request: Request,
    input_format: str = Query("auto", description=f"one of {', '.join(INPUT_FORMATS)}"),
    fetched_at: str | None = Query(None, description="ISO 8601: resolves relative times such as '5 min ago'"),
    name: str = Query("upload", max_length=300, description="a name for the page, kept as source.uri"),
    nlp: str = Query("off", description=f"quotes, speakers, entities: one of {', '.join(NLP_LEVELS)}"),
):
    try:
        options = Options(input_format=input_format, fetched_at=parse_when(fetched_at), nlp=nlp)
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    data = await read_limited(request, request.app.state.settings["max_extract_bytes"])
    if not data.strip():
        raise BadRequest("the request body is empty: send the page as the body")
    # extract is CPU-bound: off the event loop, so one big page does not stall other requests, and in a
    # child process, so the per-page time limit holds off the main thread too
    options = options.with_(timeout_s=request.app.state.settings["extract_timeout_s"])
    result = await run_in_threadpool(extract_isolated, data, options, name)
    return JSONResponse(result.to_dict())


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit`: by the declared length before
    reading anything, and by counting as it streams when the length is absent or false."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the page is {int(declared)} bytes; the limit is {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the page is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
