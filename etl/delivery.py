"""What a source hands the loader: observation, target and application rows in the template's columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Delivery:
    """What a source produced: observation rows and optional target rows, in the template's columns."""

    observations: pd.DataFrame
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    applications: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Given the row numbers of rejected rows, their raw text (for sources that do not carry a `raw`
    # column, so a million-row file does not serialise every row just in case).
    raw_lookup: Callable[[pd.Series], list[str]] | None = None
    # The source's number format for text values (etl.numbers): None is the standard template's rule.
    decimal: str | None = None
    # What reading the source met and worked around (total rows skipped, records a portal sent twice,
    # a datastore that is off), one "Indonesian / English" sentence each: stored with the run.
    notes: list[str] = field(default_factory=list)
