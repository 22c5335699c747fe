"""The JSON API under ``/api``: reports, claims, clusters, events, sources, search."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["api"])
