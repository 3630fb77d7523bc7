"""What is left of the second parameter module: `scalar`, for the regency profile until it reads its address and
controls through portal/params.py `Reading` like every other page (then this module goes)."""

from __future__ import annotations


def scalar(value: object) -> str:
    """A value sent by the browser as text, when it is a plain string or number; anything else is empty."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value)[:200]
