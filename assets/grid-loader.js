// The data grid only where it is drawn (issue 19, item 6): the page's HTML does not load dash-ag-grid's bundle
// (web/gridjs.py leaves it out and names it in <meta name="portal-grid-bundle">). This stands in for the grid
// component until the bundle is in: the first grid a page draws fetches it once, then every grid is the real one
// (the bundle replaces window.dash_ag_grid when it runs).
(function () {
  var meta = document.querySelector('meta[name="portal-grid-bundle"]');
  if (!meta || window.dash_ag_grid || !window.React) { return; }
  var url = meta.getAttribute("content");
  var loading = null;
  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(window.dash_ag_grid); };
        script.onerror = function () {
          loading = null;
          reject(new Error("the data grid's script did not load: " + url));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }
  var Grid = React.lazy(function () {
    return load().then(function (real) { return { default: real.AgGrid }; });
  });
  function Drawn(props) {
    return React.createElement(React.Suspense, { fallback: null }, React.createElement(Grid, props));
  }
  // A deferred grid (components/grid.py: below the first screen, or in a tab not shown) keeps an empty room until it
  // comes within 400 px of the screen or its tab opens: neither its script nor its drawing holds up the page.
  function Deferred(props) {
    var room = React.useRef(null);
    var shown = React.useState(false);
    React.useEffect(function () {
      if (shown[0] || !room.current) { return undefined; }
      var near = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { near.disconnect(); shown[1](true); }
      }, { rootMargin: "400px 0px" });
      near.observe(room.current);
      return function () { near.disconnect(); };
    }, [shown[0]]);
    if (shown[0]) { return Drawn(props); }
    return React.createElement("div", {
      ref: room, id: props.id, className: (props.className || "") + " grid-waiting", style: { minHeight: "12rem" },
    });
  }
  function AgGrid(props) {
    return /\bportal-grid-deferred\b/.test(props.className || "") ? React.createElement(Deferred, props) : Drawn(props);
  }
  window.dash_ag_grid = {
    AgGrid: AgGrid,
    getApiAsync: function (id) { return load().then(function (real) { return real.getApiAsync(id); }); },
  };
})();
