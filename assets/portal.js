// Clientside helpers: saving a chart as the same report-ready PNG the modebar camera makes.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  portal: {
    downloadPng: function (nClicks, buttonId) {
      if (!nClicks) { return window.dash_clientside.no_update; }
      const save = function (graph) {
        const opts = graph._context.toImageButtonOptions;
        Plotly.downloadImage(graph, { format: "png", width: opts.width, height: opts.height, scale: opts.scale || 1,
                                      filename: opts.filename });
        return opts.filename + ".png";
      };
      const graphId = { id: buttonId.id, type: "chart" };
      const wrapper = document.getElementById(JSON.stringify(graphId, Object.keys(graphId).sort()));
      const graph = wrapper && wrapper.querySelector(".js-plotly-plot");
      if (graph) { return save(graph); }
      // A lazy chart not drawn yet (assets/charts.js): asked for now, saved once drawn.
      if (window.portalCharts) { window.portalCharts.draw(buttonId.id).then((drawn) => drawn && save(drawn)); }
      return window.dash_clientside.no_update;
    },
    // Tabs (components/tabs.py): select the clicked tab of its group, show its panel, leave other groups be.
    switchTab: function (_clicks, ids, selected) {
      const triggered = (window.dash_clientside.callback_context.triggered || [])[0];
      if (!triggered || !triggered.prop_id.endsWith(".n_clicks")) { return window.dash_clientside.no_update; }
      const chosen = JSON.parse(triggered.prop_id.slice(0, -".n_clicks".length));
      const on = ids.map((id, i) => id.group === chosen.group ? id.key === chosen.key : selected[i] === "true");
      return [
        on.map((v) => (v ? "true" : "false")),
        on.map((v) => "nav-link" + (v ? " active" : "")),
        on.map((v) => !v),
      ];
    },
    // Kirim data (components/delivery_page.py): name the chosen file; on the button, post it to /kirim/berkas as
    // the plain form would (the file and the anti-forgery token) and follow the answer: the delivery's report, or
    // the form again with the refusal's sentence.
    sendFile: function (_clicks, filename, contents, texts) {
      const triggered = (window.dash_clientside.callback_context.triggered || [])[0];
      if (!triggered || !triggered.prop_id.endsWith(".n_clicks")) { return filename || ""; }
      if (!contents || !filename) { return texts.none; }
      const encoded = atob(contents.slice(contents.indexOf(",") + 1));
      const bytes = new Uint8Array(encoded.length);
      for (let i = 0; i < encoded.length; i++) { bytes[i] = encoded.charCodeAt(i); }
      const form = new FormData();
      form.append("csrf_token", texts.token);
      form.append("berkas", new Blob([bytes]), filename);
      fetch("/kirim/berkas", { method: "POST", body: form, credentials: "same-origin" })
        .then((answer) => { window.location.assign(answer.url); })
        .catch(() => { document.getElementById("kirim-berkas-nama").textContent = texts.failed; });
      return texts.sending;
    },
  },
});
