"""A Dash component tree as plain HTML: the first screen the server sends before the app's JavaScript arrives.

The same tree the page's layout returns (its state drawn by the same component factories) is written out as the
markup the components render in the browser: Bootstrap's classes for dash-bootstrap-components, a link for
dcc.Link, the graph's reserved room for dcc.Graph (its text alternative is already beside it), a plain table for
an AG Grid, a control's current value for a control. Nothing interactive is wired: the app takes over.

Component ids are left out (the app's own tree holds them; two elements with one id would confuse both the app
and assistive technology), except those `KEEP_IDS` names as targets of in-page links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from typing import Any

from dash.development.base_component import Component

KEEP_IDS = frozenset({"main"})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"})
# Props of html components that are Dash's own, never attributes.
NOT_ATTRIBUTES = frozenset(
    {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "setProps", "key", "id"}
)
RENAMED = {"className": "class", "htmlFor": "for", "class_name": "class", "html_for": "for"}
NOTHING = frozenset({"Location", "Store", "Download", "Interval", "Tooltip", "Modal", "Popover", "Toast"})


class Written(str):
    """HTML already written (by `render`): put in as it is."""


def render(node: Any) -> str:
    """The HTML of a component, a list of them, a string or a number (None is nothing)."""
    if node is None or node is False:
        return ""
    if isinstance(node, Written):
        return node
    if isinstance(node, str):
        return escape(node)
    if isinstance(node, int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(render(n) for n in node)
    if not isinstance(node, Component):
        return ""
    namespace, kind = node._namespace, node._type
    if kind in NOTHING:
        return ""
    if namespace == "dash_html_components":
        return _html(node)
    writer = _DCC.get(kind) if namespace == "dash_core_components" else _DBC.get(kind)
    if namespace == "dash_ag_grid":
        writer = _grid
    if writer is None:
        return render(_get(node, "children"))
    return writer(node)


def _get(node: Component, prop: str, default: Any = None) -> Any:
    return getattr(node, prop, default) if prop in node._prop_names else default


def _style(style: dict | None) -> str | None:
    if not style:
        return None
    parts = []
    for key, value in style.items():
        name = "".join(f"-{c.lower()}" if c.isupper() else c for c in key)
        parts.append(f"{name}:{value}")
    return ";".join(parts)


def _attrs(attrs: dict[str, Any]) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{escape(str(value), quote=True)}"')
    return "".join(out)


def tag(name: str, attrs: dict[str, Any], children: Any = None) -> str:
    """An element with its children rendered."""
    return wrap(name, attrs, "" if name in VOID else render(children))


def wrap(name: str, attrs: dict[str, Any], inner: str) -> str:
    """An element around HTML already written."""
    opening = f"<{name}{_attrs(attrs)}>"
    return opening if name in VOID else f"{opening}{inner}</{name}>"


def _classes(*names: str | None) -> str | None:
    joined = " ".join(n for n in names if n)
    return joined or None


def _id(node: Component) -> str | None:
    found = _get(node, "id")
    return found if isinstance(found, str) and found in KEEP_IDS else None


def _html(node: Component) -> str:
    name = {"ObjectEl": "object", "MapEl": "map"}.get(node._type, node._type.lower())
    attrs: dict[str, Any] = {"id": _id(node)}
    for prop, value in node.to_plotly_json()["props"].items():  # also data-* and aria-*
        if prop in NOT_ATTRIBUTES or value is None:
            continue
        if prop == "style":
            value = _style(value)
        attrs[RENAMED.get(prop, prop if "-" in prop else prop.lower())] = value
    return tag(name, attrs, _get(node, "children"))


def _common(node: Component, *classes: str | None) -> dict[str, Any]:
    """id, class and style of a non-html component, with the classes it renders itself first."""
    own = _get(node, "className") or _get(node, "class_name")
    return {"id": _id(node), "class": _classes(*classes, own), "style": _style(_get(node, "style"))}


# dash core components


def _link(node: Component) -> str:
    return tag("a", {**_common(node), "href": _get(node, "href"), "title": _get(node, "title")}, node.children)


def _graph(node: Component) -> str:
    """The graph's room, kept as it will be when plotly.js draws into it, with the chart's own title, subtitle and
    source line written in it (what it says to a reader before, or without, the drawing)."""
    inner = "".join(
        wrap("p", {"class": classes}, plotly_text(text)) for text, classes in chart_lines(_get(node, "figure"))
    )
    return wrap("div", _common(node, "dash-graph", "static-chart"), inner)


def chart_lines(figure: Any) -> list[tuple[str, str]]:
    """What a chart says in words before it is drawn: its title (with subtitle) and its source lines, as plotly
    text, each with the class it is shown with (the first screen's copy and a lazy chart's room)."""
    title, notes = chart_text(figure)
    lines = ((title, "static-chart-title"), *((n, "static-chart-source small") for n in notes))
    return [(text, classes) for text, classes in lines if text]


def chart_text(figure: Any) -> tuple[str, list[str]]:
    """A figure's own title and the lines under it (source, sample note, date), as plotly text."""
    layout = _layout(figure)
    title = ((layout.get("title") or {}).get("text")) or ""
    notes = [
        a.get("text") or "" for a in layout.get("annotations") or [] if a.get("yref") == "paper" and a.get("y") == 0
    ]
    return title, notes


