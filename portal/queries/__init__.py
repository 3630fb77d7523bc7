"""The one way in to the data: named query functions that return small, tidy frames.

Pages and components call `portal.queries.<name>(...)`; they never write SQL. The functions live in
one module per area and are all re-exported here.
"""

from portal.queries.api import *  # noqa: F403
from portal.queries.board import *  # noqa: F403
from portal.queries.core import *  # noqa: F403
from portal.queries.deliveries import *  # noqa: F403
from portal.queries.loads import *  # noqa: F403
from portal.queries.meetings import *  # noqa: F403
from portal.queries.memo import memoised as _memoised
from portal.queries.observations import *  # noqa: F403
from portal.queries.regional import *  # noqa: F403
from portal.queries.search import *  # noqa: F403

# Functions whose result depends only on the loaded data (and the reader's classes) are cached by data
# version when the web app installs a cache (portal/queries/memo.py). The run log and freshness (status page,
# /healthz) stay live.
CACHED = (
    "sectors",
    "regions",
    "catalogue",
    "series_breaks",
    "headline_observations",
    "targets",
    "regional_values",
    "headline_regional",
    "regional_at",
    "subregions",
    "subregional_indicators",
    "subregional_values",
    "indicator_freshness",
    "indicator",
    "observations",
    "alternative_values",
    "trend_observations",
    "indicator_data",
    "sample_counts",
    "applications",
    "board_history",
    "board_targets",
    "value_history",
    "agencies",
    "search",
    "resolve_regions",
    "values",
    "sector_latest",
    "catalogue_records",
    "region_family",
    "region_list",
)
for _name in CACHED:
    if callable(globals().get(_name)):
        globals()[_name] = _memoised(globals()[_name])
