// The training replay: a slider over the recorded epochs. Every number shown was written by
// Python (autograd.view.number) into the embedded JSON; this script only picks the epoch's.
(function () {
  "use strict";
  var data = JSON.parse(document.querySelector("script.explorer-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var slider = document.querySelector("[data-role=epoch]");
  var charts = document.querySelector("[data-role=charts]");
  var netBox = document.querySelector("[data-role=net]");
  var panel = document.querySelector("[data-role=panel]");
  var n = data.epochs.length;
  var selected = null; // index of the clicked weight
  var mode = "weights";
  var POS = data.colors[0], NEG = data.colors[1]; // blue > 0, vermillion < 0 (Okabe–Ito)
  var root = document.querySelector(".training"), PAGES = ChainrulePages;
  // Presentation mode (p): the network, the cost curve and the boundary fill 1280×720 at 24 px
  // text; the explanation an overlay that comes with a clicked edge (h hides it)
  var present = PAGES.presentation(root, function (on) {
    Z = on ? SIZES.present : SIZES.page;
    root.classList.toggle("overlay-hidden", on && selected === null);
    buildCharts();
    drawNet();
    show(+slider.value);
  });

  // a number as written by autograd.notation (true minus sign) back to a float, for widths
  function num(t) { return parseFloat(String(t).replace("−", "-").replace("∞", "Infinity")); }
  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, anchor) {
    var t = el("text", { x: x, y: y, "text-anchor": anchor || "middle" }, parent);
    t.textContent = s;
    return t;
  }
  // The charts and the network are drawn at one of two sizes, in px at scale 1: the page's, and
  // the presentation mode's (p), whose text is 24 px (explorer.css) and captions short.
  var SIZES = {
    page: {
      cost: { w: 380, h: 210, left: 50, right: 365, top: 15, bottom: 185, axis: 203, dot: 4 },
      box: { w: 380, h: 210, size: 180, left: 100, top: 10, labelY: 204, r: 3 },
      short: false
    },
    present: {
      cost: PAGES.PRESENT_COST,
      box: { w: 440, h: 262, size: 226, left: 107, top: 4, labelY: 256, r: 4.5 },
      short: true
    }
  };
  var Z = SIZES.page;
  var figures = document.createElement("div");
  figures.className = "figures";
  charts.appendChild(figures);
  function figure(name, caption, w, h) { return PAGES.figure(figures, name, caption, w, h); }

  // cost curve, log scale when it spans decades
  var positive = data.cost.every(function (c) { return c > 0; });
  var lo = Math.min.apply(null, data.cost), hi = Math.max.apply(null, data.cost);
  var logScale = positive && hi / lo > 20;
  function cy(c) {
    var a = logScale ? Math.log(c) : c, b0 = logScale ? Math.log(lo) : lo, b1 = logScale ? Math.log(hi) : hi;
    return Z.cost.bottom - 5 - (b1 === b0 ? 0.5 : (a - b0) / (b1 - b0)) * (Z.cost.bottom - Z.cost.top - 10);
  }
  function cx(i) { return Z.cost.left + (n === 1 ? 0 : (i / (n - 1)) * (Z.cost.right - Z.cost.left)); }
  var cursor, dot, cells = [], frameLabel = null, barEls = [];
  // every chart, afresh, at the size of the mode the page is in (then show() fills them in)
  function buildCharts() {
    figures.textContent = "";
    var C = Z.cost;
    var cost = figure("cost", Z.short ? "cost C per epoch" : "cost C per epoch (the vermillion line: this epoch)", C.w, C.h);
    el("line", { class: "axis", x1: C.left, y1: C.bottom, x2: C.right, y2: C.bottom }, cost);
    el("line", { class: "axis", x1: C.left, y1: C.top, x2: C.left, y2: C.bottom }, cost);
    text(cost, C.left - 4, C.top + 9, data.cost_text[data.cost.indexOf(hi)], "end");
    text(cost, C.left - 4, C.bottom - 1, data.cost_text[data.cost.indexOf(lo)], "end");
    text(cost, (C.left + C.right) / 2, C.axis, "epoch" + (logScale ? (Z.short ? ", log C" : "   (cost on a log scale)") : ""));
    el("polyline", { class: "curve", points: data.cost.map(function (c, i) { return cx(i) + "," + cy(c); }).join(" ") }, cost);
    cursor = el("line", { class: "cursor", y1: C.top, y2: C.bottom }, cost);
    dot = el("circle", { r: C.dot, fill: NEG }, cost);
    cells = [];
    if (data.boundary) {
      var B = data.boundary, Q = Z.box, g = B.grid, size = Q.size, cell = size / g;
      var bsvg = figure("boundary", Z.short ? "blue where the score > 0" : "decision boundary: blue where the score > 0", Q.w, Q.h);
      for (var k = 0; k < g * g; k++) {
        cells.push(el("rect", { x: Q.left + (k % g) * cell, y: Q.top + Math.floor(k / g) * cell, width: cell + 0.3, height: cell + 0.3 }, bsvg));
      }
      var box = B.box;
      B.points.forEach(function (p) {
        el("circle", {
          class: "point", cx: Q.left + ((p[0] - box[0]) / (box[1] - box[0])) * size,
          cy: Q.top + ((box[3] - p[1]) / (box[3] - box[2])) * size,
          r: Q.r, fill: p[2] > 0 ? POS : NEG, "stroke-width": 0.8
        }, bsvg);
      });
      frameLabel = text(bsvg, Q.w / 2, Q.labelY, "");
    }
    // per-layer mean |∂C/∂w|
    var bars = figure("bars", "mean |∂C/∂w| per layer, bars relative to the largest at this epoch", 380, 210);
    barEls = data.layers.map(function (L, j) {
      var y = 20 + j * (170 / Math.max(1, data.layers.length));
      text(bars, 60, y + 14, L.name, "end");
      var r = el("rect", { class: "bar", x: 66, y: y, height: 18, width: 0 }, bars);
      var t = text(bars, 70, y + 14, "", "start");
      return { rect: r, label: t, layer: L };
    });
  }
  function paintBoundary(i) {
    if (!data.boundary) return;
    var B = data.boundary, f = 0;
    B.frames.forEach(function (e, j) { if (e <= i) f = j; });
    B.values[f].forEach(function (v, k) {
      var s = Math.min(1, Math.abs(v));
      cells[k].setAttribute("fill", v > 0 ? POS : NEG);
      cells[k].setAttribute("fill-opacity", 0.15 + 0.45 * s);
    });
    // said as it is: the boundary is drawn at recorded epochs only
    var drawn = data.epochs[B.frames[f]], now = data.epochs[i];
    frameLabel.textContent = drawn === now ? "at epoch " + now :
      Z.short ? "drawn at epoch " + drawn : "at epoch " + drawn + ", the last drawn before " + now;
  }

  // the network, TensorFlow-Playground style
  var net = data.net;
  var toggle = document.createElement("div");
  toggle.className = "edge-mode";
  toggle.innerHTML = "<label><input type='radio' name='mode' value='weights' checked> edges show w</label> " +
    "<label><input type='radio' name='mode' value='grads'> edges show ∂C/∂w</label>" +
    " <span class='hint'>width ∝ size, blue &gt; 0, vermillion &lt; 0 · click an edge</span>";
  netBox.appendChild(toggle);
  var lastX = Math.max.apply(null, net.units.map(function (u) { return u.x; }));
  var outputs = net.units.filter(function (u) { return u.x === lastX; }).length;
  var lines = [], nsvg = null;
  function drawNet() {
    if (nsvg) nsvg.remove();
    var sx = 1, sy, radius, font, dy;
    if (present.on()) {
      // the whole network in its area, neurons big enough for a 24 px number: scaled alike in
      // x and y, never below 1 (then the area scrolls, as after Ctrl +)
      var box = netBox.getBoundingClientRect();
      sx = sy = Math.max(1, Math.min((box.width - 20) / (net.width + 40), (box.height - 16) / net.height));
      radius = 17; dy = 8;
    } else {
      // The whole network in the window, never cropped: its columns squeezed to the room below
      // the charts (a neuron then shows its index k; its name is in the tooltip).
      var room = Math.max(240, window.innerHeight - netBox.getBoundingClientRect().top - toggle.offsetHeight - 12);
      sy = Math.min(1, room / net.height);
      radius = Math.max(7, 13 * sy); font = sy > 0.85 ? 10 : 11; dy = 4;
    }
    var w = Math.ceil((net.width + 40) * sx), h = Math.ceil(net.height * sy); // whole px: scale 1
    nsvg = el("svg", { class: "net", width: w, height: h, viewBox: "0 0 " + w + " " + h }, netBox);
    lines = net.weights.map(function (u, i) {
      var line = el("line", { x1: u.x0 * sx, y1: u.y0 * sy, x2: u.x1 * sx, y2: u.y1 * sy, "data-weight": u.name, "stroke-linecap": "round" }, nsvg);
      line.style.cursor = "pointer";
      line.addEventListener("click", function () { choose(i); });
      return line;
    });
    var names = sy > 0.85 && !present.on(); // room for a neuron's whole name
    net.units.forEach(function (u) {
      if (u.x === lastX && outputs === 1) u = { x: u.x, y: u.y, name: "y′", input: false }; // the output, as the lecture names it
      var c = el("circle", { class: "neuron" + (u.input ? " in" : ""), cx: u.x * sx, cy: u.y * sy, r: radius }, nsvg);
      var title = document.createElementNS(NS, "title");
      title.textContent = u.name;
      c.appendChild(title);
      var k = u.name.match(/[\u2080-\u2089]+$/);
      var shown = names || u.input || !k ? u.name : k[0].replace(/[\u2080-\u2089]/g, function (d) { return String(d.charCodeAt(0) - 0x2080); });
      var t = text(nsvg, u.x * sx, u.y * sy + dy, shown);
      if (present.on()) t.setAttribute("class", "unit"); // 24 px, explorer.css
      else t.setAttribute("font-size", font);
    });
  }
  document.querySelectorAll("input[name=mode]").forEach(function (r) {
    r.addEventListener("change", function () { mode = r.value; show(+slider.value); });
  });
  function choose(i) {
    selected = i;
    root.classList.remove("overlay-hidden"); // in presentation mode: the paths come over
    show(+slider.value);
  }

  function show(i) {
    document.querySelector("[data-epoch]").textContent = data.epochs[i];
    document.querySelector("[data-cost]").textContent = data.cost_text[i];
    document.querySelector("[data-accuracy]").textContent = data.accuracy_text[i];
    cursor.setAttribute("x1", cx(i)); cursor.setAttribute("x2", cx(i));
    dot.setAttribute("cx", cx(i)); dot.setAttribute("cy", cy(data.cost[i]));
    paintBoundary(i);
    // bars relative to this epoch's largest layer: which layer's gradients are small, now
    var top = Math.max.apply(null, barEls.map(function (b) { return b.layer.values[i]; }));
    barEls.forEach(function (b) {
      var v = b.layer.values[i];
      b.rect.setAttribute("width", top > 0 ? (v / top) * 250 : 0);
      b.label.setAttribute("x", 70 + (top > 0 ? (v / top) * 250 : 0));
      b.label.textContent = b.layer.texts[i];
    });
    var texts = mode === "weights" ? data.params_text[i] : data.grads_text[i];
    var biggest = 0;
    net.weights.forEach(function (w) { biggest = Math.max(biggest, Math.abs(num(texts[w.param]))); });
    net.weights.forEach(function (w, j) {
      var v = num(texts[w.param]);
      // width and opacity ∝ |value|²: the large weights stand out of the thicket
      var m = biggest > 0 ? Math.abs(v) / biggest : 0;
      lines[j].setAttribute("stroke", v >= 0 ? POS : NEG);
      lines[j].setAttribute("stroke-width", 0.4 + 3.6 * m * m);
      lines[j].setAttribute("stroke-opacity", 0.12 + 0.78 * m * m);
      lines[j].classList.toggle("selected", j === selected);
    });
    if (selected !== null) {
      var w = net.weights[selected], p = w.param;
      var next = i + 1 < n ? data.params_text[i + 1][p] : null;
      // Every text through esc(): a weight's name is the user's label (see tests/autograd/test_page_scripts.py)
      panel.innerHTML = "<h2>" + esc(w.name) + " at epoch " + esc(data.epochs[i]) + "</h2>" +
        "<p>value " + esc(w.name) + " = <b><span data-w>" + esc(data.params_text[i][p]) + "</span></b></p>" +
        "<p>∂C/∂" + esc(w.name) + " = <b><span data-dw>" + esc(data.grads_text[i][p]) + "</span></b> (backward() on the cost averaged over the data)</p>" +
        "<p>learning rate η = " + esc(data.lr_text[i]) + "</p>" +
        (next !== null ? "<p>after this epoch's step W ← W − η·∂C/∂W: " + esc(w.name) + " = " + esc(next) + "</p>" : "") +
        samplePathsHtml(i, p, w.name) +
        "<p class='muted'>move the slider to watch " + esc(w.name) + " and its gradient change.</p>";
    } else {
      panel.innerHTML = present.on() ?
        "<h2>Replay</h2><p><b>← →</b> move the epoch. <b>Click an edge</b>: its weight, ∂C/∂w and its paths to one sample's cost Cᵢ.</p><p class='muted'>h hides this · p or Esc leaves</p>" :
        "<h2>Replay</h2><p>Move the slider (or ← →): the cost, the boundary, the gradient per layer and the weights follow the recorded epochs.</p><p>Click an edge of the network for that weight's value and ∂C/∂w at this epoch.</p>";
    }
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  // The weight's paths to one sample's cost, at the recorded epoch nearest before this one.
  function samplePathsHtml(i, p, name) {
    var S = data.sample_paths;
    if (!S) return "";
    var f = 0;
    S.frames.forEach(function (e, j) { if (e <= i) f = j; });
    var T = S.listings[f].texts, L = S.listings[f].rows[p];
    var Ci = L.C;
    var html = "<h2>Its paths to " + esc(Ci) + " at epoch <span data-paths-epoch>" + esc(data.epochs[S.frames[f]]) + "</span></h2>" +
      "<p class='muted'>" + esc(Ci) + ": the cost of one sample alone, sample " + esc(S.sample) + " counted from 0 (x = (" +
      esc(S.x_text.join(", ")) + "), y = " + esc(S.y_text) + "). ∂C/∂w above is for C, which averages the Cᵢ over all samples.</p>" +
      "<p>" + esc(L.count.toLocaleString("en")) + (L.count === 1 ? " path" : " paths") + " from " + esc(name) + " to " + esc(Ci) + "</p>";
    L.paths.forEach(function (q, k) {
      html += "<div class='path' style='" + esc(PAGES.pathStyle(k, data.colors.length)) + "'><div class='route'>path " + esc(k + 1) + ": " +
        esc(T[q.nodes]) + "</div>" +
        q.factors.map(function (t) { return "<div class='factor'>" + esc(T[t]) + "</div>"; }).join("") +
        "<div class='product'>product = " + esc(q.product_line) + "</div></div>";
    });
    if (L.count > L.paths.length) {
      var more = L.count - L.paths.length;
      html += "<div class='more'>… and " + esc(more.toLocaleString("en")) + (more === 1 ? " more path adds " : " more paths add ") +
        esc(L.rest_text) + "</div>";
    }
    return html + "<div class='total'>Σ products = ∂" + esc(Ci) + "/∂" + esc(name) + " = <b><span data-sample-sum>" + esc(L.total_text) +
      "</span></b><br>from backward() on " + esc(Ci) + ": <b><span data-sample-grad>" + esc(L.grad_text) + "</span></b></div>";
  }
  slider.addEventListener("input", function () { show(+slider.value); });
  document.addEventListener("keydown", function (ev) {
    if (PAGES.typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return; // the slider moves itself
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      slider.value = Math.max(0, Math.min(n - 1, +slider.value + (ev.key === "ArrowRight" ? 1 : -1)));
      show(+slider.value);
    }
  });
  window.addEventListener("resize", function () { if (present.on()) { drawNet(); show(+slider.value); } });
  buildCharts();
  drawNet();
  show(0);
})();
