"""Queries about the nightly load: runs, freshness per source and indicator, rejected rows."""

from __future__ import annotations

__all__: list[str] = []
