"""How a view's dict becomes a response: the one module views render through (JSON for `.json` paths
and `/api/`, else a Jinja2 template in the page's frame), with the security headers every response carries."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

HERE = Path(__file__).parent

# No inline scripts or styles, nothing from another origin: extracted text is untrusted, and a
# payload that slipped past escaping still could not run or phone home.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer"}


def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["urlpart"] = lambda value: quote(str(value), safe="")
    env.filters["http_url"] = http_url
    env.globals["page_query"] = lambda query, page: urlencode({**{k: v for k, v in query.items() if v},
                                                              "page": page})
    return env


def http_url(value: Any) -> str:
    """Only http(s) links from page data: a `javascript:` URL in an extracted image is not a link."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def error_response(request: Request, status: int, title: str, message: str) -> Response:
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
