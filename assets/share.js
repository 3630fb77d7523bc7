// The share panel's copy buttons (components/share.py): the link, the caption or the embed code to the clipboard,
// by navigator.clipboard where the page is a secure context, else by a selected hidden text area.
(function () {
    function fallback(text) {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        var copied = false;
        try {
            copied = document.execCommand("copy");
        } catch (err) {
            copied = false;
        }
        area.remove();
        return copied;
    }
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("[data-copy]");
        var panel = button && button.closest(".share-panel");
        var source = panel && panel.querySelector('[data-copy-text="' + button.getAttribute("data-copy") + '"]');
        if (!source) {
            return;
        }
        var text = source.textContent;
        var done = function () {
            button.textContent = button.getAttribute("data-done");
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(done, function () {
                if (fallback(text)) {
                    done();
                }
            });
        } else if (fallback(text)) {
            done();
        }
    });
})();
