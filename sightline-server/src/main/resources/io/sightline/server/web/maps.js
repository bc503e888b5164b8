// Sightline dashboard, the maps' linked selection and hole steering (docs/dashboard.md). The server draws
// and colours the maps and charts; this file only selects on them: a brush on the defocus histogram
// highlights the squares / holes with micrographs in its bars, squares picked on the atlas filter the
// timeline and the defocus histogram to theirs, and holes picked on a square are sent for steering.
// Every element names the bars its micrographs are counted in (data-defocus-bins, data-hour-bins:
// "bin:count ..."), so the browser sums and tests them without a round trip. dashboard.js swaps the live
// regions and fires "sightline:refreshed"; the state kept here is then applied to the fresh elements.
// Brush and filter changes go to table.js as "sightline:selection".
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");
  var brush = null; // [first, last] bar of the defocus histogram, or null
  var filter = []; // square uuids whose micrographs the charts show; empty: every square
  var holes = []; // foil hole uuids picked for steering, in the order picked
  var BAR_AREA = 120; // the height Charts.bars draws the tallest bar at (viewBox units)

  function binsOf(e, attr) {
    var out = {};
    (e.getAttribute(attr) || "").split(" ").forEach(function (p) {
      if (!p) return;
      var kv = p.split(":");
      out[+kv[0]] = +kv[1];
    });
    return out;
  }
  function checked(css) {
    var box = document.querySelector(css);
    return !!(box && box.checked);
  }

  // ---- brush: a range of bars of the defocus histogram
  var brushHelp = null;
  function histogram() { return document.querySelector("svg[data-testid=defocus-histogram][data-brushable]"); }
  function barCount(svg) { return svg.querySelectorAll("rect.bar").length; }
  function applyBrush() {
    var svg = histogram(), status = document.querySelector("[data-testid=brush]");
    if (status && brushHelp === null) brushHelp = status.textContent;
    if (svg && brush) {
      var n = barCount(svg);
      brush = [Math.max(0, Math.min(n - 1, brush[0])), Math.max(0, Math.min(n - 1, brush[1]))];
    }
    if (svg) {
      if (brush) svg.setAttribute("data-brush", brush[0] + " " + brush[1]);
      else svg.removeAttribute("data-brush");
      svg.querySelectorAll("rect.bar").forEach(function (b) {
        var i = +b.getAttribute("data-bin"), on = !!brush && i >= brush[0] && i <= brush[1];
        b.classList.toggle("brushed", on);
        if (on) b.setAttribute("data-brushed", "true"); else b.removeAttribute("data-brushed");
      });
    }
    var highlighted = 0;
    // every square and hole: one without data-defocus-bins has no micrograph, so no brush lights it
    document.querySelectorAll("svg.map [data-square-uuid],svg.map [data-hole-uuid]")
      .forEach(function (e) {
        if (!brush) { e.removeAttribute("data-highlighted"); e.classList.remove("highlighted"); return; }
        var bins = binsOf(e, "data-defocus-bins"), hit = false;
        Object.keys(bins).forEach(function (k) { if (+k >= brush[0] && +k <= brush[1]) hit = true; });
        e.setAttribute("data-highlighted", hit ? "true" : "false");
        e.classList.toggle("highlighted", hit);
        if (hit) highlighted++;
      });
    announce();
    if (status) {
      if (!brush || !svg) { status.textContent = brushHelp; return; }
      var bars = svg.querySelectorAll("rect.bar");
      var lo = bars[brush[0]].querySelector("title").textContent.split("–")[0];
      var hi = bars[brush[1]].querySelector("title").textContent.split("–")[1].split(":")[0];
      status.textContent = highlighted + " highlighted: defocus " + lo + " to " + hi;
    }
  }
  // the bar under the pointer, from its x in the chart's own units (bars of no height are hit too)
  function barAt(svg, e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX; pt.y = e.clientY;
    var p = pt.matrixTransform(svg.getScreenCTM().inverse());
    var n = barCount(svg), w = svg.viewBox.baseVal.width / n;
    return Math.max(0, Math.min(n - 1, Math.floor(p.x / w)));
  }
  var brushStart = null;
  document.addEventListener("pointerdown", function (e) {
    var svg = e.target.closest && e.target.closest("svg[data-brushable]");
    if (!svg || e.button !== 0 || barCount(svg) === 0) return;
    e.preventDefault();
    brushStart = barAt(svg, e);
    brush = [brushStart, brushStart];
    applyBrush();
  });
  document.addEventListener("pointermove", function (e) {
    if (brushStart === null) return;
    var svg = histogram();
    if (!svg) return;
    var at = barAt(svg, e);
    brush = [Math.min(brushStart, at), Math.max(brushStart, at)];
    applyBrush();
  });
  window.addEventListener("pointerup", function () { brushStart = null; });
  // keyboard: arrows move a one-bar brush, shift+arrows widen it, Escape clears
  document.addEventListener("keydown", function (e) {
    var svg = e.target.closest && e.target.closest("svg[data-brushable]");
    if (!svg || barCount(svg) === 0) return;
    var last = barCount(svg) - 1;
    if (e.key === "Escape") { brush = null; }
    else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      var right = e.key === "ArrowRight";
      if (!brush) brush = right ? [0, 0] : [last, last];
      else if (e.shiftKey) brush = right ? [brush[0], Math.min(last, brush[1] + 1)] : [Math.max(0, brush[0] - 1), brush[1]];
      else { var c = right ? Math.min(last, brush[1] + 1) : Math.max(0, brush[0] - 1); brush = [c, c]; }
    } else return;
    e.preventDefault();
    applyBrush();
  });

  // ---- filter: the charts show only the micrographs of the squares picked on the atlas
  var filterHelp = null;
  function redraw(svg, counts) {
    var top = Math.max.apply(null, counts.concat([0]));
    svg.querySelectorAll("rect.bar").forEach(function (b, i) {
      var h = top === 0 ? 0 : counts[i] * BAR_AREA / top;
      b.setAttribute("y", (BAR_AREA - h).toFixed(1));
      b.setAttribute("height", h.toFixed(1));
    });
  }
  function filterChart(testId, attr) {
    var svg = document.querySelector("svg[data-testid=" + testId + "]");
    if (!svg) return;
    var bars = svg.querySelectorAll("rect.bar");
    if (filter.length === 0) {
      bars.forEach(function (b) { b.removeAttribute("data-filtered-count"); });
      redraw(svg, [].map.call(bars, function (b) { return +b.getAttribute("data-count"); }));
      svg.removeAttribute("data-filtered");
      return;
    }
    var counts = [].map.call(bars, function () { return 0; });
    filter.forEach(function (uuid) {
      var square = document.querySelector("[data-square-uuid='" + uuid + "']");
      if (!square) return;
      var bins = binsOf(square, attr);
      Object.keys(bins).forEach(function (k) { if (+k < counts.length) counts[+k] += bins[k]; });
    });
    bars.forEach(function (b, i) { b.setAttribute("data-filtered-count", counts[i]); });
    svg.setAttribute("data-filtered", "true");
    redraw(svg, counts);
  }
  function applyFilter() {
    var status = document.querySelector("[data-testid=chart-filter]");
    if (!status) return; // not the acquisition page
    if (filterHelp === null) filterHelp = status.textContent;
    document.querySelectorAll("svg[data-testid=atlas] [data-square-uuid]").forEach(function (r) {
      var on = filter.indexOf(r.getAttribute("data-square-uuid")) >= 0;
      r.classList.toggle("in-filter", on);
      if (on) r.setAttribute("data-in-filter", "true"); else r.removeAttribute("data-in-filter");
    });
    filterChart("timeline", "data-hour-bins");
    filterChart("defocus-histogram", "data-defocus-bins");
    filterChart("ctf-histogram", "data-ctf-bins");
    filterChart("motion-histogram", "data-motion-bins");
    status.textContent = filter.length === 0 ? filterHelp
      : "charts show " + filter.length + " selected square" + (filter.length === 1 ? "" : "s");
    announce();
  }

  // ---- the table follows the selection (table.js): announced only when it changed
  var announced = null;
  function announce() {
    var svg = histogram(), ids = [], highlighted = null, defocus = null;
    filter.forEach(function (uuid) {
      var square = document.querySelector("svg[data-testid=atlas] [data-square-uuid='" + uuid + "']");
      if (square && square.getAttribute("data-gridsquare-id")) ids.push(square.getAttribute("data-gridsquare-id"));
    });
    if (brush && svg) {
      highlighted = [];
      document.querySelectorAll("svg[data-testid=atlas] [data-square-uuid][data-highlighted=true]").forEach(function (e) {
        highlighted.push(e.getAttribute("data-square-uuid"));
      });
      if (svg.hasAttribute("data-bin-min")) {
        defocus = { min: parseFloat(svg.getAttribute("data-bin-min")), width: parseFloat(svg.getAttribute("data-bin-width")),
                    count: +svg.getAttribute("data-bin-count"), first: brush[0], last: brush[1] };
      }
    }
    var detail = { squares: filter.length ? filter.slice() : null, squareIds: filter.length ? ids : null,
                   highlighted: highlighted, defocus: defocus };
    var key = JSON.stringify(detail);
    if (key === announced) return;
    announced = key;
    document.dispatchEvent(new CustomEvent("sightline:selection", { detail: detail }));
  }

  // ---- holes picked for steering on the square page
  function applyHoles() {
    document.querySelectorAll("[data-hole-uuid]").forEach(function (c) {
      var on = holes.indexOf(c.getAttribute("data-hole-uuid")) >= 0;
      c.classList.toggle("selected", on);
      c.setAttribute("aria-selected", on ? "true" : "false");
    });
    var count = document.querySelector("[data-testid=hole-selection]");
    if (count) count.textContent = holes.length + " selected";
  }
  function toggle(list, uuid) {
    var i = list.indexOf(uuid);
    if (i >= 0) list.splice(i, 1); else list.push(uuid);
  }

  // capture: before dashboard.js opens the square or lists the hole's micrographs
  document.addEventListener("click", function (e) {
    var square = e.target.closest && e.target.closest("a[data-square-link]");
    if (square && checked("input[data-tool=filter-mode]")) {
      e.preventDefault(); e.stopImmediatePropagation();
      toggle(filter, square.getAttribute("data-square-link"));
      applyFilter();
      return;
    }
    var hole = e.target.closest && e.target.closest("a[data-hole-link]");
    if (hole && checked("input[data-action=select-holes-mode]")) {
      e.preventDefault(); e.stopImmediatePropagation();
      toggle(holes, hole.getAttribute("data-hole-link"));
      applyHoles();
      return;
    }
    var tool = e.target.closest && e.target.closest("button[data-tool]");
    if (tool && tool.getAttribute("data-tool") === "clear-filter") { filter = []; applyFilter(); }
    if (tool && tool.getAttribute("data-tool") === "clear-brush") { brush = null; applyBrush(); }
  }, true);
  var form = document.getElementById("hole-steering-form");
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new URLSearchParams();
      data.append("csrf", csrf);
      data.append("action", e.submitter ? e.submitter.value : "reorder");
      var session = form.querySelector("select[name=session]");
      if (session) data.append("session", session.value);
      holes.forEach(function (u) { data.append("holes", u); });
      // getAttribute: the buttons named "action" shadow the form's action property
      fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
                                           headers: { "X-CSRF-Token": csrf } })
        .then(function (r) {
          if (r.ok) { holes = []; applyHoles(); return; } // the instruction's events refresh the log
          return r.json().then(function (p) { alert(p.detail || ("refused: " + r.status)); });
        });
    });
  }

  document.addEventListener("sightline:selection-wanted", function () { announced = null; announce(); });
  function applyAll() { applyBrush(); applyFilter(); applyHoles(); }
  document.addEventListener("sightline:refreshed", applyAll);
  applyAll();
})();
