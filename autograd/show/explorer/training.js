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
  function figure(caption) {
    var f = document.createElement("figure");
    var svg = el("svg", { class: "chart", width: 380, height: 210, viewBox: "0 0 380 210" }, f);
    var c = document.createElement("figcaption");
    c.textContent = caption;
    f.appendChild(c);
    charts.appendChild(f);
    return svg;
  }

  // cost curve, log scale when it spans decades
  var cost = figure("cost C per epoch (the red line: this epoch)");
  var positive = data.cost.every(function (c) { return c > 0; });
  var lo = Math.min.apply(null, data.cost), hi = Math.max.apply(null, data.cost);
  var logScale = positive && hi / lo > 20;
  function cy(c) {
    var a = logScale ? Math.log(c) : c, b0 = logScale ? Math.log(lo) : lo, b1 = logScale ? Math.log(hi) : hi;
    return 180 - (b1 === b0 ? 0.5 : (a - b0) / (b1 - b0)) * 160;
  }
  function cx(i) { return 50 + (n === 1 ? 0 : (i / (n - 1)) * 315); }
  el("line", { x1: 50, y1: 185, x2: 365, y2: 185, stroke: "#999" }, cost);
  el("line", { x1: 50, y1: 15, x2: 50, y2: 185, stroke: "#999" }, cost);
  text(cost, 46, 24, data.cost_text[data.cost.indexOf(hi)], "end");
  text(cost, 46, 184, data.cost_text[data.cost.indexOf(lo)], "end");
  text(cost, 208, 203, "epoch" + (logScale ? "   (cost on a log scale)" : ""));
  el("polyline", { class: "curve", points: data.cost.map(function (c, i) { return cx(i) + "," + cy(c); }).join(" ") }, cost);
  var cursor = el("line", { class: "cursor", y1: 15, y2: 185 }, cost);
  var dot = el("circle", { r: 4, fill: NEG }, cost);

  // decision boundary
  var bsvg = null, cells = [], frameLabel = null;
  if (data.boundary) {
    var B = data.boundary, g = B.grid, size = 180, cell = size / g;
    bsvg = figure("decision boundary: blue where the score > 0");
    bsvg.setAttribute("viewBox", "0 0 380 210");
    for (var k = 0; k < g * g; k++) {
      cells.push(el("rect", { x: 100 + (k % g) * cell, y: 10 + Math.floor(k / g) * cell, width: cell + 0.3, height: cell + 0.3 }, bsvg));
    }
    var box = B.box;
    B.points.forEach(function (p) {
      el("circle", {
        cx: 100 + ((p[0] - box[0]) / (box[1] - box[0])) * size,
        cy: 10 + ((box[3] - p[1]) / (box[3] - box[2])) * size,
        r: 3, fill: p[2] > 0 ? POS : NEG, stroke: "#fff", "stroke-width": 0.8
      }, bsvg);
    });
    frameLabel = text(bsvg, 190, 204, "");
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
    frameLabel.textContent = drawn === now ? "at epoch " + now : "at epoch " + drawn + ", the last drawn before " + now;
  }

  // per-layer mean |∂C/∂w|
  var bars = figure("mean |∂C/∂w| per layer, bars relative to the largest at this epoch");
  var barEls = data.layers.map(function (L, j) {
    var y = 20 + j * (170 / Math.max(1, data.layers.length));
    text(bars, 60, y + 14, L.name, "end");
    var r = el("rect", { class: "bar", x: 66, y: y, height: 18, width: 0 }, bars);
    var t = text(bars, 70, y + 14, "", "start");
    return { rect: r, label: t, layer: L };
  });

  // the network, TensorFlow-Playground style
  var net = data.net;
  var toggle = document.createElement("div");
  toggle.innerHTML = "<label><input type='radio' name='mode' value='weights' checked> edges show w</label> " +
    "<label><input type='radio' name='mode' value='grads'> edges show ∂C/∂w</label>" +
    " <span class='hint'>width ∝ size, blue &gt; 0, vermillion &lt; 0 · click an edge</span>";
  netBox.appendChild(toggle);
  // The whole network in the window, never cropped: its columns squeezed to the room below
  // the charts (a neuron then shows its index k; its name is in the tooltip).
  var room = Math.max(240, window.innerHeight - netBox.getBoundingClientRect().top - toggle.offsetHeight - 12);
  var sy = Math.min(1, room / net.height), radius = Math.max(7, 13 * sy);
  var nsvg = el("svg", { class: "net", width: net.width + 40, height: net.height * sy, viewBox: "0 0 " + (net.width + 40) + " " + net.height * sy }, netBox);
  var lines = net.weights.map(function (w, i) {
    var line = el("line", { x1: w.x0, y1: w.y0 * sy, x2: w.x1, y2: w.y1 * sy, "data-weight": w.name, "stroke-linecap": "round" }, nsvg);
    line.style.cursor = "pointer";
    line.addEventListener("click", function () { selected = i; show(+slider.value); });
    return line;
  });
  var lastX = Math.max.apply(null, net.units.map(function (u) { return u.x; }));
  var outputs = net.units.filter(function (u) { return u.x === lastX; }).length;
  net.units.forEach(function (u) {
    if (u.x === lastX && outputs === 1) u = { x: u.x, y: u.y, name: "y′", input: false }; // the output, as the lecture names it
    var c = el("circle", { class: "neuron" + (u.input ? " in" : ""), cx: u.x, cy: u.y * sy, r: radius }, nsvg);
    var title = document.createElementNS(NS, "title");
    title.textContent = u.name;
    c.appendChild(title);
    var k = u.name.match(/[\u2080-\u2089]+$/);
    var shown = sy > 0.85 || u.input || !k ? u.name : k[0].replace(/[\u2080-\u2089]/g, function (d) { return String(d.charCodeAt(0) - 0x2080); });
    text(nsvg, u.x, u.y * sy + 4, shown).setAttribute("font-size", sy > 0.85 ? "10" : "11");
  });
  document.querySelectorAll("input[name=mode]").forEach(function (r) {
    r.addEventListener("change", function () { mode = r.value; show(+slider.value); });
  });

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
      panel.innerHTML = "<h2>Replay</h2><p>Move the slider (or ← →): the cost, the boundary, the gradient per layer and the weights follow the recorded epochs.</p><p>Click an edge of the network for that weight's value and ∂C/∂w at this epoch.</p>";
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
      html += "<div class='path' style='--c:" + esc(data.colors[k % data.colors.length]) + "'><div class='route'>path " + esc(k + 1) + ": " +
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
    if (document.activeElement === slider) return; // the slider moves itself
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      slider.value = Math.max(0, Math.min(n - 1, +slider.value + (ev.key === "ArrowRight" ? 1 : -1)));
      show(+slider.value);
    }
  });
  show(0);
})();
