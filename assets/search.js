/* Cari: every search form (form.cari, components/search_box.py) becomes a WAI-ARIA combobox with a listbox popup.
 *
 * Typing asks /api/v1/search for the best answers (after a short pause; an older answer never replaces a newer
 * one). ArrowDown/ArrowUp move through the options (aria-activedescendant: the focus stays in the box), Enter
 * opens the chosen one (or, with none chosen, the full results at /cari), Escape closes the list (again: clears
 * the box), Tab leaves it. A live region says how many answers there are. Pages open inside the app (Dash's
 * router), as the navbar's links do. The words shown come from the form's data-words, in the reader's language.
 */
(function () {
  "use strict";
  var PAUSE = 120;
  var state = new WeakMap();

  function parts(form) {
    var input = form.querySelector("input[name=q]");
    return {
      form: form,
      input: input,
      list: document.getElementById(input.id + "-list"),
      status: document.getElementById(input.id + "-status"),
      words: JSON.parse(form.getAttribute("data-words") || "{}"),
      lang: document.documentElement.lang === "en" ? "en" : "id",
    };
  }

  function of(form) {
    var found = state.get(form);
    if (!found) {
      found = { items: [], active: -1, timer: null, asked: 0, query: "" };
      state.set(form, found);
    }
    return found;
  }

  function enhance(form) {
    var p = parts(form);
    if (!p.input || p.input.getAttribute("role") === "combobox") return;
    p.input.setAttribute("role", "combobox");
    p.input.setAttribute("aria-autocomplete", "list");
    p.input.setAttribute("aria-expanded", "false");
    p.input.setAttribute("aria-controls", p.list.id);
  }

  function enhanceAll() {
    document.querySelectorAll("form.cari").forEach(enhance);
  }

  function close(p) {
    var s = of(p.form);
    s.active = -1;
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function say(p, text) {
    p.status.textContent = text;
  }

  function option(p, i, title, kind, detail, sample) {
    var li = document.createElement("li");
    li.id = p.input.id + "-opt-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.className = "cari-option";
    li.setAttribute("data-index", String(i));
    var name = document.createElement("span");
    name.className = "cari-option-title";
    name.textContent = title;
    li.appendChild(name);
    var more = document.createElement("span");
    more.className = "cari-option-detail";
    more.textContent = [kind, detail].filter(Boolean).join(" · ");
    li.appendChild(more);
    if (sample) {
      var badge = document.createElement("span");
      badge.className = "badge bg-warning text-dark ms-1";
      badge.textContent = p.words.sample;
      more.appendChild(badge);
    }
    return li;
  }

  function render(p, answers, query) {
    var s = of(p.form);
    var w = p.words;
    p.list.textContent = "";
    s.items = [];
    answers.forEach(function (a, i) {
      var title = p.lang === "en" ? a.title_en : a.title_id;
      var detail = p.lang === "en" ? a.detail_en : a.detail_id;
      var kind = (a.kind === "region" && a.level && w.levels[a.level]) || w.kinds[a.kind] || "";
      p.list.appendChild(option(p, i, title, kind, detail, a.is_sample));
      s.items.push(a.href);
    });
    if (answers.length) {
      var all = option(p, answers.length, w.all.replace("{query}", query), "", "", false);
      all.classList.add("cari-option-all");
      p.list.appendChild(all);
      s.items.push("/cari?q=" + encodeURIComponent(query));
    }
    s.active = -1;
    p.input.removeAttribute("aria-activedescendant");
    var open = answers.length > 0;
    p.list.hidden = !open;
    p.input.setAttribute("aria-expanded", open ? "true" : "false");
    say(p, open ? w.count.replace("{count}", String(answers.length)) : w.none);
  }

  function ask(p) {
    var s = of(p.form);
    var query = p.input.value.trim();
    s.query = query;
    if (!query) {
      close(p);
      say(p, "");
      return;
    }
    var asked = ++s.asked;
    fetch("/api/v1/search?" + new URLSearchParams({ q: query.slice(0, 100) }), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (r) {
        return r.ok ? r.json() : { data: [] };
      })
      .then(function (body) {
        if (asked === s.asked) render(p, body.data || [], query);
      })
      .catch(function () {
        if (asked === s.asked) close(p);
      });
  }

  function choose(p, i) {
    var s = of(p.form);
    var n = s.items.length;
    if (!n) return;
    s.active = (i + n) % n;
    p.list.querySelectorAll("[role=option]").forEach(function (el, j) {
      var on = j === s.active;
      el.setAttribute("aria-selected", on ? "true" : "false");
      el.classList.toggle("active", on);
      if (on) {
        p.input.setAttribute("aria-activedescendant", el.id);
        el.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function go(p, href) {
    close(p);
    p.input.blur();
    if (href.charAt(0) === "/" && href.charAt(1) !== "/") {
      window.history.pushState({}, "", href);
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
      window.scrollTo(0, 0);
    } else {
      window.location.assign(href);
    }
  }

  function formOf(target) {
    return target && target.closest ? target.closest("form.cari") : null;
  }

  document.addEventListener("input", function (e) {
    var form = formOf(e.target);
    if (!form || e.target.name !== "q") return;
    enhance(form);
    var p = parts(form);
    var s = of(form);
    clearTimeout(s.timer);
    s.timer = setTimeout(function () {
      ask(p);
    }, PAUSE);
  });

  document.addEventListener("keydown", function (e) {
    var form = formOf(e.target);
    if (!form || e.target.name !== "q") return;
    var p = parts(form);
    var s = of(form);
    var open = !p.list.hidden;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open && s.items.length) {
        p.list.hidden = false;
        p.input.setAttribute("aria-expanded", "true");
      }
      choose(p, s.active + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (open) choose(p, s.active <= 0 ? s.items.length - 1 : s.active - 1);
    } else if (e.key === "Enter" && open && s.active >= 0) {
      e.preventDefault();
      go(p, s.items[s.active]);
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        close(p);
      } else if (p.input.value) {
        e.preventDefault();
        // Through the native setter, so that Dash's input hears the change as a reader's.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(p.input, "");
        p.input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    } else if (e.key === "Tab") {
      close(p);
    }
  });

  document.addEventListener("mousedown", function (e) {
    var li = e.target.closest ? e.target.closest(".cari-listbox [role=option]") : null;
    if (!li) return;
    e.preventDefault(); // the box keeps the focus until the page opens
    var form = li.closest("form.cari");
    var p = parts(form);
    var href = of(form).items[Number(li.getAttribute("data-index"))];
    if (href) go(p, href);
  });

  document.addEventListener("focusout", function (e) {
    var form = formOf(e.target);
    if (!form) return;
    setTimeout(function () {
      if (!form.contains(document.activeElement)) close(parts(form));
    }, 0);
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("cari")) return;
    var p = parts(form);
    var query = p.input.value.trim();
    e.preventDefault();
    if (query) go(p, "/cari?q=" + encodeURIComponent(query.slice(0, 100)));
  });

  // Dash draws the page after loading: enhance a search form as soon as it appears (once per frame at most).
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      enhanceAll();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", enhanceAll);
})();
