"""Build the JSON bodies the Dash renderer posts to /_dash-update-component (for tests and the load run)."""

from __future__ import annotations

import json

PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
CALLBACK_PATH = "/_dash-update-component"


def page_body(pathname: str, search: str = "") -> dict:
    """The request that renders a page into the page container, as the browser sends it."""
    return {
        "output": PAGES_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }


LAZY_CHART_OUTPUT = '{"id":["MATCH"],"type":"chart-slot"}.children'


def lazy_charts(node) -> list[dict]:
    """What each lazy chart in a callback response asks for once near the screen (components/chart_card.py)."""
    if isinstance(node, dict):
        found = [json.loads(node["data-chart-src"])] if isinstance(node.get("data-chart-src"), str) else []
        return found + [w for v in node.values() for w in lazy_charts(v)]
    if isinstance(node, list):
        return [w for v in node for w in lazy_charts(v)]
    return []


def lazy_chart_body(wanted: dict) -> dict:
    """The request that draws a lazy chart, as assets/charts.js makes the browser send it."""
    near = {"id": wanted["chart"], "type": "chart-near"}
    return {
        "output": LAZY_CHART_OUTPUT,
        "outputs": {"id": {"id": wanted["chart"], "type": "chart-slot"}, "property": "children"},
        "inputs": [{"id": near, "property": "data", "value": wanted}],
        "changedPropIds": [json.dumps(near, separators=(",", ":"), sort_keys=True) + ".data"],
        "state": [],
    }


WILDCARDS = ("ALL", "MATCH", "ALLSMALLER")


def pattern(component_id) -> dict | None:
    """A pattern-matching id as a dict (callback_map writes them as JSON strings), else None."""
    if isinstance(component_id, str) and component_id.startswith("{"):
        return json.loads(component_id)
    return component_id if isinstance(component_id, dict) else None


def _concrete(component_id):
    """A pattern-matching id with its wildcards (ALL, MATCH, …) replaced by a sample value."""
    component_id = pattern(component_id) or component_id
    if not isinstance(component_id, dict):
        return component_id
    return {
        k: (0 if str(getattr(v, "value", v)) in WILDCARDS or isinstance(v, list) else v)
        for k, v in component_id.items()
    }


def _items(specs: list[dict], values: list) -> list:
    items = []
    for spec, value in zip(specs, values, strict=True):
        if isinstance(spec["id"], dict):
            # A pattern-matching input: one concrete component (wildcards replaced by a sample value).
            concrete = {
                k: (0 if isinstance(v, list) or str(v) in ("ALL", "MATCH", "ALLSMALLER") else v)
                for k, v in spec["id"].items()
            }
            items.append([{"id": concrete, "property": spec["property"], "value": value}])
        else:
            items.append({"id": spec["id"], "property": spec["property"], "value": value})
    return items


def outputs_of(key: str, spec: dict) -> dict | list:
    """The `outputs` member for a callback_map entry (a list for several outputs, and for none)."""
    output = spec["output"]
    parts = output if isinstance(output, list) else [output]
    listed = [{"id": _concrete(o.component_id), "property": o.component_property} for o in parts]
    return listed if key.startswith("..") or spec.get("no_output") else listed[0]


def callback_body(key: str, spec: dict, input_values: list, state_values: list | None = None) -> dict:
    """A request for any registered callback (a callback_map entry) with the given values."""
    inputs, state = spec.get("inputs", []), spec.get("state", [])
    state_values = state_values if state_values is not None else [None] * len(state)
    body = {
        "output": key,
        "outputs": outputs_of(key, spec),
        "inputs": _items(inputs, input_values),
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs][:1],
        "state": _items(state, state_values),
    }
    return body
