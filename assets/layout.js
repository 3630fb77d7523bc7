// The regency profile on a phone (issue 18): its sectors arrive open (a wide screen and print show them all) and
// are folded here on a narrow screen, once each, so the page leads with what changed and what misses its target.
// Following a sector's link opens it; printing opens every sector, so the A4 version stays complete.
(function () {
  const NARROW = window.matchMedia("(max-width: 767.98px)");
  function fold() {
    document.querySelectorAll("details.profile-sector:not([data-folded])").forEach(function (d) {
      d.setAttribute("data-folded", "");
      if (NARROW.matches) { d.open = false; }
    });
  }
  new MutationObserver(fold).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[href^='#sektor-']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.profile-sector").forEach(function (d) { d.open = true; });
  });
})();
