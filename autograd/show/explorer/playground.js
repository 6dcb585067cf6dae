// Training, live: full-batch gradient descent W ← W − η·∂C/∂W run in the page on the graph of
// the cost over the whole data set (the graph nn.fit differentiates), with the op table's rules
// generated from Python (OPS) and engine.js's backward(). Every number is computed here.
(function () {
  "use strict";
  var data = JSON.parse(document.querySelector("script.explorer-data").textContent);
  var E = Chainrule, number = E.number, factorText = E.factor, PAGES = ChainrulePages;
  var NS = "http://www.w3.org/2000/svg";
  var root = document.querySelector(".playground");
  var panel = root.querySelector("[data-role=panel]");
  var netBox = root.querySelector("[data-role=net]");
  var charts = root.querySelector("[data-role=charts]");
  var etaBox = root.querySelector("[data-eta]");
  var speedBox = root.querySelector("[data-speed]");
  var tip = root.querySelector("[data-role=tip]");
  var POS = data.colors[0], NEG = data.colors[1]; // blue > 0, vermillion < 0 (Okabe–Ito)
  // where the model's score is not a number: the palette's grey, as the page's CSS has it
  var NAN_FILL = getComputedStyle(document.documentElement).getPropertyValue("--grey").trim();
  var G = new E.Graph(data.cost.program, OPS); // C over the whole data set: what trains
  var S = new E.Graph(data.sample.program, OPS); // Cᵢ of one sample: paths, scores, boundary
  var pc = data.cost.params, ps = data.sample.params, P = data.names.length, n = data.points.length;
  var start = Float64Array.from(G.value);
  var theta0 = new Float64Array(P);
  for (var k0 = 0; k0 < P; k0++) theta0[k0] = pc[k0] >= 0 ? G.value[pc[k0]] : S.value[ps[k0]];
  var theta = Float64Array.from(theta0);
  var epoch = 0, costs = [], playing = false, selected = null, showGrads = false, lastBoundary = 0;
  var sampleIndex = 0;
  // Presentation mode (p): the network, the cost curve and the boundary fill 1280×720 at 24 px
  // text while the training runs; the explanation an overlay that comes with a clicked edge
  // (h hides it). Charts and network are drawn again at the mode's sizes.
  var present = PAGES.presentation(root, function (on) {
    Z = on ? SIZES.present : SIZES.page;
    root.classList.toggle("overlay-hidden", on && selected === null);
    root.querySelectorAll("[data-action=view]").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    lines = {};
    matrixCells = {};
    buildCharts();
    drawNetwork();
    draw(true);
  });

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function svgEl(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function label(parent, x, y, s, anchor, cls) {
    var t = svgEl("text", { x: x, y: y, "text-anchor": anchor || "middle" }, parent);
    if (cls) t.setAttribute("class", cls);
    t.textContent = s;
    return t;
  }
  function grad(k) { return pc[k] >= 0 ? G.grad[pc[k]] : 0; }
  function cost() { return G.value[G.root]; }

  // --- training: the same steps as nn.fit, full batch --------------------------------------
  function eta() {
    var h = E.parse(etaBox.value);
    etaBox.classList.toggle("bad", !(isFinite(h) && h >= 0));
    return isFinite(h) && h >= 0 ? h : null;
  }
  function reset() {
    G.value.set(start);
    theta.set(theta0);
    G.forward();
    G.backward(); // ∂C/∂w at epoch 0: what the first step uses
    epoch = 0;
    costs = [cost()];
  }
  // one epoch: W ← W − η·∂C/∂W with the gradient at this epoch, then C and ∂C/∂W at the next
  function step() {
    var h = eta();
    if (h === null || !isFinite(cost())) return false; // diverged: reset first
    for (var k = 0; k < P; k++) {
      if (pc[k] < 0) continue; // not in the cost: ∂C/∂w = 0, it does not move
      theta[k] = theta[k] - h * G.grad[pc[k]];
      G.value[pc[k]] = theta[k];
    }
    G.forward();
    G.backward();
    epoch += 1;
    costs.push(cost());
    return isFinite(cost());
  }

  // the model alone, for sample i or any point: its output y′ (S holds the model and Cᵢ)
  function setSample(x, y) {
    for (var k = 0; k < P; k++) if (ps[k] >= 0) S.value[ps[k]] = theta[k];
    data.sample.x.forEach(function (node, j) { S.value[node] = x[j]; });
    S.value[data.sample.y] = y;
  }
  function score(x) {
    setSample(x, 0);
    S.forward();
    return S.value[data.sample.output];
  }
  function accuracy() {
    var right = 0;
    data.points.forEach(function (x, i) {
      right += (score(x) > data.threshold) === (data.targets[i] > 0) ? 1 : 0;
    });
    return right / n;
  }

  // --- charts: the cost curve, the decision boundary, |∂C/∂w| per layer ----------------------
  // Drawn at one of two sizes, in px at scale 1: the page's, and the presentation mode's, whose
  // text is 24 px (explorer.css) and whose captions are short.
  var SIZES = {
    page: {
      cost: { w: 330, h: 150, left: 48, right: 325, top: 8, bottom: 128, axis: 146, dot: 3.5 },
      box: { w: 330, h: 170, size: 150, left: 90, top: 4, labelX: 250, labelY: 166, anchor: "start", r: 2.6 },
      short: false
    },
    present: {
      cost: PAGES.PRESENT_COST,
      box: { w: 440, h: 262, size: 226, left: 107, top: 4, labelX: 220, labelY: 256, anchor: "middle", r: 4.5 },
      short: true
    }
  };
  var Z = SIZES.page;
  var figures = document.createElement("div");
  figures.className = "figures";
  charts.appendChild(figures);
  function figure(name, caption, w, h) { return PAGES.figure(figures, name, caption, w, h); }
  var curve, hiText, loText, axisText, dot;
  var cells = [], boundaryLabel = null, box = null;
  if (data.grid) {
    var xs = data.points.map(function (p) { return p[0]; }), ys = data.points.map(function (p) { return p[1]; });
    box = [Math.min.apply(null, xs) - 0.5, Math.max.apply(null, xs) + 0.5, Math.min.apply(null, ys) - 0.5, Math.max.apply(null, ys) + 0.5];
  }
  var bars = [];
  // every chart, afresh, at the size of the mode the page is in (then draw() fills them in)
  function buildCharts() {
    figures.textContent = "";
    var C = Z.cost;
    var costSvg = figure("cost", Z.short ? "cost C per epoch" :
      "cost C per epoch (C: the mean of the samples' costs Cᵢ" + (data.cost.penalty ? ", plus L2" : "") + ")", C.w, C.h);
    curve = svgEl("polyline", { "class": "curve" }, costSvg);
    svgEl("line", { "class": "axis", x1: C.left, y1: C.bottom, x2: C.right, y2: C.bottom }, costSvg);
    svgEl("line", { "class": "axis", x1: C.left, y1: C.top, x2: C.left, y2: C.bottom }, costSvg);
    hiText = label(costSvg, C.left - 4, C.top + 8, "", "end");
    loText = label(costSvg, C.left - 4, C.bottom, "", "end");
    axisText = label(costSvg, (C.left + C.right) / 2, C.axis, "epoch");
    dot = svgEl("circle", { r: C.dot, fill: NEG }, costSvg);
    cells = [];
    if (data.grid) {
      var B = Z.box, g = data.grid, size = B.size, cell = size / g;
      var boundarySvg = figure("boundary", Z.short ? "blue where y′ > " + number(data.threshold) :
        "decision boundary: blue where y′ > " + number(data.threshold), B.w, B.h);
      for (var c = 0; c < g * g; c++) {
        cells.push(svgEl("rect", { x: B.left + (c % g) * cell, y: B.top + Math.floor(c / g) * cell, width: cell + 0.3, height: cell + 0.3 }, boundarySvg));
      }
      data.points.forEach(function (p, i) {
        svgEl("circle", {
          "class": "point", cx: B.left + ((p[0] - box[0]) / (box[1] - box[0])) * size, cy: B.top + ((box[3] - p[1]) / (box[3] - box[2])) * size,
          r: B.r, fill: data.targets[i] > 0 ? POS : NEG, "stroke-width": 0.7
        }, boundarySvg);
      });
      boundaryLabel = label(boundarySvg, B.labelX, B.labelY, "", B.anchor);
    }
    var barsSvg = figure("bars", "mean |∂C/∂w| per layer, bars relative to the largest", 330, 30 + 26 * data.layers.length);
    bars = data.layers.map(function (L, j) {
      var y = 8 + j * 26;
      label(barsSvg, 56, y + 14, "layer " + L.layer, "end");
      return { rect: svgEl("rect", { "class": "bar", x: 62, y: y, height: 18, width: 0 }, barsSvg), text: label(barsSvg, 66, y + 14, "", "start"), layer: L };
    });
  }
  function drawCurve() {
    var finite = costs.filter(function (c) { return isFinite(c); });
    var lo = Math.min.apply(null, finite), hi = Math.max.apply(null, finite);
    var logScale = lo > 0 && hi / lo > 20;
    function f(c) { return logScale ? Math.log(c) : c; }
    var span = Math.max(costs.length - 1, 10);
    var C = Z.cost;
    function cx(i) { return C.left + (i / span) * (C.right - C.left); }
    function cy(c) { return C.bottom - (f(hi) === f(lo) ? 0.5 : (f(c) - f(lo)) / (f(hi) - f(lo))) * (C.bottom - C.top - 4); }
    var step = Math.max(1, Math.floor(costs.length / 400)); // at most ~400 points drawn
    var pts = [];
    for (var i = 0; i < costs.length; i += step) if (isFinite(costs[i])) pts.push(cx(i) + "," + cy(costs[i]));
    if (isFinite(costs[costs.length - 1])) pts.push(cx(costs.length - 1) + "," + cy(costs[costs.length - 1]));
    curve.setAttribute("points", pts.join(" "));
    hiText.textContent = number(hi);
    loText.textContent = number(lo);
    axisText.textContent = "epoch 0 … " + span + (logScale ? (Z.short ? ", log C" : " (C on a log scale)") : "");
    var last = costs.length - 1;
    while (last > 0 && !isFinite(costs[last])) last -= 1; // a diverged run: its last finite cost
    dot.setAttribute("cx", cx(last));
    dot.setAttribute("cy", cy(costs[last]));
  }

  function drawBoundary() {
    if (!data.grid) return;
    var g = data.grid;
    for (var c = 0; c < g * g; c++) {
      var u = box[0] + (box[1] - box[0]) * ((c % g) + 0.5) / g;
      var v = box[3] - (box[3] - box[2]) * (Math.floor(c / g) + 0.5) / g;
      var s = score([u, v]) - data.threshold, a = 0.15 + 0.45 * Math.min(1, Math.abs(s));
      cells[c].setAttribute("fill", isFinite(s) ? (s > 0 ? POS : NEG) : NAN_FILL);
      cells[c].setAttribute("fill-opacity", isFinite(a) ? a : 0.3);
    }
    boundaryLabel.textContent = "epoch " + epoch;
    lastBoundary = performance.now();
  }

  function drawBars() {
    var means = bars.map(function (b) {
      var s = 0;
      b.layer.weights.forEach(function (w) { s += Math.abs(grad(w[2])); });
      return s / Math.max(1, b.layer.weights.length);
    });
    var top = Math.max.apply(null, means);
    bars.forEach(function (b, j) {
      var w = top > 0 ? (means[j] / top) * 200 : 0;
      b.rect.setAttribute("width", w);
      b.text.setAttribute("x", 66 + w);
      b.text.textContent = number(means[j]);
    });
  }

  // --- the network in layers, or each layer's weights as a matrix --------------------------
  var lines = {}, matrixCells = {};
  var sizes = [data.inputs].concat(data.layers.map(function (L) { return L.size; }));
  // a layer's title: one line on the page, two in presentation mode (columns are narrow at 24 px)
  function layerTitle(l) {
    var L = data.layers[l - 1];
    var head = l === 0 ? "input x" : l === sizes.length - 1 ? "output y′" : "hidden " + l;
    var f = l > 0 && L.f ? "f" + L.sup + " = " + L.f : "";
    return present.on() ? [head, f] : [head + (f ? ": " + f : "")];
  }
  function drawNetwork() {
    netBox.textContent = "";
    var big = present.on();
    // in presentation mode neurons keep room for a 24 px number (the area scrolls, rather than
    // squeeze them, when Ctrl + leaves too little room); on the page they shrink to fit
    var margin = big ? 80 : 60, spacing = big ? 170 : 0; // room for a layer's 24 px title
    var W = Math.max(big ? 2 * margin + spacing * (sizes.length - 1) : 420, netBox.clientWidth - 16);
    var H = Math.max(big ? 0 : 360, netBox.clientHeight - 16);
    var tallest = Math.max.apply(null, sizes);
    var top = big ? 74 : 46, room = (H - top - 10) / tallest;
    var gap = big ? Math.max(34, Math.min(44, room)) : Math.min(36, room);
    var r = big ? Math.min(18, gap * 0.47) : Math.max(6, Math.min(12, gap * 0.36));
    H = Math.max(H, top + tallest * gap + 10);
    var svg = svgEl("svg", { "class": "net", viewBox: "0 0 " + W + " " + H, width: W, height: H }, netBox);
    var colX = sizes.map(function (_, l) { return margin + l * (W - 2 * margin) / (sizes.length - 1); });
    function pos(l, k) { return [colX[l], top + (tallest - sizes[l]) * gap / 2 + (k - 0.5) * gap]; }
    var edgesG = svgEl("g", {}, svg);
    sizes.forEach(function (s, l) {
      layerTitle(l).forEach(function (t, i) { if (t) label(svg, colX[l], (big ? 26 : 18) + i * 30, t, "middle", "layer-title"); });
    });
    data.layers.forEach(function (L, li) {
      L.weights.forEach(function (w) {
        var a = pos(li, w[1]), b = pos(li + 1, w[0]);
        var line = svgEl("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], "data-weight": data.names[w[2]], "stroke-linecap": "round" }, edgesG);
        line.addEventListener("click", function () { choose(w[2]); });
        hover(line, w[2]);
        lines[w[2]] = line;
      });
    });
    sizes.forEach(function (s, l) {
      for (var k = 1; k <= s; k++) {
        var p = pos(l, k);
        svgEl("circle", { "class": "neuron" + (l === 0 ? " in" : ""), cx: p[0], cy: p[1], r: r }, svg);
        var name = l === 0 ? "x" + E.sub(k) : (l === sizes.length - 1 && s === 1 ? "y′" : String(k));
        label(svg, p[0], p[1] + (big ? 8 : 4), name, "middle", "unit");
      }
    });
  }
  function drawMatrices() {
    netBox.textContent = "";
    data.layers.forEach(function (L) {
      var fig = document.createElement("figure");
      fig.className = "matrix";
      var cell = Math.max(9, Math.min(22, 300 / Math.max(L.inputs, L.size)));
      var svg = svgEl("svg", { width: L.inputs * cell + 30, height: L.size * cell + 24 }, fig);
      label(svg, 26 + L.inputs * cell / 2, 12, "j = 1 … " + L.inputs);
      L.weights.forEach(function (w) {
        var r = svgEl("rect", { x: 26 + (w[1] - 1) * cell, y: 18 + (w[0] - 1) * cell, width: cell - 1, height: cell - 1, "data-weight": data.names[w[2]] }, svg);
        r.addEventListener("click", function () { choose(w[2]); });
        hover(r, w[2]);
        matrixCells[w[2]] = r;
      });
      var cap = document.createElement("figcaption");
      cap.textContent = "W" + L.sup + ": row k (neuron), column j (input)";
      fig.appendChild(cap);
      netBox.appendChild(fig);
    });
  }
  function paintWeights() {
    var values = [], biggest = 0;
    for (var k = 0; k < P; k++) {
      values[k] = showGrads ? grad(k) : theta[k];
      biggest = Math.max(biggest, Math.abs(values[k]) || 0);
    }
    Object.keys(lines).forEach(function (k) {
      var v = values[k], m = biggest > 0 ? Math.abs(v) / biggest : 0;
      m = m * m; // the large weights stand out of the thicket
      lines[k].setAttribute("stroke", v >= 0 ? POS : NEG);
      lines[k].setAttribute("stroke-width", 0.4 + 3.6 * m);
      lines[k].setAttribute("stroke-opacity", 0.12 + 0.78 * m);
      lines[k].classList.toggle("selected", +k === selected);
    });
    if (selected !== null && lines[selected]) lines[selected].parentNode.appendChild(lines[selected]); // on top
    Object.keys(matrixCells).forEach(function (k) {
      var v = values[k], m = biggest > 0 ? Math.abs(v) / biggest : 0;
      matrixCells[k].setAttribute("fill", v >= 0 ? POS : NEG);
      matrixCells[k].setAttribute("fill-opacity", 0.08 + 0.92 * m);
      matrixCells[k].classList.toggle("selected", +k === selected);
    });
  }
  function hover(el, k) {
    el.addEventListener("mouseenter", function (ev) {
      tip.textContent = data.names[k] + " = " + number(theta[k]) + "; ∂C/∂" + data.names[k] + " = " + number(grad(k));
      tip.hidden = false;
      tip.style.left = Math.min(ev.clientX + 16, window.innerWidth - tip.offsetWidth - 4) + "px";
      tip.style.top = ev.clientY + 22 + "px";
    });
    el.addEventListener("mouseleave", function () { tip.hidden = true; });
  }

  // --- the clicked weight: value, ∂C/∂w, its step, its paths to Cᵢ -------------------------
  var Sm = data.sample, order = Object.keys(Sm.nodes).sort(function (a, b) { return +a.slice(1) - +b.slice(1); });
  var outEdges = {};
  order.forEach(function (id) { outEdges[id] = []; });
  Sm.edges.forEach(function (e, j) { outEdges[e.u].push(j); });
  function pathsTo(k) {
    // Cᵢ at this epoch for sample i, then every path w → Cᵢ on the lecture's view of its graph
    setSample(data.points[sampleIndex], data.targets[sampleIndex]);
    S.forward();
    S.backward();
    var f = E.edgeFactors(S, Sm.edges, Sm.dps, Sm.nodes);
    var w = Sm.drawn[k], count = {}, total = {};
    for (var i = order.length - 1; i >= 0; i--) {
      var id = order[i];
      count[id] = id === Sm.root ? 1 : 0;
      total[id] = id === Sm.root ? 1 : 0;
      outEdges[id].forEach(function (j) {
        count[id] += count[Sm.edges[j].v];
        total[id] += f[j] * total[Sm.edges[j].v];
      });
    }
    var listed = [];
    if (w !== null && count[w] <= 4096) {
      var stack = [[w, []]];
      while (stack.length) {
        var top = stack.pop();
        if (top[0] === Sm.root) { listed.push(top[1]); continue; }
        outEdges[top[0]].forEach(function (j) { stack.push([Sm.edges[j].v, top[1].concat([j])]); });
      }
    }
    var paths = listed.map(function (es) {
      var fs = es.map(function (j) { return f[j]; }), p = 1;
      fs.forEach(function (x) { p *= x; });
      return { edges: es, factors: fs, product: p };
    });
    paths.sort(function (a, b) { return Math.abs(b.product) - Math.abs(a.product); });
    return { count: w === null ? 0 : count[w], total: w === null ? 0 : total[w], paths: paths.slice(0, 8), all: paths, grad: ps[k] >= 0 ? S.grad[ps[k]] : 0, f: f };
  }
  function ciName() { return "C" + E.sub(sampleIndex); }
  function edgeText(j, f) {
    var e = Sm.edges[j];
    return e.parts.map(function (t) { return rename(t); }).concat([number(f[j])]).join(" = ");
  }
  // the sample graph was drawn for sample 0: its cost is C₀; for sample i it is Cᵢ
  function rename(t) { return t.split(Sm.names[Sm.root]).join(ciName()); }

  function pointText(x) { return "(" + x.map(function (v) { return number(v); }).join(", ") + ")"; }
  function routeText(p) {
    var names = [Sm.names[Sm.edges[p.edges[0]].u]];
    p.edges.forEach(function (j) { names.push(rename(Sm.names[Sm.edges[j].v])); });
    return names.join(" → ");
  }

  function weightHtml(k) {
    var name = data.names[k], h = eta(), g = grad(k), w = theta[k];
    var html = "<h2>" + esc(name) + " at epoch " + esc(epoch) + "</h2>" +
      "<p>" + esc(name) + " = <b><span data-w>" + esc(number(w)) + "</span></b></p>" +
      "<p>∂C/∂" + esc(name) + " = <b><span data-dw data-value='" + esc(String(g)) + "'>" + esc(number(g)) + "</span></b>" +
      " (backward() on C, the mean of the " + esc(n) + " samples' costs" + (data.cost.penalty ? " plus L2" : "") + ")</p>";
    if (h !== null) {
      html += "<p>its next step: " + esc(name) + " ← " + esc(name) + " − η·∂C/∂" + esc(name) + " = " + esc(number(w)) + " − " +
        esc(number(h)) + " × " + esc(factorText(g)) + " = " + esc(number(w - h * g)) + "</p>";
    }
    var q = pathsTo(k), ci = ciName(), x = data.points[sampleIndex];
    html += "<h2>Its paths to " + esc(ci) + "</h2><p class='muted'>" + esc(ci) + ": the cost of sample " + esc(sampleIndex) +
      " alone, x = " + esc(pointText(x)) + ", y = " + esc(number(data.targets[sampleIndex])) +
      ". ∂C/∂" + esc(name) + " above averages ∂Cᵢ/∂" + esc(name) + " over the samples" +
      (data.cost.penalty ? " (plus the penalty's ∂L2/∂" + esc(name) + ")" : "") + ".</p>" +
      "<p>" + esc(q.count.toLocaleString("en")) + (q.count === 1 ? " path" : " paths") + " from " + esc(name) + " to " + esc(ci) + "</p>";
    q.paths.forEach(function (p, i) {
      var route = routeText(p);
      var factorsHtml = p.edges.map(function (j) { return "<div class='factor'>" + esc(edgeText(j, q.f)) + "</div>"; }).join("");
      html += "<div class='path' style='" + esc(PAGES.pathStyle(i, data.colors.length)) + "'><div class='route'>path " + esc(i + 1) + ": " +
        esc(route) + "</div>" + factorsHtml + "<div class='product'>product = " + esc(E.productText(p.factors)) + "</div></div>";
    });
    if (q.count > q.paths.length) {
      var shown = 0;
      q.paths.forEach(function (p) { shown += p.product; });
      html += "<div class='more'>… and " + esc((q.count - q.paths.length).toLocaleString("en")) + " more add " + esc(number(q.total - shown)) + "</div>";
    }
    var agrees = E.isclose(q.total, q.grad, 1e-9, 1e-12);
    return html + "<div class='total'>Σ products = ∂" + esc(ci) + "/∂" + esc(name) + " = <b><span data-sample-sum data-value='" + esc(String(q.total)) + "'>" +
      esc(number(q.total)) + "</span></b><br>from backward() on " + esc(ci) + ": <b><span data-sample-grad data-value='" + esc(String(q.grad)) + "'>" +
      esc(number(q.grad)) + "</span></b> " + (agrees ? "<span class='ok'>✓ equal</span>" : "<span class='bad'>✗ differs</span>") + "</div>";
  }
  function idleHtml() {
    if (present.on()) {
      return "<h2>Training, live</h2><p><b>Click an edge</b>: its weight, ∂C/∂w and its paths to one sample's cost Cᵢ, " +
        "at the current epoch.</p><p class='muted'>h hides this · p or Esc leaves</p>";
    }
    return "<h2>Training, live</h2><p><b>▶ play</b> trains: each epoch is one step W ← W − η·∂C/∂W on every weight, " +
      "with ∂C/∂W from backward() on the cost of all " + esc(n) + " samples, computed in this page. <b>step</b> does one epoch, " +
      "<b>reset</b> goes back to the initial weights. Change η any time.</p>" +
      "<p><b>Click an edge</b> (or a matrix cell) for that weight's value, gradient and next step, and its chain-rule paths to one sample's cost Cᵢ.</p>" +
      "<p class='muted'>Edge width and opacity ∝ |w| (or |∂C/∂w|), blue &gt; 0, vermillion &lt; 0.</p>";
  }

  // --- the whole page for this epoch -------------------------------------------------------
  function draw(all) {
    root.querySelector("[data-epoch]").textContent = String(epoch);
    root.querySelector("[data-cost]").textContent = String(cost());
    root.querySelector("[data-cost-text]").textContent = number(cost());
    root.querySelector("[data-accuracy]").textContent = (accuracy() * 100).toFixed(1) + "%";
    drawCurve();
    drawBars();
    paintWeights();
    if (all || !playing || performance.now() - lastBoundary > 150) drawBoundary();
    panel.innerHTML = selected === null ? idleHtml() : weightHtml(selected);
    if (!isFinite(cost())) {
      panel.innerHTML = "<h2>The cost is " + esc(number(cost())) + "</h2><p>Gradient descent diverged at epoch " + esc(epoch) +
        ": η = " + esc(etaBox.value) + " is too large. Reset and try a smaller η.</p>";
    }
  }
  function choose(k) {
    selected = k;
    root.classList.remove("overlay-hidden"); // in presentation mode: the paths come over
    draw(false);
  }

  var frame = null;
  function loop() {
    var t0 = performance.now(), per = +(speedBox ? speedBox.value : 1), done = 0;
    // `per` epochs a frame (0: as many as fit in about 12 ms), then draw: the page stays responsive
    while (playing && (per > 0 ? done < per : performance.now() - t0 < 12)) {
      if (!step()) { playing = false; break; }
      done += 1;
    }
    draw(false);
    frame = playing ? requestAnimationFrame(loop) : null;
  }
  function play() { if (!playing) { playing = true; frame = requestAnimationFrame(loop); } }
  function pause() { playing = false; if (frame !== null) cancelAnimationFrame(frame); frame = null; draw(true); }

  function on(action, fn) {
    root.querySelectorAll("[data-action=" + action + "]").forEach(function (b) { b.addEventListener("click", fn); });
  }
  on("play", play);
  on("pause", pause);
  on("step", function () { pause(); step(); draw(true); });
  on("reset", function () { pause(); reset(); draw(true); });
  on("view", function (ev) {
    var b = ev.currentTarget, matrices = b.getAttribute("aria-pressed") !== "true";
    b.setAttribute("aria-pressed", matrices ? "true" : "false");
    lines = {};
    matrixCells = {};
    if (matrices) drawMatrices(); else drawNetwork();
    paintWeights();
  });
  etaBox.addEventListener("input", function () { eta(); if (!playing) draw(false); });
  var mode = document.createElement("div");
  mode.className = "edge-mode";
  var pickW = document.createElement("label"), pickG = document.createElement("label");
  [[pickW, "weights", "edges show w"], [pickG, "grads", "edges show ∂C/∂w"]].forEach(function (m) {
    var r = document.createElement("input");
    r.type = "radio";
    r.name = "edge-mode";
    r.value = m[1];
    r.checked = m[1] === "weights";
    r.addEventListener("change", function () { showGrads = r.value === "grads"; paintWeights(); });
    m[0].appendChild(r);
    m[0].appendChild(document.createTextNode(" " + m[2]));
    mode.appendChild(m[0]);
  });
  charts.appendChild(mode);
  var pick = document.createElement("label");
  pick.className = "sample-pick";
  pick.textContent = "paths to the cost of sample i = ";
  var sampleBox = document.createElement("input");
  sampleBox.type = "text";
  sampleBox.setAttribute("inputmode", "numeric");
  sampleBox.setAttribute("data-sample", "");
  sampleBox.value = "0";
  sampleBox.size = 4;
  sampleBox.addEventListener("input", function () {
    var i = E.parse(sampleBox.value);
    var ok = Number.isInteger(i) && i >= 0 && i < n;
    sampleBox.classList.toggle("bad", !ok);
    if (ok) { sampleIndex = i; draw(false); }
  });
  pick.appendChild(sampleBox);
  pick.appendChild(document.createTextNode(" (0 … " + (n - 1) + ")"));
  panel.parentNode.insertBefore(pick, panel);
  document.addEventListener("keydown", function (ev) {
    if (PAGES.typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === " ") { ev.preventDefault(); if (playing) pause(); else play(); }
    else if (ev.key === "ArrowRight") { pause(); step(); draw(true); }
  });
  window.addEventListener("resize", function () {
    if (netBox.querySelector("svg.net")) { lines = {}; drawNetwork(); paintWeights(); }
  });

  buildCharts();
  reset();
  drawNetwork();
  draw(true);
})();
