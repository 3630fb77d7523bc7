"""What the list pages share (the catalogue, the application directory): the callback that answers a new search
text or choice with the matching rows, their count and the address that reopens them. Not a page (the leading
underscore keeps Dash from importing it as one)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from dash import Input, Output, callback, no_update

from components.layout import error_notice, url_notice
from portal import queries
from portal.access import Reader
from portal.state.listing import SEARCH, Listing
from web import reader

log = logging.getLogger(__name__)


def wire(ids, selects: Mapping[str, str], load: Callable[[dict, Reader], Listing]) -> None:
    """Register the page's callback: `ids` are its URL, NOTICE, SEARCH, COUNT, GRID; `selects` its filters' ids
    by parameter; `load(values, reader)` reads the controls' values strictly (a value they cannot send: 400)."""
    names = (SEARCH, *selects)

    outputs = [Output(ids.GRID, "rowData"), Output(ids.COUNT, "children"), Output(ids.URL, "search")]
    inputs = [Input(control, "value") for control in (ids.SEARCH, *selects.values())]

    @callback(*outputs, Output(ids.NOTICE, "children"), *inputs, prevent_initial_call=True)
    def update(*values):
        """Search or a filter changed: the matching rows, their count, and the address that reopens them."""
        now = reader.current()
        try:
            found = load(dict(zip(names, values, strict=True)), now)
        except queries.DatabaseError:
            log.exception("%s: database error", ids.GRID)
            return (*[no_update] * len(outputs), error_notice(now.lang))
        return found.rows, found.count, found.address(), url_notice(ids.NOTICE, found.notice).children