def _layout(figure: Any) -> dict:
    if figure is None:
        return {}
    if isinstance(figure, dict):
        return figure.get("layout") or {}
    return getattr(figure, "layout", None) or {}


def plain_lines(text: str) -> list[str]:
    """A chart's text (plotly's few tags: <b>, <i>, <br>, <span style>) as its lines of plain text."""
    return [re.sub(r"<[^>]*>", "", line) for line in re.split(r"<br\s*/?>", text)]


def plotly_text(text: str) -> str:
    """A chart's text as HTML: lines kept, styles dropped."""
    return "<br>".join(escape(line) for line in plain_lines(text))


def _options(node: Component) -> list[tuple[str, str]]:
    found = []
    for option in _get(node, "options") or []:
        if isinstance(option, dict):
            found.append((str(option.get("value")), render(option.get("label", option.get("value")))))
        else:
            found.append((str(option), escape(str(option))))
    return found


def _chosen(node: Component) -> set[str]:
    value = _get(node, "value")
    return {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}


def _select(node: Component, extra: str | None = None) -> str:
    """A control as a disabled drop-down list showing its current choice: read, not used, until the app arrives."""
    chosen = _chosen(node)
    options = "".join(
        f"<option{' selected' if value in chosen else ''}>{label}</option>" for value, label in _options(node)
    )
    attrs = {**_common(node, extra), "disabled": True, "multiple": bool(_get(node, "multi"))}
    return wrap("select", {**attrs, "aria-label": _get(node, "placeholder")}, options)


def _checklist(node: Component, kind: str = "checkbox") -> str:
    chosen = _chosen(node)
    items = "".join(
        f'<div class="form-check"><input class="form-check-input" type="{kind}" disabled'
        f'{" checked" if value in chosen else ""}><label class="form-check-label">{label}</label></div>'
        for value, label in _options(node)
    )
    return wrap("div", _common(node), items)


def _input(node: Component, extra: str | None = None) -> str:
    attrs = {
        **_common(node, extra),
        "type": _get(node, "type", "text"),
        "value": _get(node, "value"),
        "placeholder": _get(node, "placeholder"),
        "aria-label": _get(node, "placeholder"),
        "disabled": True,
    }
    return tag("input", attrs)


def _markdown(node: Component) -> str:
    children = node.children
    text = "\n".join(children) if isinstance(children, list | tuple) else str(children or "")
    return tag("div", {**_common(node), "style": "white-space:pre-line"}, text)


def _tabs(node: Component) -> str:
    tabs = [t for t in (_get(node, "children") or []) if isinstance(t, Component)]
    chosen = _get(node, "value") or _get(node, "active_tab")
    shown = next((t for t in tabs if (_get(t, "value") or _get(t, "tab_id")) == chosen), tabs[0] if tabs else None)
    labels = "".join(
        wrap("li", {"class": "nav-item"}, tag("span", {"class": "nav-link" + (" active" if t is shown else "")},
                                               _get(t, "label")))
        for t in tabs
    )  # fmt: skip
    content = render(_get(shown, "children") if shown is not None else None)
    return wrap("div", _common(node), f'<ul class="nav nav-tabs">{labels}</ul>{content}')


_DCC = {
    "Link": _link,
    "Graph": _graph,
    "Loading": lambda n: tag("div", _common(n), n.children),
    "Dropdown": lambda n: _select(n, "form-select"),
    "Checklist": _checklist,
    "RadioItems": lambda n: _checklist(n, "radio"),
    "Input": _input,
    "Markdown": _markdown,
    "Tabs": _tabs,
}


# dash-bootstrap-components


def _col(node: Component) -> str:
    sizes = []
    for breakpoint in ("width", "xs", "sm", "md", "lg", "xl", "xxl"):
        size = _get(node, breakpoint)
        if isinstance(size, dict):
            size = size.get("size")
        if size is None:
            continue
        infix = "" if breakpoint in ("width", "xs") else f"-{breakpoint}"
        sizes.append(f"col{infix}" if size is True else f"col{infix}-{size}")
    return tag("div", _common(node, *(sizes or ["col"])), node.children)


def _row(node: Component) -> str:
    align, justify = _get(node, "align"), _get(node, "justify")
    extra = [f"align-items-{align}" if align else None, f"justify-content-{justify}" if justify else None]
    return tag("div", _common(node, "row", *extra), node.children)


