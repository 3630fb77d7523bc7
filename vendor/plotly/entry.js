// The trace types the portal draws, on plotly.js's core (which holds scatter): bars, the tile-grid map
// (heatmap) and the regency choropleth with its "no data" legend entry (choropleth, scattergeo).
// Keep in step with the figure builders in components/: tests/unit/test_plotly_bundle.py checks it.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
]);

module.exports = Plotly;
