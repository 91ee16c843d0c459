"""/docs: the OpenAPI description rendered on the server.

FastAPI's own /docs loads Swagger UI from a CDN at view time; the explorer downloads nothing and its
Content-Security-Policy allows no other origin, so the same schema is rendered here instead.
"""
from __future__ import annotations

from fastapi import APIRouter, Request

from ..render import respond
from ..settings import SETTINGS

router = APIRouter()


@router.get("/docs.json", include_in_schema=False)
@router.get("/docs", include_in_schema=False)
def docs_page(request: Request):
    return respond(request, "docs.html", docs(request.app.openapi(), request.app.state.settings))


def docs(schema: dict, settings: dict[str, int]) -> dict:
    operations = []
    for path, methods in sorted(schema.get("paths", {}).items()):
        for method, op in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "description": p.get("description") or p.get("schema", {}).get("description", "")}
                               for p in op.get("parameters", [])],
                "responses": sorted(op.get("responses", {})),
            })
    return {"title": schema.get("info", {}).get("title"), "openapi": "/openapi.json", "operations": operations,
            "settings": [{"name": s.name, "value": settings[s.name], "default": s.default, "help": s.help}
                         for s in SETTINGS]}