def _container(node: Component) -> str:
    fluid = _get(node, "fluid")
    kind = "container-fluid" if fluid is True else f"container-{fluid}" if fluid else "container"
    return tag("div", _common(node, kind), node.children)


def _alert(node: Component) -> str:
    if _get(node, "is_open") is False:
        return ""
    color = _get(node, "color") or "success"
    return tag("div", {**_common(node, "alert", f"alert-{color}"), "role": "alert"}, node.children)


def _badge(node: Component) -> str:
    color, text = _get(node, "color") or "secondary", _get(node, "text_color")
    pill = "rounded-pill" if _get(node, "pill") else None
    classes = _common(node, "badge", f"bg-{color}" if not color.startswith("#") else None, pill,
                      f"text-{text}" if text else None)  # fmt: skip
    href = _get(node, "href")
    return tag("a" if href else "span", {**classes, "href": href}, node.children)


def _button(node: Component) -> str:
    color = _get(node, "color") or "primary"
    kind = f"btn-outline-{color}" if _get(node, "outline") else f"btn-{color}"
    size = {"sm": "btn-sm", "lg": "btn-lg"}.get(_get(node, "size"))
    attrs = _common(node, "btn", kind, size)
    href = _get(node, "href")
    if href:
        return tag("a", {**attrs, "href": href}, node.children)
    return tag("button", {**attrs, "type": "button", "disabled": True}, node.children)


def _nav_link(node: Component) -> str:
    return tag("a", {**_common(node, "nav-link"), "href": _get(node, "href")}, node.children)


def _dropdown(node: Component) -> str:
    """A navbar menu: its label and, for a reader without the app, its links listed as a plain menu."""
    toggle = tag("span", {"class": "nav-link dropdown-toggle"}, _get(node, "label"))
    items = tag("div", {"class": "dropdown-menu"}, _get(node, "children"))
    return wrap("div", _common(node, "nav-item", "dropdown"), toggle + items)


def _table(node: Component) -> str:
    flags = [f"table-{f}" for f in ("striped", "bordered", "hover", "borderless") if _get(node, f)]
    size = "table-sm" if _get(node, "size") == "sm" else None
    table = tag("table", _common(node, "table", size, *flags), node.children)
    return f'<div class="table-responsive">{table}</div>' if _get(node, "responsive") else table


def _label_(node: Component) -> str:
    return tag("label", _common(node, "form-label"), node.children)


_DBC = {
    "Row": _row,
    "Col": _col,
    "Container": _container,
    "Alert": _alert,
    "Badge": _badge,
    "Button": _button,
    "Card": lambda n: tag("div", _common(n, "card"), n.children),
    "CardBody": lambda n: tag("div", _common(n, "card-body"), n.children),
    "CardHeader": lambda n: tag("div", _common(n, "card-header"), n.children),
    "Navbar": lambda n: tag(
        "nav",
        _common(n, "navbar", f"navbar-expand-{_get(n, 'expand') or 'md'}", "navbar-dark" if _get(n, "dark") else None),
        n.children,
    ),
    "NavbarBrand": lambda n: tag("a", {**_common(n, "navbar-brand"), "href": _get(n, "href")}, n.children),
    "Collapse": lambda n: (
        "" if not _get(n, "navbar") else tag("div", _common(n, "collapse", "navbar-collapse"), n.children)
    ),
    "Nav": lambda n: tag("div", _common(n, "nav", "navbar-nav" if _get(n, "navbar") else None), n.children),
    "NavItem": lambda n: tag("div", _common(n, "nav-item"), n.children),
    "NavLink": _nav_link,
    "DropdownMenu": _dropdown,
    "DropdownMenuItem": lambda n: tag("a", {**_common(n, "dropdown-item"), "href": _get(n, "href")}, n.children),
    "Label": _label_,
    "Input": lambda n: _input(n, "form-control"),
    "Select": lambda n: _select(n, "form-select"),
    "Checklist": _checklist,
    "RadioItems": lambda n: _checklist(n, "radio"),
    "Table": _table,
    "Tabs": _tabs,
}


# AG Grid


def _grid(node: Component) -> str:
    """The grid's rows as a plain table (what it shows, in its column order), scrolling in the grid's room."""
    columns = [c for c in _flat_columns(_get(node, "columnDefs") or []) if c.get("field")]
    rows = _get(node, "rowData") or []
    head = "".join(f'<th scope="col">{escape(str(c.get("headerName") or c["field"]))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(row.get(c['field'])))}</td>" for c in columns) + "</tr>" for row in rows
    )
    style = _style(_get(node, "style")) or "height:400px"
    return (
        f'<div class="static-grid table-responsive" style="{escape(style)};overflow:auto">'
        f'<table class="table table-sm"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


def _flat_columns(defs: Iterable[dict]) -> list[dict]:
    out = []
    for column in defs:
        out.extend(_flat_columns(column["children"]) if "children" in column else [column])
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
