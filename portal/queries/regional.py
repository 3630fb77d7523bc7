"""Queries for the regional views: map values, regency profiles, comparisons."""

from __future__ import annotations

__all__: list[str] = []
