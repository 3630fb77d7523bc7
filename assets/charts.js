// Lazy charts (components/chart_card.py with a source, pages/_charts.py): a chart's room holds its title and source
// line until it comes near the screen; then what it needs goes into its `chart-near` store and the server answers
// with the graph. The room keeps its height throughout: nothing moves.
(function () {
  "use strict";
  const MARGIN = "400px 0px"; // asked for a little before it shows, so it is drawn when the reader gets there
  const asked = new WeakSet();

  function ask(slot) {
    // A slot the app has since filled at once (e.g. the kecamatan ranking after a new choice) asks for nothing.
    if (!slot.dataset.chartSrc) return true;
    if (asked.has(slot) || !window.dash_clientside || !window.dash_clientside.set_props) return false;
    asked.add(slot);
    const wanted = JSON.parse(slot.dataset.chartSrc);
    window.dash_clientside.set_props({ id: wanted.chart, type: "chart-near" }, { data: wanted });
    return true;
  }

  const near = new IntersectionObserver(
    (entries) => {
      entries.forEach((entry) => {
        if (entry.isIntersecting && ask(entry.target)) near.unobserve(entry.target);
      });
    },
    { rootMargin: MARGIN },
  );

  function watch() {
    document.querySelectorAll("#react-entry-point [data-chart-src]").forEach((slot) => {
      if (!asked.has(slot)) near.observe(slot);
    });
  }

  // Every chart still waiting, asked for (as scrolling through the whole page would).
  function askAll() {
    document.querySelectorAll("#react-entry-point [data-chart-src]").forEach(ask);
  }

  // One chart drawn (its PNG button pressed before it came near the screen): resolves with its plotly element once
  // drawn, or null when it is not drawn in time.
  function draw(chart, timeout) {
    const slot = Array.from(document.querySelectorAll("#react-entry-point [data-chart-src]")).find(
      (s) => JSON.parse(s.dataset.chartSrc).chart === chart,
    );
    if (slot) ask(slot);
    const until = Date.now() + (timeout || 15000);
    return new Promise((resolve) => {
      (function check() {
        const card = Array.from(document.querySelectorAll("#react-entry-point [data-chart]")).find(
          (c) => c.dataset.chart === chart,
        );
        const graph = card && card.querySelector(".js-plotly-plot");
        if (graph && graph._fullLayout) resolve(graph);
        else if (Date.now() > until) resolve(null);
        else setTimeout(check, 150);
      })();
    });
  }
  // Every chart asked for and drawn (before printing a page): resolves once each has drawn, or after `timeout` ms.
  function drawAll(timeout) {
    askAll();
    const until = Date.now() + (timeout || 20000);
    return new Promise((resolve) => {
      (function check() {
        const slots = Array.from(document.querySelectorAll("#react-entry-point [data-chart-src]"));
        const drawn = slots.every((s) => {
          const graph = s.querySelector(".js-plotly-plot");
          return graph && graph._fullLayout;
        });
        if (drawn || Date.now() > until) resolve();
        else setTimeout(check, 150);
      })();
    });
  }
  window.portalCharts = { askAll, draw, drawAll };
  window.addEventListener("beforeprint", askAll); // printed from the browser's menu: as many as come in time

  function start() {
    const root = document.getElementById("react-entry-point");
    if (!root) return;
    new MutationObserver(watch).observe(root, { childList: true, subtree: true });
    watch();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
