// Clientside helpers: saving a chart as the same report-ready PNG the modebar camera makes.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  portal: {
    downloadPng: function (nClicks, graphId) {
      if (!nClicks) { return window.dash_clientside.no_update; }
      const wrapper = document.getElementById(JSON.stringify(graphId, Object.keys(graphId).sort()));
      const graph = wrapper && wrapper.querySelector(".js-plotly-plot");
      if (!graph) { return window.dash_clientside.no_update; }
      const opts = graph._context.toImageButtonOptions;
      Plotly.downloadImage(graph, { format: "png", width: opts.width, height: opts.height, scale: 1,
                                    filename: opts.filename });
      return opts.filename + ".png";
    },
  },
});
