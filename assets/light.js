// Light mode on a 2G-class link (web/light.py): a browser that reports one through the Network Information API gets
// the charts as server-made images for this session, unless the reader chose otherwise (the `ringan` cookie). Runs
// before the app asks for its page (a deferred script ahead of the renderer's start), so that page comes light.
(function () {
    var link = navigator.connection;
    if (!link || /(^|;\s*)ringan=/.test(document.cookie)) {
        return;
    }
    if (link.effectiveType === "2g" || link.effectiveType === "slow-2g") {
        document.cookie = "ringan=auto; path=/; samesite=lax";
    }
})();
