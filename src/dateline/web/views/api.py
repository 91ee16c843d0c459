"""POST /api/extract: one page in (the raw bytes as the request body), its records out, extracted as
the CLI and the corpus runner extract it: in a worker process under the page's time and memory limits
(dateline.worker). Nothing is stored.

The extraction has a pool of its own (`extract_workers` processes, `extract_queue` pages waiting, 503
with Retry-After beyond), served by threads of its own: the read pages never wait for it."""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import JSONResponse

from ...errors import DatelineError
from ...options import INPUT_FORMATS, NLP_LEVELS, Options, parse_when
from ...read import read_bytes
from ...record import PageResult, Source
from ...worker import PagePool
from ..errors import BadRequest, Busy, TooLarge

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
    settings = request.app.state.settings
    options = options.with_(timeout_s=settings["extract_timeout_s"])
    try:  # the size cap holds for what the body unpacks to, too (a small gzip of a large page)
        page = read_bytes(data, uri=name, input_format=options.input_format, max_bytes=settings["max_extract_bytes"])
    except DatelineError as exc:
        if exc.code == "E103":
            raise TooLarge(exc.message) from exc
        return JSONResponse(PageResult(source=Source(uri=name), errors=[exc.to_page_error()]).to_dict())
    lane = _lane(request.app)
    if not lane.slots.acquire(blocking=False):
        raise Busy(f"every extraction worker is busy and {settings['extract_queue']} pages are waiting; "
                   f"try again in {Busy.retry_after_s} s")
    try:
        result = await asyncio.get_running_loop().run_in_executor(lane.threads, lane.pool.extract, page, None,
                                                                  options)
    finally:
        lane.slots.release()
    return JSONResponse(result.to_dict())


class _Lane:
    """The extraction's own workers, threads and admission count."""

    def __init__(self, workers: int, queue: int):
        self.pool = PagePool(Options(), workers=workers)
        self.threads = ThreadPoolExecutor(workers + queue, thread_name_prefix="dateline-api-extract")
        self.slots = threading.BoundedSemaphore(workers + queue)


_LANE_LOCK = threading.Lock()


def _lane(app: FastAPI) -> _Lane:
    with _LANE_LOCK:
        lane = getattr(app.state, "extract_lane", None)
        if lane is None:
            s = app.state.settings
            lane = app.state.extract_lane = _Lane(max(1, s["extract_workers"]), max(0, s["extract_queue"]))
        return lane


def close(app: FastAPI) -> None:
    """End the extraction workers (the server is stopping)."""
    lane = getattr(app.state, "extract_lane", None)
    if lane is not None:
        lane.pool.close()
        lane.threads.shutdown(wait=False, cancel_futures=True)


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
