"""Accessible tabs: real buttons with role="tab" and aria-selected, panels with role="tabpanel".

Dash 4's dcc.Tabs draws plain divs (no roles, not reachable by keyboard) and dbc.Tabs gives every tab the
same id; these are switched in the browser by one clientside callback, so no request is made.
"""

from __future__ import annotations

import json

from dash import ALL, ClientsideFunction, Input, Output, State, clientside_callback, html


def _dom_id(component_id: dict) -> str:
    """The id Dash gives a pattern-matching component in the page (keys sorted, no spaces)."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def tabs(group: str, items: list[tuple[str, str, object]], active: str, label: str) -> html.Div:
    """Tabs of `items` (key, label, content); `label` names the tab list for screen readers."""
    buttons = [
        html.Button(
            text,
            id={"type": "portal-tab", "group": group, "key": key},
            role="tab",
            type="button",
            n_clicks=0,
            className="nav-link" + (" active" if key == active else ""),
            **{
                "aria-selected": "true" if key == active else "false",
                "aria-controls": _dom_id({"type": "portal-tabpanel", "group": group, "key": key}),
            },
        )
        for key, text, _ in items
    ]
    panels = [
        html.Div(
            content,
            id={"type": "portal-tabpanel", "group": group, "key": key},
            role="tabpanel",
            hidden=key != active,
            className="portal-tabpanel pt-3",
            **{"aria-label": text, "data-panel": key},
        )
        for key, text, content in items
    ]
    return html.Div(
        [html.Div(buttons, role="tablist", className="nav nav-tabs", **{"aria-label": label}), *panels],
        className="portal-tabs",
        id=group,
    )


clientside_callback(
    ClientsideFunction(namespace="portal", function_name="switchTab"),
    Output({"type": "portal-tab", "group": ALL, "key": ALL}, "aria-selected"),
    Output({"type": "portal-tab", "group": ALL, "key": ALL}, "className"),
    Output({"type": "portal-tabpanel", "group": ALL, "key": ALL}, "hidden"),
    Input({"type": "portal-tab", "group": ALL, "key": ALL}, "n_clicks"),
    State({"type": "portal-tab", "group": ALL, "key": ALL}, "id"),
    State({"type": "portal-tab", "group": ALL, "key": ALL}, "aria-selected"),
    prevent_initial_call=True,
)
