// Sightline dashboard: the acquisition page's table of squares, holes or micrographs (docs/dashboard.md,
// "Table"), and the report's print button. No build step: served as written.
//
// The rows come once from /ui/acquisitions/{uuid}/table?kind=...; sorting, filtering and the CSV of what is
// shown all work on that one array, so the export is exactly the rows on screen, in their order. Only the
// rows in view (and a few either side) are in the DOM: two spacer rows stand for the rest, so 5,000 rows
// cost what 40 do.
// Live and linked selection: docs/dashboard.md, "Table".
(function () {
  "use strict";
  var OVERSCAN = 10; // rows drawn beyond the visible ones, so a fast scroll does not show blanks
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  document.addEventListener("click", function (e) {
    var print = e.target.closest && e.target.closest("button[data-action=print]");
    if (print) window.print();
  });

  var section = document.querySelector("[data-testid=entity-table]");
  if (!section) return;
  var panel = section.querySelector("[data-testid=table-panel]");
  var source = section.getAttribute("data-source");
  var acquisition = section.getAttribute("data-acquisition-uuid");
  var model = null; // the loaded table and the view's state
  var loadCount = 0; // answers of an older request are dropped
  var linked = null; // the maps' selection (maps.js), or null when nothing is selected
  // one refetch at a time, one more queued; reflects: the newest event id the page's render showed
  var live = { inFlight: false, again: false, reflects: null };
  // loaded on demand, after the maps' selection was made: it is announced again for this script
  document.addEventListener("sightline:selection", onSelection);
  document.dispatchEvent(new Event("sightline:selection-wanted"));

  function escape(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  section.querySelectorAll("button[data-table-kind]").forEach(function (tab) {
    tab.addEventListener("click", function () { load(tab.getAttribute("data-table-kind")); });
  });

  function load(kind) {
    live.again = false; // this load brings the newest rows itself
    section.querySelectorAll("button[data-table-kind]").forEach(function (t) {
      t.setAttribute("aria-selected", t.getAttribute("data-table-kind") === kind ? "true" : "false");
    });
    section.setAttribute("data-state", "loading");
    section.setAttribute("data-kind", kind);
    var mine = ++loadCount;
    fetch(source + "?kind=" + encodeURIComponent(kind), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : r.json().then(function (p) { return Promise.reject(p.detail || r.status); }); })
      .then(function (table) { if (mine === loadCount) show(table); })
      .catch(function (why) {
        if (mine !== loadCount) return;
        panel.innerHTML = "<p class=\"error\" role=\"alert\">The table could not be loaded: " + escape(why) + "</p>";
        section.setAttribute("data-state", "failed");
      });
  }

  // Sort keys and the filter's text are computed once per load, not per comparison.
  function prepare(table) {
    var rows = prepareRows(table);
    return { table: table, columns: table.columns, rows: rows, view: rows, sort: null, descending: false,
             text: "", ranges: {}, rowHeight: 0 };
  }
  function prepareRows(table) {
    var columns = table.columns;
    return table.rows.map(function (raw) {
      var keys = [], text = [];
      for (var c = 0; c < columns.length; c++) {
        var v = raw[c + 2];
        if (columns[c].type === "number") keys.push(typeof v === "number" ? v : null);
        else if (columns[c].type === "time") keys.push(v == null ? null : Date.parse(v));
        else { keys.push(v == null ? null : String(v)); if (v != null) text.push(String(v).toLowerCase()); }
      }
      return { raw: raw, keys: keys, text: text.join("\u0001") };
    });
  }

  // ---- live: the open table follows the page's live refreshes
  // as of the event the page's render reflects: the server shares one build per change between viewers
  document.addEventListener("sightline:refreshed", function (e) {
    var reflects = e.detail && e.detail.reflects;
    if (reflects && (live.reflects === null || Number(reflects) > Number(live.reflects))) live.reflects = reflects;
    if (!model || section.getAttribute("data-state") !== "ready") return; // a load under way brings them
    if (live.inFlight) { live.again = true; return; }
    refetch();
  });
  function refetch() {
    var kind = model.table.kind, mine = loadCount;
    live.inFlight = true;
    fetch(source + "?kind=" + encodeURIComponent(kind), { credentials: "same-origin",
          headers: { "Accept": "application/json", "X-Sightline-Live": live.reflects === null ? "latest" : live.reflects } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (table) {
        // a tab chosen or a reload meanwhile wins
        if (mine !== loadCount || !model || model.table.kind !== table.kind) return;
        model.table = table;
        model.rows = prepareRows(table);
        update(true);
        section.setAttribute("data-live-loads", String(Number(section.getAttribute("data-live-loads") || 0) + 1));
      })
      .catch(function () { /* the next live refresh tries again; the rows shown stay */ })
      .finally(function () {
        live.inFlight = false;
        if (live.again) { live.again = false; refetch(); }
      });
  }

  // ---- linked selection: the maps' squares and defocus brush filter the rows too
  function onSelection(e) {
    var d = e.detail || {};
    linked = d.squares || d.highlighted || d.defocus ? d : null;
    if (model && section.getAttribute("data-state") === "ready") update(true);
  }
  function set(list) {
    var out = {};
    (list || []).forEach(function (k) { out[k] = true; });
    return out;
  }
  // the selection as tests on rows of the open kind; holes are not brushed: the page knows no hole's bars
  function linkedTests() {
    if (!linked) return [];
    var kind = model.table.kind, tests = [];
    var col = function (key) { return model.columns.findIndex(function (c) { return c.key === key; }); };
    if (linked.squares) {
      var squares = set(linked.squares), ids = set(linked.squareIds), sq = col("gridsquare_id");
      if (kind === "squares") tests.push(function (row) { return !!squares[row.raw[0]]; });
      else if (kind === "holes") tests.push(function (row) { return !!squares[row.raw[1]]; });
      else tests.push(function (row) { return !!ids[row.keys[sq]]; });
    }
    if (linked.highlighted && kind === "squares") {
      var lit = set(linked.highlighted);
      tests.push(function (row) { return !!lit[row.raw[0]]; });
    }
    var b = linked.defocus, dc = col("defocus_um");
    if (b && kind === "micrographs" && dc >= 0) {
      tests.push(function (row) {
        var v = row.keys[dc];
        if (v === null) return false;
        var bin = Math.max(0, Math.min(b.count - 1, Math.trunc((v - b.min) / b.width)));
        return bin >= b.first && bin <= b.last;
      });
    }
    return tests;
  }
  function linkedNote() {
    if (!linked) return "";
    var parts = [];
    if (linked.squares) parts.push(linked.squares.length + " square" + (linked.squares.length === 1 ? "" : "s") + " picked on the atlas");
    if (linked.highlighted || linked.defocus) {
      parts.push(model.table.kind === "holes" ? "the defocus brush does not filter holes" : "the defocus brush");
    }
    return "linked: " + parts.join(", ");
  }

  function show(table) {
    var previous = model;
    model = prepare(table);
    if (previous && previous.table.kind === table.kind) { // a reload keeps the view's filters and sort
      model.sort = previous.sort; model.descending = previous.descending;
      model.text = previous.text; model.ranges = previous.ranges;
    }
    var cols = model.columns, h = [];
    h.push("<div class=\"table-tools\"><label>Filter <input type=\"search\" data-testid=\"table-filter\"",
           " placeholder=\"text in any text column\" value=\"", escape(model.text), "\"></label> ",
           "<span data-testid=\"table-count\" role=\"status\" aria-live=\"polite\"></span> ",
           "<span class=\"note\" data-testid=\"table-linked\" hidden></span> ",
           "<button type=\"button\" data-action=\"export-csv\">Export shown rows as CSV</button> ",
           "<button type=\"button\" data-action=\"reload-table\">Reload</button>");
    if (table.truncated) {
      h.push(" <span class=\"note\" data-testid=\"table-truncated\">the first ", table.rows.length, " of ",
             table.total, " rows</span>");
    }
    h.push("</div><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" data-testid=\"table-scroll\"",
           " aria-label=\"", escape(table.kind), ", scrollable\"><table data-testid=\"table\"><thead><tr>");
    cols.forEach(function (c) {
      h.push("<th scope=\"col\" data-column=\"", escape(c.key), "\" data-type=\"", c.type, "\" aria-sort=\"none\">",
             "<button type=\"button\" data-sort=\"", escape(c.key), "\">", escape(c.label),
             "<span class=\"sort-mark\" aria-hidden=\"true\"></span></button></th>");
    });
    h.push("</tr><tr class=\"filters\">");
    cols.forEach(function (c) {
      h.push("<td>");
      if (c.type === "number") {
        var r = model.ranges[c.key] || {};
        h.push("<input type=\"number\" step=\"any\" data-filter-min=\"", escape(c.key), "\" aria-label=\"",
               escape(c.label), " at least\" placeholder=\"min\" value=\"", r.min == null ? "" : r.min, "\">",
               "<input type=\"number\" step=\"any\" data-filter-max=\"", escape(c.key), "\" aria-label=\"",
               escape(c.label), " at most\" placeholder=\"max\" value=\"", r.max == null ? "" : r.max, "\">");
      }
      h.push("</td>");
    });
    h.push("</tr></thead><tbody></tbody></table></div>");
    panel.innerHTML = h.join("");
    var scroller = panel.querySelector(".table-scroll");
    scroller.addEventListener("scroll", scheduleDraw, { passive: true });
    panel.querySelector("[data-testid=table-filter]").addEventListener("input", function (e) {
      model.text = e.target.value.trim().toLowerCase(); update(true);
    });
    panel.querySelectorAll("input[data-filter-min],input[data-filter-max]").forEach(function (input) {
      input.addEventListener("input", function () {
        var key = input.getAttribute("data-filter-min") || input.getAttribute("data-filter-max");
        var r = model.ranges[key] || (model.ranges[key] = {});
        var v = input.value === "" ? null : Number(input.value);
        if (v !== null && isNaN(v)) v = null;
        if (input.hasAttribute("data-filter-min")) r.min = v; else r.max = v;
        update(true);
      });
    });
    panel.querySelectorAll("button[data-sort]").forEach(function (b) {
      b.addEventListener("click", function () { sortBy(b.getAttribute("data-sort")); });
    });
    panel.querySelector("button[data-action=export-csv]").addEventListener("click", exportCsv);
    panel.querySelector("button[data-action=reload-table]").addEventListener("click", function () { load(table.kind); });
    update(true);
    section.setAttribute("data-state", "ready");
  }

  function sortBy(key) {
    if (model.sort === key) model.descending = !model.descending;
    else { model.sort = key; model.descending = false; }
    update(false);
  }

  function passes(row) {
    if (model.text && row.text.indexOf(model.text) < 0) return false;
    for (var t = 0; t < model.linkedTests.length; t++) if (!model.linkedTests[t](row)) return false;
    for (var c = 0; c < model.columns.length; c++) {
      var r = model.ranges[model.columns[c].key];
      if (!r || (r.min == null && r.max == null)) continue;
      var v = row.keys[c];
      if (v === null) return false;
      if (r.min != null && v < r.min) return false;
      if (r.max != null && v > r.max) return false;
    }
    return true;
  }

  // Filter then sort the loaded rows; empty values sort last whichever the direction.
  function update(refilter) {
    if (refilter) model.linkedTests = linkedTests();
    var view = refilter || !model.filtered ? model.rows.filter(passes) : model.filtered;
    model.filtered = view;
    view = view.slice();
    if (model.sort !== null) {
      var c = model.columns.findIndex(function (col) { return col.key === model.sort; });
      var text = model.columns[c].type === "text", sign = model.descending ? -1 : 1;
      view.sort(function (a, b) {
        var x = a.keys[c], y = b.keys[c];
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return sign * (text ? collator.compare(x, y) : x - y);
      });
    }
    model.view = view;
    panel.querySelectorAll("th[data-column]").forEach(function (th) {
      var sorted = th.getAttribute("data-column") === model.sort;
      th.setAttribute("aria-sort", sorted ? (model.descending ? "descending" : "ascending") : "none");
      th.querySelector(".sort-mark").textContent = sorted ? (model.descending ? " ▼" : " ▲") : "";
    });
    panel.querySelector("[data-testid=table-count]").textContent =
      view.length + " of " + model.rows.length + " " + model.table.kind;
    var note = linkedNote(), shown = panel.querySelector("[data-testid=table-linked]");
    shown.textContent = note;
    shown.hidden = !note;
    if (note) section.setAttribute("data-linked", "true"); else section.removeAttribute("data-linked");
    panel.querySelector("table").setAttribute("aria-rowcount", view.length + 2);
    draw();
  }

  var drawPending = false;
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(function () { drawPending = false; draw(); });
  }

  // Draws the rows in view between two spacers that keep the scroll height of the whole view.
  function draw() {
    var scroller = panel.querySelector(".table-scroll"), body = panel.querySelector("tbody");
    if (!scroller || !body) return;
    var n = model.view.length, cols = model.columns.length;
    if (!model.rowHeight) {
      body.innerHTML = n ? rowHtml(model.view[0], 0) : "";
      var first = body.querySelector("tr");
      model.rowHeight = first ? first.getBoundingClientRect().height || 28 : 28;
    }
    var head = panel.querySelector("thead").getBoundingClientRect().height;
    var rh = model.rowHeight;
    var top = Math.max(0, scroller.scrollTop), seen = scroller.clientHeight;
    var start = Math.max(0, Math.floor(top / rh) - OVERSCAN);
    var end = Math.min(n, Math.ceil((top + Math.max(seen - head, rh)) / rh) + OVERSCAN);
    var h = ["<tr data-spacer=\"top\" aria-hidden=\"true\"><td colspan=\"", cols, "\" style=\"height:",
             start * rh, "px\"></td></tr>"];
    for (var i = start; i < end; i++) h.push(rowHtml(model.view[i], i));
    h.push("<tr data-spacer=\"bottom\" aria-hidden=\"true\"><td colspan=\"", cols, "\" style=\"height:",
           (n - end) * rh, "px\"></td></tr>");
    // Tab onto a row out of view scrolls it in, and this redraw would drop the focused link: keep it focused
    var focused = document.activeElement, keep = null;
    if (focused && body.contains(focused)) {
      var tr = focused.closest("tr[data-uuid]");
      keep = tr && tr.getAttribute("data-uuid");
    }
    body.innerHTML = h.join("");
    if (keep) {
      var again = body.querySelector("tr[data-uuid=\"" + CSS.escape(keep) + "\"] a");
      if (again) again.focus({ preventScroll: true });
    }
    if (n === 0) body.insertAdjacentHTML("afterbegin",
      "<tr class=\"empty\"><td colspan=\"" + cols + "\">No rows match the filters.</td></tr>");
    // the box grows to its full height once it has rows: fill what it shows now (it grows once)
    if (scroller.clientHeight > seen + 1) draw();
  }

  function link(raw) {
    return model.table.link.replace("{uuid}", encodeURIComponent(raw[0]))
      .replace("{parent}", encodeURIComponent(raw[1] == null ? "" : raw[1]));
  }

  function rowHtml(row, index) {
    var raw = row.raw, h = ["<tr data-row-index=\"", index, "\" aria-rowindex=\"", index + 3,
                             "\" data-uuid=\"", escape(raw[0]), "\">"];
    for (var c = 0; c < model.columns.length; c++) {
      var col = model.columns[c], v = raw[c + 2];
      h.push("<td data-column=\"", escape(col.key), "\"", col.type === "number" ? " class=\"number\"" : "", ">");
      if (c === 0) h.push("<a href=\"", escape(link(raw)), "\">", escape(v == null ? "—" : v), "</a>");
      else if (v == null) h.push("—");
      else if (col.type === "time") h.push(time(v));
      else if (col.type === "number") h.push(escape(number(v)));
      else h.push(escape(v));
      h.push("</td>");
    }
    h.push("</tr>");
    return h.join("");
  }

  // As the server's Layout.time: the viewer's zone in the text, UTC on hover.
  function time(iso) {
    var d = new Date(iso);
    return "<time datetime=\"" + escape(iso) + "\" title=\"" + escape(iso) + " (UTC)\">" +
      escape(isNaN(d) ? iso : d.toLocaleString()) + "</time>";
  }

  function number(v) {
    return Number.isInteger(v) || Math.abs(v) >= 1000 ? String(Math.round(v)) : v.toPrecision(4);
  }

  // ---- CSV of exactly the rows shown, in their order (as the server's Csv: RFC 4180, no formulas)
  function csvField(v) {
    if (v == null) return "";
    if (typeof v === "number") return String(v);
    var s = String(v);
    if (s && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
    return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }
  function csv() {
    var lines = [["uuid"].concat(model.columns.map(function (c) { return c.key; })).map(csvField).join(",")];
    model.view.forEach(function (row) {
      lines.push([row.raw[0]].concat(row.raw.slice(2)).map(csvField).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  function exportCsv() {
    var url = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = model.table.kind + "-" + acquisition + ".csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000); // clean-up once the download has read it
  }
})();
