"""The explorer: a FastAPI app over one read-only corpus database, server-rendered with Jinja2.

Every HTML page has a JSON twin (`/story/12` and `/story/12.json`) built from the same dict, so
what a person sees and what a script reads cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from .db import Corpus
from .errors import WebError

HERE = Path(__file__).parent

# No inline scripts or styles, nothing from another origin: extracted text is untrusted, and a
# payload that slipped past escaping still could not run or phone home.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer"}


@dataclass(frozen=True)
class Setting:
    name: str
    default: int
    help: str


SETTINGS = (
    Setting("page_size", 20, "search results per page"),
    Setting("max_page", 50, "deepest results page served: deeper offsets cost bm25 over every match"),
    Setting("snippet_tokens", 24, "tokens in each highlighted search snippet"),
    Setting("max_extract_bytes", 5 * 1024 * 1024, "largest page POST /api/extract accepts (413 above it)"),
    Setting("extract_timeout_s", 20.0, "time limit for one page posted to /api/extract (error E104 past it)"),
    Setting("max_list", 500, "rows shown on a person or entity page"),
)


def settings_with(overrides: dict[str, int] | None = None) -> dict[str, int]:
    values = {s.name: s.default for s in SETTINGS}
    for k, v in (overrides or {}).items():
        if k not in values:
            raise ValueError(f"unknown setting {k!r}; known: {', '.join(values)}")
        values[k] = type(values[k])(v)  # each setting keeps its default's type (int or float)
    return values


def create_app(db_path: str | Path, settings: dict[str, int] | None = None) -> FastAPI:
    app = FastAPI(title="dateline explorer", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Search and read a dateline corpus; every page has a .json twin.")
    app.state.corpus = Corpus(db_path)
    app.state.settings = settings_with(settings)
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _security_headers(app)
    _error_handlers(app)
    from .views import api, docs, entity, person, search, source, story

    for module in (search, story, person, entity, source, api, docs):
        app.include_router(module.router)
    return app


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["urlpart"] = lambda value: quote(str(value), safe="")
    env.filters["http_url"] = _http_url
    env.globals["page_query"] = lambda query, page: urlencode({**{k: v for k, v in query.items() if v},
                                                              "page": page})
    return env


def _http_url(value: Any) -> str:
    """Only http(s) links from page data: a `javascript:` URL in an extracted image is not a link."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def _security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def add_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):
        return _error_response(request, exc.status, exc.title, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        return _error_response(request, 400, "Bad request", detail)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception):
        return _error_response(request, 404, "Not found", f"no page at {request.url.path}")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        # a bug, not a bad request: say so without the traceback, which may quote page text
        return _error_response(request, 500, "Server error", f"the explorer failed: {type(exc).__name__}")


def _error_response(request: Request, status: int, title: str, message: str) -> Response:
    """The error page or JSON; it sets the security headers itself because a 500 is answered from
    outside the middleware that adds them to every other response."""
    data = {"ok": False, "status": status, "title": title, "error": message}
    if wants_json(request):
        return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)
    html = request.app.state.templates.get_template("error.html").render(d=data, **_chrome(request, data))
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api/")


def respond(request: Request, template: str, data: dict[str, Any]) -> Response:
    """The one place a view's dict becomes a page: JSON for `.json` paths, else the template."""
    if wants_json(request):
        return JSONResponse(data)
    html = request.app.state.templates.get_template(template).render(d=data, **_chrome(request, data))
    return HTMLResponse(html)


def _chrome(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """What every page's frame needs: where its JSON twin is, the settings, the current path."""
    query = request.url.query
    twin = request.url.path.rstrip("/") or "/search"
    if twin == "/":
        twin = "/search"
    return {"json_url": f"{twin}.json" + (f"?{query}" if query else ""),
            "settings": request.app.state.settings, "path": request.url.path}


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000,
          settings: dict[str, int] | None = None, announce: Callable[[], None] | None = None) -> None:
    """Serve the explorer until interrupted. Raises FileNotFoundError for a missing database and
    ValueError for a file that is not a corpus or an unknown setting, before binding the port."""
    import uvicorn

    app = create_app(db_path, settings)
    if announce:
        announce()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
