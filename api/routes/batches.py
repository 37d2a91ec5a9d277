"""/batches: many stored scenarios solved as one job (placeholder router until api/batch.py exists)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["batches"])
