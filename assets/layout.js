// The regency profile on a phone (issue 18): its sectors arrive open (a wide screen and print show them all) and
// are folded here on a narrow screen, once each, so the page leads with what changed and what misses its target.
// Following a sector's link opens it; printing opens every sector, so the A4 version stays complete.
// A sector the reader has already scrolled to in the first screen (all open: it is written before any script runs)
// stays open when the app comes, and so does every sector above it: folding them would pull the page from under
// the reader's eyes.
(function () {
  const NARROW = window.matchMedia("(max-width: 767.98px)");
  function fold() {
    const sectors = Array.from(document.querySelectorAll("details.profile-sector:not([data-folded])"));
    // Where the reader is is read only on a narrow screen: reading it makes the browser lay out the new page at once.
    const reached = NARROW.matches && window.scrollY > 0 ?
      sectors.filter((d) => d.getBoundingClientRect().top < window.innerHeight) : [];
    sectors.forEach(function (d) {
      d.setAttribute("data-folded", "");
      if (NARROW.matches && !reached.includes(d)) { d.open = false; }
    });
  }
  // Only a change that adds a sector asks for a fold: the app and plotly.js add thousands of nodes while they draw,
  // and a look through the whole page after each of them cost some 60 ms of a desktop's main thread.
  function addsSector(records) {
    return records.some(function (record) {
      return Array.prototype.some.call(record.addedNodes, function (node) {
        return node.nodeType === 1 && !(node instanceof SVGElement) &&
          (node.matches("details.profile-sector") || node.querySelector("details.profile-sector") !== null);
      });
    });
  }
  new MutationObserver(function (records) { if (addsSector(records)) { fold(); } })
    .observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[href^='#sektor-']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.profile-sector").forEach(function (d) { d.open = true; });
  });
})();
