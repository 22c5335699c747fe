"""The FastAPI application: settings, security headers, the API and the pages.

Reports are hostile input. Every page is rendered by Jinja with autoescape on, and the
Content-Security-Policy header forbids inline script and anything from another origin,
so that a report holding ``<script>`` or an ``onerror`` attribute can at worst show as
text. Writing (POST a report) is off unless a token is configured.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from claimgraph import __version__
from claimgraph.present.web import api, pages
from claimgraph.store import Store

TOKEN_VARIABLE = "CLAIMGRAPH_TOKEN"
DEFAULT_MAX_UPLOAD_BYTES = 2_000_000
STATIC = Path(__file__).parent / "static"

# No inline script or style, nothing from another origin; images may be data: URLs
# (the map and charts are inline SVG, which needs no source at all).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True, slots=True)
class WebSettings:
    """How the app runs: its store, the write token (None: writing is off) and limits."""

    db: str
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES

    @classmethod
    def from_environment(
        cls, db: str, max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    ) -> WebSettings:
        """Settings with the write token read from ``CLAIMGRAPH_TOKEN`` (empty: off)."""
        return cls(db, os.environ.get(TOKEN_VARIABLE) or None, max_upload_bytes)


class _SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


async def _not_found_as_page(request: Request, error: Exception) -> Response:
    """An unknown page gets the HTML 404 page; the API and static files keep JSON/plain."""
    assert isinstance(error, HTTPException)
    if error.status_code == 404 and not request.url.path.startswith(("/api/", "/static/")):
        return pages.not_found(request, "page", request.url.path)
    return await http_exception_handler(request, error)


def create_app(settings: WebSettings) -> FastAPI:
    """The web app and API over the store at ``settings.db`` (opened once, shared)."""
    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description="Who claims what about a conflict, on whose word, and where sources "
        "disagree: reports, claims, question clusters, events and sources.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = Store(settings.db)
    app.add_middleware(_SecurityHeaders)
    app.add_exception_handler(HTTPException, _not_found_as_page)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
