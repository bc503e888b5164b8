// Sightline dashboard: one event stream per page, live regions refreshed from the server, steering
// selection. No build step: this file is served as written (docs/dashboard.md).
(function () {
  "use strict";
  var body = document.body;
  var badge = document.querySelector("[data-testid=live-badge]");
  var streamUrl = body.getAttribute("data-stream");
  var csrf = body.getAttribute("data-csrf");
  var selected = []; // grid square uuids, in the order the operator picked them

  // Times: the viewer's zone in the text, UTC in the title (set by the server).
  function localTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      var d = new Date(t.getAttribute("datetime"));
      if (!isNaN(d)) t.textContent = d.toLocaleString();
    });
  }

  // ---- live: one EventSource; the browser resumes it with Last-Event-ID by itself
  var downSince = null;
  function showLive() { downSince = null; if (badge) { badge.textContent = "live"; badge.className = "badge live"; } }
  function showStale() {
    if (!badge || downSince === null) return;
    var s = Math.round((Date.now() - downSince) / 1000);
    badge.textContent = "stale for " + s + " s";
    badge.className = "badge stale";
  }
  setInterval(showStale, 1000);

  // Adaptive coalescing: refresh at once when idle; during a burst one refresh runs and one more follows
  // it, at most one start per MIN_GAP_MS, so lag stays about one render without a render per event.
  // Each refresh names the newest event the page has received (X-Sightline-Live): the server answers
  // with a render shared by every viewer of this page that reflects it (docs/dashboard.md).
  var MIN_GAP_MS = 100;
  var seen = null;       // the newest event id received; null until one arrives
  var wantLatest = true; // the next refresh must reflect everything committed (stream just (re)opened)
  var pending = null, inFlight = false, again = false, lastStart = 0;
  function noteEvent(e) {
    var id = e && e.lastEventId ? Number(e.lastEventId) : NaN;
    if (!isNaN(id) && (seen === null || id > seen)) seen = id;
  }
  function onEvent(e) { noteEvent(e); patchCount(e); scheduleRefresh(); }

  // Counts move at once: a created entity raises its count on the acquisition page (whose stream carries
  // only its events) before the shared render arrives. A render shows no event after the id in its
  // X-Sightline-Newest-At-End header, so only later events are raised by hand, and they are raised again
  // over each fresh render until one shows them: a count is never raised twice for one event.
  var COUNTED = { "micrograph.created": "count-micrographs", "gridsquare.created": "count-squares",
                  "foilhole.created": "count-holes" };
  var shownUpTo = -1; // no event after this id is in the regions shown; -1: the page's own (first) render
  var raised = [];    // [event id, data-testid] raised by hand since
  function raise(testid) {
    var el = document.querySelector("#summary [data-testid=" + testid + "]");
    var n = el ? parseInt(el.textContent, 10) : NaN;
    if (!isNaN(n)) el.textContent = String(n + 1);
  }
  function patchCount(e) {
    var testid = COUNTED[e.type], id = Number(e.lastEventId);
    if (!testid || isNaN(id) || id <= shownUpTo || !document.querySelector("#summary")) return;
    raised.push([id, testid]);
    raise(testid);
  }
  function reraise(newestAtEnd) {
    if (isNaN(newestAtEnd)) { raised = []; return; }
    shownUpTo = newestAtEnd;
    raised = raised.filter(function (r) { return r[0] > newestAtEnd; });
    raised.forEach(function (r) { raise(r[1]); });
  }
  function refreshLatest() { wantLatest = true; scheduleRefresh(); }
  function scheduleRefresh() {
    if (inFlight) { again = true; return; }
    if (pending) return;
    var wait = Math.max(0, lastStart + MIN_GAP_MS - Date.now());
    pending = setTimeout(function () { pending = null; refresh(); }, wait);
  }
  // Fetch this page's shared live render and swap every live region (elements with id and data-live).
  function refresh() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    lastStart = Date.now();
    var want = wantLatest || seen === null ? "latest" : String(seen);
    wantLatest = false;
    fetch(location.href, { headers: { "Accept": "text/html", "X-Sightline-Live": want }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) return Promise.reject(r.status);
        var end = Number(r.headers.get("X-Sightline-Newest-At-End") || NaN);
        var reflects = r.headers.get("X-Sightline-Reflects");
        return r.text().then(function (text) { return { text: text, end: end, reflects: reflects }; });
      })
      .then(function (answer) {
        var doc = new DOMParser().parseFromString(answer.text, "text/html");
        doc.querySelectorAll("[data-live][id]").forEach(function (fresh) {
          var old = document.getElementById(fresh.id);
          if (old) old.replaceWith(document.importNode(fresh, true));
        });
        reraise(answer.end);
        localTimes(document);
        applySelection();
        markNew();
        maps();
        // maps.js re-applies its state; table.js refetches its rows as of the same event
        document.dispatchEvent(new CustomEvent("sightline:refreshed", { detail: { reflects: answer.reflects } }));
      })
      .catch(function () { if (want === "latest") wantLatest = true; /* the next event tries again */ })
      .finally(function () { inFlight = false; if (again) { again = false; scheduleRefresh(); } });
  }

  // ---- pan and zoom of the maps: wheel or +/- zooms, drag pans, 0 resets; kept across live refreshes
  var views = {}; // data-testid of the map -> its viewBox, while zoomed
  var dragged = false;
  function box(svg) { return svg.getAttribute("viewBox").split(/\s+/).map(Number); }
  function zoomAt(svg, factor, cx, cy) {
    var b = box(svg), w = b[2] * factor, h = b[3] * factor;
    if (cx === undefined) { cx = b[0] + b[2] / 2; cy = b[1] + b[3] / 2; }
    var v = [cx - (cx - b[0]) * factor, cy - (cy - b[1]) * factor, w, h].join(" ");
    svg.setAttribute("viewBox", v);
    views[svg.getAttribute("data-testid")] = v;
  }
  function toMap(svg, e) {
    var b = box(svg), r = svg.getBoundingClientRect();
    var s = Math.max(b[2] / r.width, b[3] / r.height); // preserveAspectRatio meet: the larger scale wins
    return [b[0] + (e.clientX - r.left - (r.width - b[2] / s) / 2) * s,
            b[1] + (e.clientY - r.top - (r.height - b[3] / s) / 2) * s, s];
  }
  function maps() {
    document.querySelectorAll("svg.map").forEach(function (svg) {
      var id = svg.getAttribute("data-testid");
      if (!svg.hasAttribute("data-full-view")) svg.setAttribute("data-full-view", svg.getAttribute("viewBox"));
      if (views[id]) svg.setAttribute("viewBox", views[id]);
      if (svg.__panZoom) return;
      svg.__panZoom = true;
      svg.addEventListener("wheel", function (e) {
        e.preventDefault();
        var p = toMap(svg, e);
        zoomAt(svg, e.deltaY < 0 ? 0.8 : 1.25, p[0], p[1]);
      }, { passive: false });
      var start = null;
      svg.addEventListener("pointerdown", function (e) {
        if (e.button === 0) { start = { x: e.clientX, y: e.clientY, b: box(svg), s: toMap(svg, e)[2] }; dragged = false; }
      });
      svg.addEventListener("pointermove", function (e) {
        if (!start) return;
        var dx = e.clientX - start.x, dy = e.clientY - start.y;
        if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return; // a click, not a drag
        dragged = true;
        var v = [start.b[0] - dx * start.s, start.b[1] - dy * start.s, start.b[2], start.b[3]].join(" ");
        svg.setAttribute("viewBox", v);
        views[svg.getAttribute("data-testid")] = v;
      });
      window.addEventListener("pointerup", function () { start = null; });
      svg.addEventListener("keydown", function (e) {
        if (e.key === "+" || e.key === "=") zoomAt(svg, 0.8);
        else if (e.key === "-") zoomAt(svg, 1.25);
        else if (e.key === "0") {
          svg.setAttribute("viewBox", svg.getAttribute("data-full-view"));
          delete views[svg.getAttribute("data-testid")];
        }
      });
    });
  }
  // a drag that ends on a square or hole must not open it
  document.addEventListener("click", function (e) {
    if (dragged) { e.preventDefault(); e.stopImmediatePropagation(); dragged = false; }
  }, true);
  maps();

  // ---- "new since you looked": what arrives while the tab is hidden is marked until it is seen
  var lookedAt = null; // uuids on the page when the tab was hidden; null while it is visible
  function uuids() {
    var out = {};
    document.querySelectorAll("[data-square-uuid],[data-hole-uuid],tr[data-acquisition-uuid],tr[data-instruction-id]")
      .forEach(function (e) { out[key(e)] = true; });
    return out;
  }
  function key(e) {
    return e.getAttribute("data-square-uuid") || e.getAttribute("data-hole-uuid") ||
           e.getAttribute("data-acquisition-uuid") || e.getAttribute("data-instruction-id");
  }
  var marked = {};
  function markNew() {
    if (lookedAt === null && Object.keys(marked).length === 0) return;
    document.querySelectorAll("[data-square-uuid],[data-hole-uuid],tr[data-acquisition-uuid],tr[data-instruction-id]")
      .forEach(function (e) {
        var k = key(e);
        if (lookedAt !== null && !lookedAt[k]) marked[k] = true;
        if (marked[k]) { e.setAttribute("data-new-since-looked", "true"); e.classList.add("new-since-looked"); }
      });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { lookedAt = uuids(); return; }
    lookedAt = null;
    // seen now: the marks fade after a few seconds of looking
    setTimeout(function () {
      if (document.hidden) return;
      marked = {};
      document.querySelectorAll("[data-new-since-looked]").forEach(function (e) {
        e.removeAttribute("data-new-since-looked"); e.classList.remove("new-since-looked");
      });
    }, 10000);
  });

  if (streamUrl && window.EventSource) {
    var source = new EventSource(streamUrl, { withCredentials: true });
    source.onopen = function () { showLive(); refreshLatest(); }; // catch up on what passed while down
    source.onerror = function () { if (downSince === null) downSince = Date.now(); showStale(); };
    var types = ["acquisition", "grid", "atlas", "atlas_tile", "gridsquare", "atlas_tile_gridsquare_position",
                 "foilhole", "micrograph", "instruction", "agent", "data_object"];
    var changes = ["created", "updated", "deleted", "progress", "status", "registered"];
    types.forEach(function (t) {
      changes.forEach(function (c) { source.addEventListener(t + "." + c, onEvent); });
    });
    source.addEventListener("heartbeat", function () { showLive(); if (body.querySelector("[data-testid=agents]")) scheduleRefresh(); });
    source.addEventListener("replay-truncated", refreshLatest);
    // further event types a page follows (the fast-monitoring page: the swf messages)
    document.querySelectorAll("[data-refresh-on]").forEach(function (e) {
      e.getAttribute("data-refresh-on").split(/\s+/).filter(Boolean)
        .forEach(function (t) { source.addEventListener(t, onEvent); });
    });
    source.onmessage = onEvent;
  } else {
    showLive();
  }

  // ---- steering: select squares on the atlas (select mode) or by checkbox; keep the order picked
  function selectMode() {
    var box = document.querySelector("input[data-action=select-mode]");
    return box && box.checked;
  }
  function applySelection() {
    document.querySelectorAll("[data-square-uuid]").forEach(function (r) {
      r.classList.toggle("selected", selected.indexOf(r.getAttribute("data-square-uuid")) >= 0);
      r.setAttribute("aria-selected", selected.indexOf(r.getAttribute("data-square-uuid")) >= 0 ? "true" : "false");
    });
    document.querySelectorAll("input[data-select-square]").forEach(function (c) {
      c.checked = selected.indexOf(c.value) >= 0;
    });
    var count = document.querySelector("[data-testid=selection]");
    if (count) count.textContent = selected.length + " selected";
  }
  function toggle(uuid) {
    var i = selected.indexOf(uuid);
    if (i >= 0) selected.splice(i, 1); else selected.push(uuid);
    applySelection();
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-square-link]");
    if (link && selectMode()) { e.preventDefault(); toggle(link.getAttribute("data-square-link")); return; }
    var hole = e.target.closest && e.target.closest("a[data-hole-link]");
    if (hole) {
      e.preventDefault();
      fetch(hole.getAttribute("href"), { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var fresh = doc.querySelector("[data-testid=hole-micrographs]");
          var old = document.querySelector("[data-testid=hole-micrographs]");
          if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); localTimes(document); }
        });
    }
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("input[data-select-square]")) {
      var uuid = e.target.value, i = selected.indexOf(uuid);
      if (e.target.checked && i < 0) selected.push(uuid);
      if (!e.target.checked && i >= 0) selected.splice(i, 1);
      applySelection();
    }
  });
  var form = document.getElementById("steering-form");
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new URLSearchParams();
      data.append("csrf", csrf);
      data.append("action", e.submitter ? e.submitter.value : "skip");
      var session = form.querySelector("select[name=session]");
      if (session) data.append("session", session.value);
      selected.forEach(function (u) { data.append("squares", u); });
      // getAttribute: the buttons named "action" shadow the form's action property
      fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
                           headers: { "X-CSRF-Token": csrf } })
        .then(function (r) {
          if (r.ok) { selected = []; applySelection(); refreshLatest(); return; }
          return r.json().then(function (p) { alert(p.detail || ("refused: " + r.status)); });
        });
    });
  }
  // A region's script loaded on the first click in it (the table's), then that click is given again
  document.addEventListener("click", function (e) {
    var region = e.target.closest && e.target.closest("[data-script]");
    if (!region || region.__script) return;
    region.__script = true;
    var script = document.createElement("script");
    script.src = region.getAttribute("data-script");
    script.onload = function () { e.target.click(); };
    document.body.appendChild(script);
  });
  localTimes(document);
})();
