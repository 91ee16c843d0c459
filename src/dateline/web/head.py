"""HEAD wherever GET: a link checker, a crawler or `curl -I` asks HEAD first, and FastAPI's routes
answer only the methods they list (Starlette's plain routes and static files add HEAD themselves).

A HEAD request is routed as the GET it asks about; the server sends that response's headers and
drops its body, as HTTP/1.1 says it must (uvicorn knows the request's method from the request line,
not from the scope the app sees). The OpenAPI description lists each operation once, as GET."""
from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send)


def answer_head(app: FastAPI) -> None:
    app.add_middleware(HeadAsGet)
