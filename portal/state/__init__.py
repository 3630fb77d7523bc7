"""The page-state layer: pure functions that turn (the address's parameters, the reader, the language) into
what a page draws. No Dash and no Flask here: pages call these and hand the result to component factories.

One module per page family; each reads the data through portal.queries and the address through portal.params.
"""
