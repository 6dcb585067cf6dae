// Training, live: full-batch gradient descent W ← W − η·∂C/∂W run in the page on the graph of
// the cost over the whole data set (the graph nn.fit differentiates), with the op table's rules
// generated from Python (OPS) and engine.js's backward(). Every number is computed here.
(function () {
  "use strict";
  var data = JSON.parse(document.querySelector("script.explorer-data").textContent);
  var E = Chainrule, number = E.number, factorText = E.factor;
  var NS = "http://www.w3.org/2000/svg";
  var root = document.querySelector(".playground");
  var panel = root.querySelector("[data-role=panel]");
  var netBox = root.querySelector("[data-role=net]");
  var charts = root.querySelector("[data-role=charts]");
  var etaBox = root.querySelector("[data-eta]");
  var speedBox = root.querySelector("[data-speed]");
  var tip = root.querySelector("[data-role=tip]");
  var POS = data.colors[0], NEG = data.colors[1]; // blue > 0, vermillion < 0 (Okabe–Ito)
  var G = new E.Graph(data.cost.program, OPS); // C over the whole data set: what trains
  var S = new E.Graph(data.sample.program, OPS); // Cᵢ of one sample: paths, scores, boundary
  var pc = data.cost.params, ps = data.sample.params, P = data.names.length, n = data.points.length;
  var start = Float64Array.from(G.value);
  var theta0 = new Float64Array(P);
  for (var k0 = 0; k0 < P; k0++) theta0[k0] = pc[k0] >= 0 ? G.value[pc[k0]] : S.value[ps[k0]];
  var theta = Float64Array.from(theta0);
  var epoch = 0, costs = [], playing = false, selected = null, showGrads = false, lastBoundary = 0;
  var sampleIndex = 0;

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
  function figure(caption, w, h) {
    var f = document.createElement("figure");
    var s = svgEl("svg", { "class": "chart", viewBox: "0 0 " + w + " " + h, width: w, height: h }, f);
    var c = document.createElement("figcaption");
    c.textContent = caption;
    f.appendChild(c);
    charts.appendChild(f);
    return s;
  }
  var costSvg = figure("cost C per epoch (C: the mean of the samples' costs Cᵢ" + (data.cost.penalty ? ", plus L2" : "") + ")", 330, 150);
  var curve = svgEl("polyline", { "class": "curve" }, costSvg);
  svgEl("line", { x1: 48, y1: 128, x2: 325, y2: 128, stroke: "#999" }, costSvg);
  svgEl("line", { x1: 48, y1: 8, x2: 48, y2: 128, stroke: "#999" }, costSvg);
  var hiText = label(costSvg, 44, 16, "", "end"), loText = label(costSvg, 44, 128, "", "end");
  var axisText = label(costSvg, 186, 146, "epoch");
  var dot = svgEl("circle", { r: 3.5, fill: NEG }, costSvg);
  function drawCurve() {
    var finite = costs.filter(function (c) { return isFinite(c); });
    var lo = Math.min.apply(null, finite), hi = Math.max.apply(null, finite);
    var logScale = lo > 0 && hi / lo > 20;
    function f(c) { return logScale ? Math.log(c) : c; }
    var span = Math.max(costs.length - 1, 10);
    function cx(i) { return 48 + (i / span) * 277; }
    function cy(c) { return 128 - (f(hi) === f(lo) ? 0.5 : (f(c) - f(lo)) / (f(hi) - f(lo))) * 116; }
    var step = Math.max(1, Math.floor(costs.length / 400)); // at most ~400 points drawn
    var pts = [];
    for (var i = 0; i < costs.length; i += step) if (isFinite(costs[i])) pts.push(cx(i) + "," + cy(costs[i]));
    if (isFinite(costs[costs.length - 1])) pts.push(cx(costs.length - 1) + "," + cy(costs[costs.length - 1]));
    curve.setAttribute("points", pts.join(" "));
    hiText.textContent = number(hi);
    loText.textContent = number(lo);
    axisText.textContent = "epoch 0 … " + span + (logScale ? " (C on a log scale)" : "");
    var last = costs.length - 1;
    while (last > 0 && !isFinite(costs[last])) last -= 1; // a diverged run: its last finite cost
    dot.setAttribute("cx", cx(last));
    dot.setAttribute("cy", cy(costs[last]));
  }

  var cells = [], boundarySvg = null, boundaryLabel = null, box = null;
  if (data.grid) {
    var g = data.grid, size = 150, cell = size / g;
    var xs = data.points.map(function (p) { return p[0]; }), ys = data.points.map(function (p) { return p[1]; });
    box = [Math.min.apply(null, xs) - 0.5, Math.max.apply(null, xs) + 0.5, Math.min.apply(null, ys) - 0.5, Math.max.apply(null, ys) + 0.5];
    boundarySvg = figure("decision boundary: blue where y′ > " + number(data.threshold), 330, 170);
    for (var c = 0; c < g * g; c++) {
      cells.push(svgEl("rect", { x: 90 + (c % g) * cell, y: 4 + Math.floor(c / g) * cell, width: cell + 0.3, height: cell + 0.3 }, boundarySvg));
    }
    data.points.forEach(function (p, i) {
      svgEl("circle", {
        cx: 90 + ((p[0] - box[0]) / (box[1] - box[0])) * size, cy: 4 + ((box[3] - p[1]) / (box[3] - box[2])) * size,
        r: 2.6, fill: data.targets[i] > 0 ? POS : NEG, stroke: "#fff", "stroke-width": 0.7
      }, boundarySvg);
    });
    boundaryLabel = label(boundarySvg, 250, 166, "", "start");
  }
  function drawBoundary() {
    if (!data.grid) return;
    var g = data.grid;
    for (var c = 0; c < g * g; c++) {
      var u = box[0] + (box[1] - box[0]) * ((c % g) + 0.5) / g;
      var v = box[3] - (box[3] - box[2]) * (Math.floor(c / g) + 0.5) / g;
      var s = score([u, v]) - data.threshold, a = 0.15 + 0.45 * Math.min(1, Math.abs(s));
      cells[c].setAttribute("fill", isFinite(s) ? (s > 0 ? POS : NEG) : "#999");
      cells[c].setAttribute("fill-opacity", isFinite(a) ? a : 0.3);
    }
    boundaryLabel.textContent = "epoch " + epoch;
    lastBoundary = performance.now();
  }

  var barsSvg = figure("mean |∂C/∂w| per layer, bars relative to the largest", 330, 30 + 26 * data.layers.length);
  var bars = data.layers.map(function (L, j) {
    var y = 8 + j * 26;
    label(barsSvg, 56, y + 14, "layer " + L.layer, "end");
    return { rect: svgEl("rect", { "class": "bar", x: 62, y: y, height: 18, width: 0 }, barsSvg), text: label(barsSvg, 66, y + 14, "", "start"), layer: L };
  });
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
  function layerTitle(l) {
    if (l === 0) return "input x";
    var L = data.layers[l - 1];
    return (l === sizes.length - 1 ? "output y′" : "hidden " + l) + (L.f ? ": f" + L.sup + " = " + L.f : "");
  }
  function drawNetwork() {
    netBox.textContent = "";
    var W = Math.max(420, netBox.clientWidth - 16), H = Math.max(360, netBox.clientHeight - 16);
    var tallest = Math.max.apply(null, sizes);
    var top = 46, gap = Math.min(36, (H - top - 10) / tallest), r = Math.max(6, Math.min(12, gap * 0.36));
    var svg = svgEl("svg", { "class": "net", viewBox: "0 0 " + W + " " + H, width: W, height: H }, netBox);
    var colX = sizes.map(function (_, l) { return 60 + l * (W - 120) / (sizes.length - 1); });
    function pos(l, k) { return [colX[l], top + (tallest - sizes[l]) * gap / 2 + (k - 0.5) * gap]; }
    var edgesG = svgEl("g", {}, svg);
    sizes.forEach(function (s, l) { label(svg, colX[l], 18, layerTitle(l), "middle", "layer-title"); });
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
        label(svg, p[0], p[1] + 4, name, "middle", "unit");
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
      html += "<div class='path' style='--c:" + esc(data.colors[i % data.colors.length]) + "'><div class='route'>path " + esc(i + 1) + ": " +
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
  function choose(k) { selected = k; draw(false); }

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
    var t = ev.target;
    if (t && t.tagName === "INPUT") return;
    if (ev.key === " ") { ev.preventDefault(); if (playing) pause(); else play(); }
    else if (ev.key === "ArrowRight") { pause(); step(); draw(true); }
  });
  window.addEventListener("resize", function () {
    if (netBox.querySelector("svg.net")) { lines = {}; drawNetwork(); paintWeights(); }
  });

  reset();
  drawNetwork();
  draw(true);
})();
