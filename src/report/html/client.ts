/**
 * The browser script of the report and the review UI (plain ES2017, no dependencies). It only
 * moves between pages and cards, applies filters, and in the review UI posts decisions; the HTML it
 * inserts comes from the server, already escaped.
 */
export const CLIENT_SCRIPT = `(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  var review = body.getAttribute("data-mode") === "review";
  doc.documentElement.classList.add("js");

  function pages() { return Array.prototype.slice.call(doc.querySelectorAll("[data-page]")); }
  function cards() { return Array.prototype.slice.call(doc.querySelectorAll("[data-page]:not([hidden]) .card")); }
  function current() { return doc.querySelector(".card.current"); }

  function setCurrent(card, scroll) {
    var old = current();
    if (old && old !== card) old.classList.remove("current");
    if (!card) return;
    card.classList.add("current");
    if (scroll) { card.scrollIntoView({ block: "center" }); card.focus({ preventScroll: true }); }
  }

  // Single-file report: every page is a section; show the one the fragment points into.
  function route() {
    var all = pages();
    if (all.length < 2) { var t = target(); if (t && t.classList.contains("card")) setCurrent(t, true); return; }
    var el = target();
    var page = el ? (el.hasAttribute("data-page") ? el : el.closest("[data-page]")) : null;
    if (!page) page = doc.getElementById("overview") || all[0];
    all.forEach(function (p) { p.hidden = p !== page; });
    if (el && el.classList.contains("card")) setCurrent(el, true);
    else window.scrollTo(0, 0);
  }
  function target() {
    var id = fragmentId(location.hash);
    return id ? doc.getElementById(id) : null;
  }
  // A fragment that is not valid percent-encoding (e.g. "#%E0%A4%A") names no element: ignore it
  // rather than stop the script with a URIError.
  function fragmentId(hash) {
    try { return decodeURIComponent(hash.slice(1)); } catch (e) { return ""; }
  }

  function move(step) {
    var list = cards();
    if (list.length === 0) return;
    var i = list.indexOf(current());
    var next = list[Math.max(0, Math.min(list.length - 1, i < 0 ? 0 : i + step))];
    setCurrent(next, true);
    if (next.id && pages().length > 1) history.replaceState(null, "", "#" + next.id);
  }

  doc.addEventListener("click", function (ev) {
    var t = ev.target;
    var dl = t.closest("[data-set-dl]");
    if (dl) {
      body.setAttribute("data-dl", dl.getAttribute("data-set-dl"));
      doc.querySelectorAll("[data-set-dl]").forEach(function (b) { b.setAttribute("aria-pressed", String(b === dl)); });
      return;
    }
    var card = t.closest(".card");
    if (card) setCurrent(card, false);
    var act = t.closest("[data-act]");
    if (act && card && review) { ev.preventDefault(); perform(card, act.getAttribute("data-act")); }
  });
  doc.addEventListener("change", function (ev) {
    if (ev.target.matches("[data-set-cat]")) body.setAttribute("data-cat", ev.target.value);
  });
  doc.addEventListener("submit", function (ev) {
    var form = ev.target.closest(".editor");
    if (!form) return;
    ev.preventDefault();
    save(form.closest(".card"));
  });

  doc.addEventListener("keydown", function (ev) {
    var tag = ev.target.tagName;
    if (tag === "TEXTAREA" && (ev.key === "Escape" || (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)))) {
      ev.preventDefault();
      var card = ev.target.closest(".card");
      if (ev.key === "Escape") closeEditor(card); else save(card);
      return;
    }
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var key = ev.key;
    if (key === "j" || key === "n") { ev.preventDefault(); move(1); }
    else if (key === "k") { ev.preventDefault(); move(-1); }
    else if (key === "o" && !review && pages().length > 1) { location.hash = "#overview"; }
    else if (review && "afem".indexOf(key) >= 0 && key.length === 1) {
      var c = current() || cards()[0];
      if (!c) return;
      ev.preventDefault();
      setCurrent(c, false);
      perform(c, { a: "accept", f: "flip", e: "edit", m: "note" }[key]);
    }
  });

  // Review UI: accept and flip post at once; edit and note open the card's text box first.
  function perform(card, act) {
    if (act === "cancel") return closeEditor(card);
    if (act === "edit" || act === "note") {
      var form = card.querySelector(".editor");
      var box = form.querySelector("textarea");
      form.hidden = false;
      form.setAttribute("data-op", act);
      box.placeholder = act === "edit" ? "The correct answer" : "Your note";
      box.value = act === "edit" ? card.querySelector(".ans").textContent.replace(/^Machine answer: /, "") : "";
      box.focus();
      return;
    }
    send(card, { op: act });
  }
  function closeEditor(card) {
    var form = card.querySelector(".editor");
    form.hidden = true;
    card.focus({ preventScroll: true });
  }
  function save(card) {
    var form = card.querySelector(".editor");
    send(card, { op: form.getAttribute("data-op"), text: form.querySelector("textarea").value });
  }
  function send(card, payload) {
    var status = card.querySelector(".status");
    status.className = "status";
    status.textContent = "saving…";
    payload.documentId = card.getAttribute("data-doc");
    payload.cq = Number(card.getAttribute("data-cq"));
    if (card.hasAttribute("data-show-paper")) payload.showPaper = true;
    var token = doc.querySelector('meta[name="ms-token"]').getAttribute("content");
    fetch("/api/reviews", {
      method: "POST",
      headers: { "content-type": "application/json", "x-methodscope-token": token },
      body: JSON.stringify(payload),
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data.error || res.statusText);
        var tmp = doc.createElement("div");
        tmp.innerHTML = data.html;
        var fresh = tmp.firstElementChild;
        card.replaceWith(fresh);
        setCurrent(fresh, false);
        fresh.focus({ preventScroll: true });
        fresh.querySelector(".status").textContent = "saved";
        // Accepting is the common case: go straight on to the next answer.
        if (payload.op === "accept") move(1);
      });
    }).catch(function (err) {
      status.className = "status err";
      status.textContent = "not saved: " + err.message;
    });
  }

  window.addEventListener("hashchange", route);
  route();
})();
`;
