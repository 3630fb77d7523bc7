// Readable offline (web/offline.py, web/sw.js): registers the service worker and, while the page is read without
// a network, shows the banner "Data per <tanggal> · luring" and takes the controls that need the server out of
// use, with the banner's sentence saying why.
(function () {
  "use strict";
  // Controls that ask the server: filters, the search box, the downloads. The PNG buttons and print stay.
  const NEEDS_SERVER = [
    "#react-entry-point select",
    "#react-entry-point input",
    "#react-entry-point textarea",
    "#react-entry-point .dash-dropdown",
    "#react-entry-point .rc-slider",
    "#react-entry-point .download-bar button",
    "#react-entry-point .cari button",
    "#react-entry-point a[download]",
  ].join(",");
  const OFF = "data-offline-off";
  const banner = document.getElementById("offline-banner");
  let offline = false;
  let watcher = null;

  function dateOf(iso) {
    const lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
    const when = iso ? new Date(iso) : new Date();
    return when.toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });
  }

  function savedCopy() {
    if (!window.caches) return Promise.resolve(null);
    return caches
      .match(location.href, { ignoreVary: true })
      .then((found) => (found ? found.headers.get("X-Portal-Saved") : null))
      .catch(() => null);
  }

  function disable() {
    document.querySelectorAll(NEEDS_SERVER).forEach((el) => {
      if (el.hasAttribute(OFF)) return;
      el.setAttribute(OFF, "");
      el.setAttribute("inert", "");
      el.setAttribute("aria-disabled", "true");
    });
  }

  function enable() {
    document.querySelectorAll(`[${OFF}]`).forEach((el) => {
      el.removeAttribute(OFF);
      el.removeAttribute("inert");
      el.removeAttribute("aria-disabled");
    });
  }

  function show(saved) {
    if (!banner) return;
    const text = banner.querySelector(".offline-date");
    text.textContent = banner.dataset.text.replace("{date}", dateOf(saved));
    if (offline) return;
    offline = true;
    banner.hidden = false;
    document.documentElement.classList.add("portal-offline");
    disable();
    watcher = new MutationObserver(disable);
    watcher.observe(document.getElementById("react-entry-point") || document.body, { childList: true, subtree: true });
  }

  function hide() {
    if (!offline || !banner) return;
    offline = false;
    banner.hidden = true;
    document.documentElement.classList.remove("portal-offline");
    if (watcher) watcher.disconnect();
    enable();
  }

  window.addEventListener("offline", () => savedCopy().then(show));
  window.addEventListener("online", hide);
  if (navigator.onLine === false) savedCopy().then(show);

  if (!("serviceWorker" in navigator)) return;
  const workers = navigator.serviceWorker;
  workers.addEventListener("message", (event) => {
    if (event.data && event.data.portal === "offline") show(event.data.saved);
  });
  workers.startMessages();
  const controlled = Boolean(workers.controller);
  workers
    .register("/sw.js", { scope: "/" })
    .then(() => {
      if (controlled) return;
      // The first visit: what the page loaded before the worker took charge, for the worker to keep.
      const hand = () =>
        workers.ready.then((registration) => {
          const loaded = performance
            .getEntriesByType("resource")
            .map((entry) => entry.name)
            .filter((url) => url.startsWith(location.origin) && !url.includes("_dash-update-component"));
          if (registration.active) registration.active.postMessage({ portalKeep: [location.href, ...loaded] });
        });
      if (document.readyState === "complete") hand();
      else window.addEventListener("load", hand);
    })
    .catch(() => undefined);
})();
