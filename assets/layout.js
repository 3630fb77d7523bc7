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
    const reached = window.scrollY > 0 ? sectors.filter((d) => d.getBoundingClientRect().top < window.innerHeight) : [];
    sectors.forEach(function (d) {
      d.setAttribute("data-folded", "");
      if (NARROW.matches && !reached.includes(d)) { d.open = false; }
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
