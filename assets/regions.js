// Regional views: the regency map needs no world basemap, and the profile prints two charts per A4 row.
(function () {
  // A geo trace asks plotly.js for the world topojson even when the base map is hidden (geo.visible=false);
  // an empty topology keeps the map working offline and within the Content-Security-Policy (connect-src 'self').
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
  if (!window.PlotlyGeoAssets.topojson.world_110m) {
    window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
  }

  // Plotly draws charts at the screen width; before printing, redraw the profile's charts at half an A4 width.
  const PRINT_WIDTH = 330, PRINT_HEIGHT = 360;
  function profileGraphs() {
    return document.querySelector(".profile-page") && window.Plotly
      ? Array.from(document.querySelectorAll(".profile-page .js-plotly-plot"))
      : [];
  }
  window.addEventListener("beforeprint", function () {
    profileGraphs().forEach(function (gd) { window.Plotly.relayout(gd, { width: PRINT_WIDTH, height: PRINT_HEIGHT, autosize: false }); });
  });
  window.addEventListener("afterprint", function () {
    profileGraphs().forEach(function (gd) { window.Plotly.relayout(gd, { width: null, height: null, autosize: true }); });
  });
})();
