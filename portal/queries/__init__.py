"""The one way in to the data: named query functions that return small, tidy frames.

Pages and components call `portal.queries.<name>(...)`; they never write SQL. The functions live in
one module per area and are all re-exported here.
"""

from portal.queries.core import *  # noqa: F403
from portal.queries.loads import *  # noqa: F403
from portal.queries.observations import *  # noqa: F403
from portal.queries.regional import *  # noqa: F403
