"""Data grids (dash-ag-grid, AG Grid 33+ Theming API) in the portal's look and the reader's language."""

from __future__ import annotations

import dash_ag_grid as dag

# The Quartz theme with the portal's colours and the page's font; no legacy CSS themes, no CDN.
THEME = {
    "function": "themeQuartz.withParams({accentColor: '#0b5394', fontFamily: 'inherit', fontSize: 14, "
    "headerFontWeight: 600, headerBackgroundColor: '#e9eef5', foregroundColor: '#212529', "
    "wrapperBorderRadius: 6, cellHorizontalPadding: 10})"
}

# The grid's own words (pagination, filters, empty state) in Bahasa Indonesia; English is AG Grid's default.
LOCALE_ID = {
    "page": "Halaman",
    "of": "dari",
    "to": "–",
    "more": "lainnya",
    "firstPage": "Halaman pertama",
    "previousPage": "Halaman sebelumnya",
    "nextPage": "Halaman berikutnya",
    "lastPage": "Halaman terakhir",
    "pageSizeSelectorLabel": "Baris per halaman:",
    "noRowsToShow": "Tidak ada baris yang cocok",
    "loadingOoo": "Memuat…",
    "filterOoo": "Saring…",
    "searchOoo": "Cari…",
    "equals": "Sama dengan",
    "notEqual": "Tidak sama dengan",
    "contains": "Memuat",
    "notContains": "Tidak memuat",
    "startsWith": "Diawali",
    "endsWith": "Diakhiri",
    "blank": "Kosong",
    "notBlank": "Tidak kosong",
    "lessThan": "Kurang dari",
    "greaterThan": "Lebih dari",
    "andCondition": "DAN",
    "orCondition": "ATAU",
    "applyFilter": "Terapkan",
    "resetFilter": "Atur ulang",
    "clearFilter": "Hapus",
    "ariaFilterValue": "Nilai saringan",
    "ariaFilterInput": "Isian saringan",
    "ariaSortableColumn": "Tekan Enter untuk mengurutkan",
    "ariaRowSelect": "Tekan Spasi untuk memilih baris ini",
    "ariaSearch": "Cari",
    "ariaPageSizeSelectorLabel": "Baris per halaman",
}


def number_column(field: str, header: str, **extra) -> dict:
    """A numeric column sorted by value and shown as the row's `<field>_text` (formatted with Babel)."""
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": f"params.data.{field}_text"},
        **extra,
    }


def grid(
    grid_id: str,
    rows: list[dict],
    columns: list[dict],
    lang: str,
    page_size: int = 20,
    deferred: bool = False,
    **options,
) -> dag.AgGrid:
    """A sortable, filterable, paginated grid; the page's own quick search goes in options' quickFilterText.
    `deferred`: a grid below the first screen or in a tab not shown, drawn when it comes near the screen
    (assets/grid-loader.js)."""
    grid_options = {
        "theme": THEME,
        "pagination": len(rows) > page_size,
        "paginationPageSize": page_size,
        "paginationPageSizeSelector": False,
        "domLayout": "autoHeight",
        "enableCellTextSelection": True,
        "ensureDomOrder": True,
        "suppressColumnVirtualisation": True,
        **({"localeText": LOCALE_ID} if lang == "id" else {}),
        **options.pop("grid_options", {}),
    }
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "filter": True,
            "wrapText": True,
            "autoHeight": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions=grid_options,
        className="portal-grid portal-grid-deferred" if deferred else "portal-grid",
        style={"width": "100%"},
        **options,
    )
