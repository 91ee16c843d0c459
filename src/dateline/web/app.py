"""The explorer: a FastAPI app over one read-only corpus database, server-rendered with Jinja2.

Every HTML page has a JSON twin (`/story/12` and `/story/12.json`) built from the same dict, so
what a person sees and what a script reads cannot drift apart.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles

from ..corpus.index import IndexCache
from ..corpus.reader import NotFound, Reader
from .errors import Busy, WebError
from .head import answer_head
from .render import HERE, SECURITY_HEADERS, error_response, templates
from .settings import settings_with
from .views import api, docs, download, entity, person, search, source, story


def create_app(db_path: str | Path, settings: dict[str, int] | None = None) -> FastAPI:
    app = FastAPI(title="dateline explorer", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Search and read a dateline corpus; every page has a .json twin.")
    app.state.corpus = Reader(db_path)
    app.state.settings = settings_with(settings)
    app.state.index = IndexCache(app.state.corpus, app.state.settings["recent_searches"])
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _security_headers(app)
    _strangers(app)
    _error_handlers(app)
    for module in (search, download, story, person, entity, source, api, docs):
        app.include_router(module.router)
    answer_head(app)
    return app


def _security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def add_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


def _strangers(app: FastAPI) -> None:
    """Answer only to the served host names (a DNS-rebinding page names its own host), and take a POST
    only from the explorer's own pages (a cross-origin form or fetch carries its Origin)."""
    allowed = {h.strip().lower() for h in str(app.state.settings["allowed_hosts"]).split(",") if h.strip()}

    def host_of(value: str) -> str:
        value = value.strip().lower()
        if value.startswith("["):  # [::1]:8000
            return value[1:value.find("]")] if "]" in value else value
        return value.rsplit(":", 1)[0] if value.count(":") == 1 else value

    @app.middleware("http")
    async def check_host(request: Request, call_next):
        host = host_of(request.headers.get("host", ""))
        if allowed and host not in allowed:
            return error_response(request, 400, "Bad request", f"this explorer does not answer to host {host!r}")
        origin = request.headers.get("origin")
        if request.method == "POST" and origin is not None:
            origin_host = host_of(origin.split("://", 1)[-1].split("/", 1)[0])
            if origin_host not in allowed:
                return error_response(request, 403, "Forbidden", "a POST from another site is refused")
        return await call_next(request)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):
        response = error_response(request, exc.status, exc.title, exc.message)
        if isinstance(exc, Busy):
            response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    @app.exception_handler(NotFound)
    async def not_in_corpus(request: Request, exc: NotFound):
        return error_response(request, 404, "Not found", str(exc))

    @app.exception_handler(OverflowError)
    async def out_of_range(request: Request, exc: OverflowError):  # an id past SQLite's 64-bit integers
        return error_response(request, 404, "Not found", f"no page at {request.url.path}")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error_response(request, 400, "Bad request", detail)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception):
        return error_response(request, 404, "Not found", f"no page at {request.url.path}")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        # a bug, not a bad request: say so without the traceback, which may quote page text
        return error_response(request, 500, "Server error", f"the explorer failed: {type(exc).__name__}")


def _check_port(host: str, port: int) -> None:
    """Raises ValueError when `host:port` cannot be bound (in use, or not an address of this machine)."""
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            s.bind((host, port))
    except OSError as exc:
        raise ValueError(f"--port {port}: {host}:{port} cannot be used ({exc.strerror or exc}; "
                         "in use by another program?): choose another with --port") from None


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000,
          settings: dict | None = None, announce: Callable[[], None] | None = None) -> None:
    """Serve the explorer until interrupted. Raises FileNotFoundError for a missing database and
    ValueError for a file that is not a corpus or an unknown setting, before binding the port."""
    import uvicorn

    settings = dict(settings or {})
    hosts = str(settings.get("allowed_hosts", settings_with()["allowed_hosts"]))
    settings["allowed_hosts"] = f"{hosts},{host}"  # the host it was told to bind answers too
    app = create_app(db_path, settings)
    _check_port(host, port)  # a busy port is said before the banner, not after it in uvicorn's log
    if announce:
        announce()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                    http=_protocol(app.state.settings))
    finally:
        api.close(app)


def _protocol(settings: dict):
    """uvicorn's HTTP protocol with the slow-client time-outs, and room for the connections it may hold
    within the open-file limit (each connection is one file; SQLite, the workers and the static files
    need a few more)."""
    import resource

    from .slow import timed_protocol

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    room = settings["max_connections"] if soft == resource.RLIM_INFINITY else min(settings["max_connections"],
                                                                                 max(soft - 128, 16))
    return timed_protocol(settings["header_timeout_s"], settings["body_timeout_s"], settings["send_timeout_s"],
                          room)
