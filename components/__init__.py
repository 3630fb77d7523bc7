"""Shared building blocks for every page: factories only, no data access."""
