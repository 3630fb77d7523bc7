// Regional views: the regency map needs no world basemap, the profile prints two charts per A4 row, and the
// address the server writes for a view is put in place without a reload.
(function () {
  // A geo trace asks plotly.js for the world topojson even when the base map is hidden (geo.visible=false);
  // an empty topology keeps the map working offline and within the Content-Security-Policy (connect-src 'self').
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
  if (!window.PlotlyGeoAssets.topojson.world_110m) {
    window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
  }

  // Plotly draws charts at the screen width; before printing, redraw the profile's charts at half an A4 width.
  const PRINT_WIDTH = 330, PRINT_HEIGHT = 480;  // tall enough for a plot under the legend and the source line
  function profileGraphs() {
    return document.querySelector(".profile-page") && window.Plotly
      ? Array.from(document.querySelectorAll(".profile-page .js-plotly-plot"))
      : [];
  }
  // The legend keeps its distance from the top (under the subtitle): its place is a fraction of the height.
  function legendAt(gd, height) {
    const legend = gd.layout.legend || {};
    return legend.y === undefined ? {} : { "legend.y": 1 - (1 - legend.y) * gd._fullLayout.height / height };
  }
  window.addEventListener("beforeprint", function () {
    profileGraphs().forEach(function (gd) {
      gd.dataset.screenLegendY = (gd.layout.legend || {}).y;
      window.Plotly.relayout(gd, Object.assign({ width: PRINT_WIDTH, height: PRINT_HEIGHT, autosize: false }, legendAt(gd, PRINT_HEIGHT)));
    });
  });
  window.addEventListener("afterprint", function () {
    profileGraphs().forEach(function (gd) {
      const y = parseFloat(gd.dataset.screenLegendY);
      window.Plotly.relayout(gd, Object.assign({ width: null, height: null, autosize: true }, isNaN(y) ? {} : { "legend.y": y }));
    });
  });
})();

// Clientside functions of the regional pages (pages/wilayah.py, pages/wilayah_profil.py).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  regions: {
    // The address of the view on screen, as portal/state/regional.py writes it: replaced in place, so a copied
    // link reopens the view, without a reload and without a history entry per filter change.
    replaceAddress: function (search) {
      if (typeof search === "string" && window.location.search !== search) {
        window.history.replaceState(window.history.state, "", window.location.pathname + search);
      }
      return window.dash_clientside.no_update;
    },
    // Printed with every chart: the lazy ones not drawn yet are drawn first (assets/charts.js).
    print: function (clicks) {
      if (clicks) {
        (window.portalCharts ? window.portalCharts.drawAll() : Promise.resolve()).then(function () { window.print(); });
      }
      return window.dash_clientside.no_update;
    },
  },
});
