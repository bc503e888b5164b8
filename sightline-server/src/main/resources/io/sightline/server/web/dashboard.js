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

  var pending = null, inFlight = false, again = false;
  function scheduleRefresh() {
    if (pending) return;
    pending = setTimeout(function () { pending = null; refresh(); }, 200);
  }
  // Fetch this page again and swap every live region (elements with id and data-live) in place.
  function refresh() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch(location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        doc.querySelectorAll("[data-live][id]").forEach(function (fresh) {
          var old = document.getElementById(fresh.id);
          if (old) old.replaceWith(document.importNode(fresh, true));
        });
        localTimes(document);
        applySelection();
      })
      .catch(function () { /* the next event tries again */ })
      .finally(function () { inFlight = false; if (again) { again = false; scheduleRefresh(); } });
  }

  if (streamUrl && window.EventSource) {
    var source = new EventSource(streamUrl, { withCredentials: true });
    source.onopen = function () { showLive(); scheduleRefresh(); }; // catch up on what passed while down
    source.onerror = function () { if (downSince === null) downSince = Date.now(); showStale(); };
    var types = ["acquisition", "grid", "atlas", "atlas_tile", "gridsquare", "atlas_tile_gridsquare_position",
                 "foilhole", "micrograph", "instruction", "agent", "data_object"];
    var changes = ["created", "updated", "deleted", "progress", "status", "registered"];
    types.forEach(function (t) {
      changes.forEach(function (c) { source.addEventListener(t + "." + c, scheduleRefresh); });
    });
    source.addEventListener("heartbeat", function () { showLive(); if (body.querySelector("[data-testid=agents]")) scheduleRefresh(); });
    source.addEventListener("replay-truncated", scheduleRefresh);
    source.onmessage = scheduleRefresh;
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
          if (r.ok) { selected = []; applySelection(); scheduleRefresh(); return; }
          return r.json().then(function (p) { alert(p.detail || ("refused: " + r.status)); });
        });
    });
  }
  localTimes(document);
})();
