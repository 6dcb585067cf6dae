// The explorer's behaviour. The graph is recomputed here, live: every value, local derivative,
// path product, sum and gradient comes from the page's engine (engine.js running the op table's
// rules, generated from Python) each time a leaf changes; the names, formulas and which paths
// and steps there are come from the embedded JSON (autograd.show.view). No network, no
// libraries: it runs from file://.
(function () {
  "use strict";
  var data = JSON.parse(document.querySelector("script.explorer-data").textContent);
  var live = data.live;
  var E = Chainrule, number = E.number, factorText = E.factor;
  var G = new E.Graph(live.program, OPS);
  var start = Float64Array.from(G.value); // the values the page was made with: reset
  var root = document.querySelector(".explorer");
  var panel = root.querySelector("[data-role=panel]");
  var tip = root.querySelector("[data-role=tip]");
  var PAGES = ChainrulePages;
  var COLOURS = data.colors; // the drawings' path colours (autograd.show.view.PATH_COLORS)
  // an edge only on paths not listed one by one: light blue, its number in the text's ink
  var OTHER = { c: "var(--sky-blue)", ct: "var(--ink)" };
  var nodes = {}, edges = {}, edgeLive = {}, into = {}, nodeEls = {}, edgeEls = {};
  data.nodes.forEach(function (n) { nodes[n.id] = n; into[n.id] = []; nodeEls[n.id] = []; });
  data.edges.forEach(function (e) { edges[e.id] = e; into[e.child].push(e.id); edgeEls[e.id] = []; });
  live.edges.forEach(function (e) { edgeLive[e.id] = e; });
  // every element drawn for a node or an edge (the op-level graph, the layered view)
  root.querySelectorAll("[data-node][data-id]").forEach(function (el) { nodeEls[el.getAttribute("data-id")].push(el); });
  root.querySelectorAll("[data-edge][data-id]").forEach(function (el) { edgeEls[el.getAttribute("data-id")].push(el); });
  var rootName = live.root_name;
  var selected = null; // the clicked node's id
  var stepIndex = -1;
  var mode = "idle"; // idle · node · step · forward · update
  var updateLines = null;
  var now = {}; // what the page shows now: value, grad, factor, total per id, the steps

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function full(x) { return String(x); } // a data-* number at full precision (reads back exactly)
  // a value in a number box: 6 significant digits (the page keeps every digit)
  function typed(x) {
    var t = Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6 ? String(+x.toPrecision(6)) : String(x);
    return t.replace(/-/g, "\u2212"); // the slides' minus; either is read back
  }

  // --- the chain rule, recomputed -----------------------------------------------------------
  function recompute() {
    var t0 = performance.now();
    G.forward();
    G.backward();
    var factors = E.edgeFactors(G, live.edges, live.dps, live.nodes);
    var value = {}, grad = {}, factor = {}, total = {};
    data.nodes.forEach(function (n) {
      value[n.id] = G.value[live.nodes[n.id]];
      grad[n.id] = G.grad[live.nodes[n.id]];
    });
    live.edges.forEach(function (e, k) { factor[e.id] = factors[k]; });
    // Σ over paths of their products, for every node at once: from C back along the edges
    for (var i = data.nodes.length - 1; i >= 0; i--) {
      var v = data.nodes[i].id;
      if (v === data.root) total[v] = 1;
      if (!(v in total)) total[v] = 0;
      into[v].forEach(function (eid) {
        var u = edges[eid].parent;
        total[u] = (total[u] || 0) + factor[eid] * total[v];
      });
    }
    now = { value: value, grad: grad, factor: factor, total: total, steps: replay(factor) };
    now.ms = performance.now() - t0;
  }

  // backward() step by step, as the view lists the steps: a step is a named node and the
  // unnamed nodes processed with it; along each edge the upstream is its child's grad so far,
  // and the parent's grad += what the op's rule adds (an op's own edge) or factor × upstream
  function replay(factor) {
    var g = {};
    data.nodes.forEach(function (n) { g[n.id] = 0; });
    g[data.root] = 1;
    return data.steps.map(function (s) {
      var up = g[s.node];
      var done = s.contributions.map(function (c) {
        var e = edgeLive[c.edge], upc = g[edges[c.edge].child];
        var added = e.op ? G.contributions(e.op[0], upc)[e.op[1]] : factor[c.edge] * upc;
        var before = g[c.parent];
        g[c.parent] = before + added;
        return { parent: c.parent, edge: c.edge, local: factor[c.edge], added: added, before: before, after: g[c.parent] };
      });
      var after = {};
      Object.keys(g).forEach(function (k) { after[k] = g[k]; });
      return { node: s.node, upstream: up, contributions: done, grads: after };
    });
  }

  function edgeText(eid) {
    return edgeLive[eid].parts.concat([number(now.factor[eid])]).join(" = ");
  }

  // --- drawing the numbers ------------------------------------------------------------------
  function setText(el, sel, text) {
    var t = el.querySelector(sel);
    if (t && t.textContent !== text) t.textContent = text;
  }
  function gradText(id, g) {
    // null: backward() has not reached the node yet (a step). Say so, as the step slides do,
    // rather than show a 0 a student would take for a real zero gradient. A presentation box is
    // sized for a 7-character number: "not yet" fits it at 25 px, "not reached" spilled out.
    nodeEls[id].forEach(function (el) {
      setText(el, "text.grad", g === null ? "not reached" : "grad " + number(g));
      setText(el, ".show-grad", g === null ? "not yet" : number(g));
      el.classList.toggle("waiting", g === null);
    });
  }
  function drawNumbers() {
    data.nodes.forEach(function (n) {
      nodeEls[n.id].forEach(function (el) {
        el.setAttribute("data-value", full(now.value[n.id]));
        el.setAttribute("data-grad", full(now.grad[n.id]));
        setText(el, "text.val", "value " + number(now.value[n.id]));
        setText(el, ".show-val", number(now.value[n.id]));
      });
      gradText(n.id, now.grad[n.id]);
    });
    data.edges.forEach(function (e) {
      edgeEls[e.id].forEach(function (el) {
        el.setAttribute("data-value", full(now.factor[e.id]));
        setText(el, "text.elabel", number(now.factor[e.id]));
      });
    });
    var cost = root.querySelector("[data-cost]");
    if (cost) cost.textContent = full(now.value[data.root]);
    fitTexts();
  }
  // a number longer than its box was made for is squeezed into the box, never spills out
  function fitTexts() {
    root.querySelectorAll("svg.graph .node").forEach(function (g) {
      var box = g.querySelector("rect");
      if (!box) return;
      var room = box.width.baseVal.value - 8;
      g.querySelectorAll("text").forEach(function (t) {
        t.removeAttribute("textLength");
        if (t.getComputedTextLength && t.getComputedTextLength() > room) {
          t.setAttribute("textLength", room);
          t.setAttribute("lengthAdjust", "spacingAndGlyphs");
        }
      });
    });
  }

  function clearMarks() {
    Object.keys(edgeEls).forEach(function (id) {
      edgeEls[id].forEach(function (el) {
        el.removeAttribute("data-on");
        el.style.removeProperty("--c");
        el.style.removeProperty("--ct");
        el.classList.remove("dim", "step-edge");
      });
    });
    Object.keys(nodeEls).forEach(function (id) {
      nodeEls[id].forEach(function (el) { el.classList.remove("selected", "on-path", "dim", "step", "touched"); });
      gradText(id, now.grad[id]);
    });
  }

  // --- the panel ----------------------------------------------------------------------------
  function idle() {
    var kinds = data.fills;
    var rowsHtml = Object.keys(data.legend).map(function (k) {
      return "<div><span class='sw' style='background:" + esc(kinds[k]) + "'></span>" + esc(data.legend[k]) + "</div>";
    }).join("");
    panel.innerHTML =
      "<h2>The chain rule on this graph</h2>" +
      "<p><b>Click a node</b> (a weight, a bias, an activation): every path from it to " + esc(rootName) +
      " lights up, with each local derivative, each path's product and their sum, checked against backward().</p>" +
      "<p><b>Click a leaf</b> (w, b, x, y) and drag its slider: every number is recomputed in the page.</p>" +
      "<p><b>Hover an edge</b>: its local derivative ∂out/∂in, how the node it points to moves with this parent.</p>" +
      "<p><b>← →</b> step through backward() one node at a time, from ∂" + esc(rootName) + "/∂" +
      esc(rootName) + " = 1. <b>u</b>: one update W ← W − η·∂" + esc(rootName) + "/∂W. <b>p</b>: presentation mode.</p>" +
      "<div class='legend'>" + rowsHtml + "<div class='muted'>layout: " + esc(data.layout_engine) +
      (data.collapsed ? " · labelled nodes only; an edge carries the total derivative between them" : "") +
      "</div></div>";
  }

  // the listed paths of node id with their factors and products now, largest |product| first
  function pathsNow(id) {
    var paths = data.paths[id].paths.map(function (p) {
      var factors = p.edges.map(function (eid) { return now.factor[eid]; });
      var product = 1;
      factors.forEach(function (f) { product *= f; });
      return { p: p, factors: factors, product: product };
    });
    paths.sort(function (a, b) { return Math.abs(b.product) - Math.abs(a.product); });
    return paths;
  }
  function routeText(p) {
    return p.nodes.map(function (k) { return nodes[k].name; }).join(" → ");
  }

  function nodeHtml(id) {
    var n = nodes[id];
    if (id === data.root) {
      return "<h2>" + esc(n.name) + " is the cost</h2><p>" + esc(n.name) + " = <b>" + esc(number(now.value[id])) +
        "</b>. backward() starts here: ∂" + esc(n.name) + "/∂" + esc(n.name) + " = 1. Click a weight to see its paths.</p>";
    }
    var pv = data.paths[id];
    var paths = pathsNow(id);
    var total = now.total[id], grad = now.grad[id];
    var shown = 0;
    paths.forEach(function (q) { shown += q.product; });
    var agrees = E.isclose(total, grad, 1e-9, 1e-12);
    var title = "∂" + rootName + "/∂" + n.name;
    var html = "<h2>" + esc(title) + " = Σ over paths of Π local derivatives</h2>";
    html += "<p>" + esc(pv.count.toLocaleString("en")) + (pv.count === 1 ? " path" : " paths") + " from " +
      esc(n.name) + " to " + esc(rootName) + ": Σ products = " + esc(number(total)) + (agrees ? " = " : " ≠ ") +
      esc(n.name) + ".grad" + (paths.length > 1 ? " (each path below, largest |product| first)" : "") + "</p>";
    paths.forEach(function (q, i) {
      var route = routeText(q.p);
      var factorsHtml = q.p.edges.map(function (eid) { return "<div class='factor'>" + esc(edgeText(eid)) + "</div>"; }).join("");
      html += "<div class='path' data-path='" + esc(i) + "' style='" + esc(PAGES.pathStyle(i, COLOURS.length)) + "'>" +
        "<div class='route'>path " + esc(i + 1) + ": " + esc(route) + "</div>" + factorsHtml +
        "<div class='product' data-product='" + esc(full(q.product)) + "'>product = " + esc(E.productText(q.factors)) + "</div></div>";
    });
    if (pv.count > paths.length) {
      var more = pv.count - paths.length;
      html += "<div class='more'>… and " + esc(more.toLocaleString("en")) + " more " + (more === 1 ? "path adds " : "paths add ") +
        "<span data-rest>" + esc(number(total - shown)) + "</span></div>";
    }
    // data-value: the exact number behind the text shown (for tests and for copying)
    html += "<div class='total'>Σ products = " + esc(title) + " = <b><span data-sum data-value='" + esc(full(total)) + "'>" +
      esc(number(total)) + "</span></b><br>" + esc(n.name) + ".grad from backward() = <b><span data-grad data-value='" +
      esc(full(grad)) + "'>" + esc(number(grad)) +
      "</span></b> " + (agrees ? "<span class='ok'>✓ equal</span>" : "<span class='bad'>✗ differs</span>") + "</div>";
    return html;
  }

  function highlight(id) {
    var pv = data.paths[id];
    if (!pv) return;
    var colour = {};
    pv.paths.forEach(function (p, i) {
      p.edges.forEach(function (eid) { if (!(eid in colour)) colour[eid] = PAGES.pathColours(i, COLOURS.length); });
    });
    var on = {}, onNodes = {};
    pv.edges.forEach(function (eid) {
      on[eid] = true;
      onNodes[edges[eid].parent] = true;
      onNodes[edges[eid].child] = true;
      edgeEls[eid].forEach(function (el) {
        el.setAttribute("data-on", "");
        el.style.setProperty("--c", (colour[eid] || OTHER).c);
        el.style.setProperty("--ct", (colour[eid] || OTHER).ct);
      });
    });
    Object.keys(edgeEls).forEach(function (eid) {
      if (!on[eid]) edgeEls[eid].forEach(function (el) { el.classList.add("dim"); });
    });
    Object.keys(nodeEls).forEach(function (nid) {
      if (nid !== id) nodeEls[nid].forEach(function (el) { el.classList.add(onNodes[nid] ? "on-path" : "dim"); });
    });
    // in layers a weight is its line: lit when its line's edge is on a path, or it is chosen
    root.querySelectorAll(".wline").forEach(function (w) {
      var edge = w.querySelector(".edge");
      if (w.classList.contains("selected") || edge.hasAttribute("data-on")) {
        w.classList.remove("dim");
        edge.classList.remove("dim");
      }
    });
  }

  function stepHtml() {
    var s = now.steps[stepIndex], steps = data.steps;
    var cap = live.captions[stepIndex];
    var linesHtml = s.contributions.map(function (c) {
      var text = nodes[c.parent].name + ".grad += " + number(c.local) + " × " + factorText(s.upstream) + ": " +
        number(c.before) + " + " + factorText(c.added) + " = " + number(c.after);
      return "<div class='contrib'>" + esc(text) + "</div>";
    }).join("");
    var n = nodes[s.node];
    // Counted from 1, as the step slides count them: "step 3 of 10" (data-step-index: the index)
    return "<h2>backward(), step <span data-step-index='" + esc(steps[stepIndex].index) + "'>" + esc(steps[stepIndex].index + 1) +
      "</span> of " + esc(steps.length) + "</h2>" +
      "<p data-step-node='" + esc(n.name) + "'>" + esc(cap[0] + number(s.upstream) + cap[1]) + "</p>" +
      "<p>upstream ∂" + esc(rootName) + "/∂" + esc(n.name) + " = <b><span data-upstream data-value='" + esc(full(s.upstream)) + "'>" +
      esc(number(s.upstream)) + "</span></b></p>" +
      (linesHtml ? "<p>each input: grad += local × upstream</p>" + linesHtml : "") +
      "<p class='muted'>← → step · Esc leaves · a dashed box got a += this step</p>";
  }

  function markStep() {
    var s = now.steps[stepIndex];
    var reached = {};
    reached[data.root] = true;
    for (var k = 0; k <= stepIndex; k++) {
      now.steps[k].contributions.forEach(function (c) { reached[c.parent] = true; });
    }
    Object.keys(nodeEls).forEach(function (id) { gradText(id, reached[id] ? s.grads[id] : null); });
    nodeEls[s.node].forEach(function (el) { el.classList.add("step"); });
    s.contributions.forEach(function (c) {
      edgeEls[c.edge].forEach(function (el) { el.classList.add("step-edge"); });
      nodeEls[c.parent].forEach(function (el) { el.classList.add("touched"); });
    });
  }

  function updateHtml() {
    var rowsHtml = updateLines.rows.map(function (r) { return "<div class='contrib' data-update='" + esc(r.name) + "'>" + esc(r.text) + "</div>"; }).join("");
    return "<h2>One update, η = " + esc(number(updateLines.eta)) + "</h2>" +
      "<p>every parameter W ← W − η·∂" + esc(rootName) + "/∂W, with ∂" + esc(rootName) + "/∂W from backward():</p>" + rowsHtml +
      "<p>" + esc(rootName) + " = " + esc(number(updateLines.before)) + " before, <b>" + esc(number(now.value[data.root])) +
      "</b> after.</p><p class='muted'>u: one more update · reset: the values the page was made with</p>";
  }

  // the whole page for the current state: marks on the graph, the panel, the leaf controls
  function show() {
    clearMarks();
    root.classList.toggle("forward", mode === "forward");
    if (mode === "node") {
      nodeEls[selected].forEach(function (el) { el.classList.add("selected"); });
      if (selected !== data.root) highlight(selected);
      panel.innerHTML = nodeHtml(selected);
    } else if (mode === "step") {
      markStep();
      panel.innerHTML = stepHtml();
    } else if (mode === "forward") {
      panel.innerHTML = "<h2>Forward pass</h2><p>Each node's value, computed from its inputs' values, from the inputs to " +
        esc(rootName) + " = " + esc(number(now.value[data.root])) + ". Untick to see the gradients again.</p>";
    } else if (mode === "update") {
      panel.innerHTML = updateHtml();
    } else {
      idle();
    }
    leaves.show(mode === "node" ? selected : null);
  }

  function changed() {
    recompute();
    drawNumbers();
    show();
  }

  // --- the leaves: a slider and a number box each, and the nudge -----------------------------
  var leaves = (function () {
    var box = root.querySelector("[data-role=leaves]");
    var rows = {};
    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      return e;
    }
    live.leaves.forEach(function (id) {
      var n = nodes[id], i = live.nodes[id], v0 = start[i];
      // ± 2 (or ± 2|v|) around the value, in steps of a round number: 0.001, 0.01 …
      var reach = Math.max(2, 2 * Math.abs(v0));
      var step = Math.pow(10, Math.floor(Math.log10(reach / 400)));
      var row = el("div", { "class": "leaf", "data-leaf": n.name });
      row.hidden = true;
      var head = el("label", { "class": "leaf-name" }, n.name + " = ");
      var input = el("input", { type: "text", inputmode: "decimal", "data-input": n.name, value: typed(v0), "aria-label": n.name });
      var slider = el("input", {
        type: "range", "data-slider": n.name, min: full(v0 - reach), max: full(v0 + reach),
        step: full(step), value: full(v0), "aria-label": n.name + " slider"
      });
      head.appendChild(input);
      row.appendChild(head);
      row.appendChild(slider);
      var nudge = el("div", { "class": "nudge" });
      var h = el("input", { type: "text", inputmode: "decimal", "data-nudge": n.name, value: "0.001", "aria-label": "h" });
      var out = el("span", { "class": "secant", "data-secant": n.name });
      nudge.appendChild(el("span", {}, "nudge h = "));
      nudge.appendChild(h);
      nudge.appendChild(out);
      row.appendChild(nudge);
      box.appendChild(row);
      function set(x, from) {
        if (!isFinite(x)) { input.classList.add("bad"); return; }
        input.classList.remove("bad");
        G.value[i] = x;
        if (from !== input) input.value = typed(x);
        if (from !== slider) {
          if (x < +slider.min) slider.min = full(x);
          if (x > +slider.max) slider.max = full(x);
          slider.value = full(x);
        }
        changed();
      }
      slider.addEventListener("input", function () { set(+slider.value, slider); });
      input.addEventListener("input", function () { set(E.parse(input.value), input); });
      h.addEventListener("input", function () { secant(); });
      function secant() {
        // the lecture's "impact of W on C₀": nudge the leaf by h, run forward only, compare
        var step = E.parse(h.value), x = G.value[i];
        if (!isFinite(step) || step === 0) { out.textContent = " (h must be a number ≠ 0)"; return; }
        var c0 = now.value[data.root];
        G.value[i] = x + step;
        var c1 = G.forward();
        G.value[i] = x;
        G.forward();
        out.textContent = ": (" + rootName + "(" + n.name + " + h) − " + rootName + "(" + n.name + "))/h = " +
          number((c1 - c0) / step) + " ≈ ∂" + rootName + "/∂" + n.name + " = " + number(now.grad[id]);
        out.setAttribute("data-value", full((c1 - c0) / step));
      }
      rows[id] = { row: row, set: set, secant: secant, input: input, slider: slider };
    });
    return {
      show: function (id) {
        Object.keys(rows).forEach(function (k) {
          rows[k].row.hidden = k !== id;
          if (k === id) rows[k].secant();
        });
      },
      sync: function () {
        Object.keys(rows).forEach(function (k) {
          var x = G.value[live.nodes[k]], r = rows[k];
          r.input.value = typed(x);
          r.slider.value = full(x);
        });
      }
    };
  })();

  // --- one update, W ← W − η·∂C/∂W, and reset ------------------------------------------------
  var etaBox = root.querySelector("[data-eta]");
  function update() {
    var eta = E.parse(etaBox ? etaBox.value : "10");
    if (!isFinite(eta)) { if (etaBox) etaBox.classList.add("bad"); return; }
    if (etaBox) etaBox.classList.remove("bad");
    var before = now.value[data.root], rows = [];
    live.leaves.forEach(function (id) {
      if (nodes[id].kind !== "param") return;
      var i = live.nodes[id], w = G.value[i], g = now.grad[id], after = w - eta * g;
      var name = nodes[id].name;
      rows.push({ name: name, text: name + " ← " + name + " − η·∂" + rootName + "/∂" + name + " = " + number(w) + " − " +
        number(eta) + " × " + factorText(g) + " = " + number(after) });
      G.value[i] = after;
    });
    updateLines = { eta: eta, before: before, rows: rows };
    mode = "update";
    recompute();
    drawNumbers();
    leaves.sync();
    show();
  }
  function reset() {
    G.value.set(start);
    leaves.sync();
    mode = selected === null ? "idle" : "node";
    changed();
  }

  // --- events -------------------------------------------------------------------------------
  function select(id) {
    stepIndex = -1;
    selected = id;
    mode = "node";
    show();
  }
  function showStep(i) {
    if (!data.steps.length) return;
    var box = root.querySelector("[data-action=forward]");
    if (box) box.checked = false;
    stepIndex = Math.max(0, Math.min(data.steps.length - 1, i));
    mode = "step";
    show();
  }
  function leave() { stepIndex = -1; selected = null; mode = "idle"; show(); }

  function tipFor(id) {
    var n = nodes[id];
    var text = n.name + (n.definition ? " = " + n.definition : "") + " = " + number(now.value[id]);
    if (mode !== "forward") text += "; ∂" + rootName + "/∂" + n.name + " = " + number(now.grad[id]);
    return text;
  }
  // beside what it describes, never over it: under the box (over it when the page ends)
  function placeTip(rect) {
    tip.hidden = false;
    var h = tip.offsetHeight, w = tip.offsetWidth;
    var top = rect.bottom + 6;
    if (top + h > window.innerHeight) top = Math.max(0, rect.top - h - 6);
    tip.style.top = top + "px";
    tip.style.left = Math.max(0, Math.min(rect.left, window.innerWidth - w - 4)) + "px";
  }
  Object.keys(nodeEls).forEach(function (id) {
    nodeEls[id].forEach(function (el) {
      el.addEventListener("click", function (ev) { ev.stopPropagation(); hideTip(); select(id); });
      el.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") select(id); });
      el.addEventListener("mouseenter", function () {
        tip.textContent = tipFor(id);
        placeTip(el.getBoundingClientRect());
      });
      el.addEventListener("mouseleave", hideTip);
    });
  });
  Object.keys(edgeEls).forEach(function (id) {
    edgeEls[id].forEach(function (el) {
      if (el.closest(".wline")) return; // a weight's line: its own tooltip, the weight's
      el.addEventListener("mouseenter", function (ev) { tip.textContent = edgeText(id); moveTip(ev); });
      el.addEventListener("mousemove", moveTip);
      el.addEventListener("mouseleave", hideTip);
    });
  });
  // below and right of the pointer, clear of the edge's own label
  function moveTip(ev) {
    tip.hidden = false;
    tip.style.left = Math.min(ev.clientX + 16, window.innerWidth - tip.offsetWidth - 4) + "px";
    tip.style.top = ev.clientY + 22 + "px";
  }
  function hideTip() { tip.hidden = true; }

  root.querySelectorAll(".canvas").forEach(function (c) { c.addEventListener("click", leave); });
  function on(action, fn) {
    root.querySelectorAll("[data-action=" + action + "]").forEach(function (b) { b.addEventListener("click", fn); });
  }
  on("next", function () { showStep(stepIndex + 1); });
  on("prev", function () { showStep(stepIndex - 1); });
  on("update", update);
  on("reset", reset);
  on("present", function () { present(!root.classList.contains("present")); });
  on("overlay", function () { root.classList.toggle("overlay-hidden"); });
  root.querySelectorAll("[data-action=forward]").forEach(function (box) {
    box.addEventListener("change", function (ev) {
      stepIndex = -1;
      mode = ev.target.checked ? "forward" : (selected === null ? "idle" : "node");
      show();
    });
  });
  root.querySelectorAll("[data-action=fit]").forEach(function (box) {
    box.addEventListener("change", function (ev) {
      // a large graph shrinks to the window (small text), or keeps readable text and scrolls
      root.querySelectorAll("svg.graph").forEach(function (s) { s.classList.toggle("fit", ev.target.checked); });
    });
  });
  root.querySelectorAll("[data-action=view]").forEach(function (b) {
    b.addEventListener("click", function () { view(b.getAttribute("data-view")); });
  });
  function view(which) {
    root.setAttribute("data-shown", which);
    placeOverlay();
    root.querySelectorAll("[data-action=view]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-view") === which ? "true" : "false");
    });
  }
  function present(on) {
    root.classList.toggle("present", on);
    root.querySelectorAll("[data-action=present]").forEach(function (b) { b.setAttribute("aria-pressed", on ? "true" : "false"); });
    placeOverlay();
  }
  // the explanation under the graph when the screen has room for it there, else over its
  // lower right corner (h hides it)
  function placeOverlay() {
    var aside = root.querySelector(".panel");
    ["top", "max-height", "left", "width"].forEach(function (k) { aside.style.removeProperty(k); });
    aside.classList.remove("wide");
    if (!root.classList.contains("present")) return;
    var shown = root.querySelector("svg.present-graph");
    if (root.getAttribute("data-shown") === "layers") shown = root.querySelector("svg.layered");
    if (!shown) return;
    var bottom = shown.getBoundingClientRect().bottom + 8;
    if (window.innerHeight - bottom >= 220) {
      aside.style.top = bottom + "px";
      aside.style.maxHeight = "none";
      aside.style.left = "10px";
      aside.style.width = "auto";
      aside.classList.add("wide");
    }
  }
  window.addEventListener("resize", placeOverlay);
  if (etaBox) {
    etaBox.addEventListener("keydown", function (ev) { if (ev.key === "Enter") update(); });
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) {
      // typing, or a slider; Enter or Escape in a box gives the keys (p, u, ← →) back to the page
      if (t.type === "text" && (ev.key === "Enter" || ev.key === "Escape")) t.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "ArrowRight") { ev.preventDefault(); showStep(stepIndex + 1); }
    else if (ev.key === "ArrowLeft") { ev.preventDefault(); showStep(stepIndex - 1); }
    else if (ev.key === "Escape") { if (root.classList.contains("present") && mode === "idle") present(false); else leave(); }
    else if (ev.key === "p") present(!root.classList.contains("present"));
    else if (ev.key === "u") update();
    else if (ev.key === "h") root.classList.toggle("overlay-hidden");
  });

  recompute();
  drawNumbers();
  show();
})();
