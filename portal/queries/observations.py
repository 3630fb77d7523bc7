"""Queries on the fact table for charts and tables: series, rankings, coverage."""

from __future__ import annotations

__all__: list[str] = []
