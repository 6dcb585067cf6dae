// The explorer's behaviour: every number and text comes from the embedded JSON (autograd.view);
// this script only shows and hides them. No network, no libraries: it runs from file://.
(function () {
  "use strict";
  var data = JSON.parse(document.querySelector("script.explorer-data").textContent);
  var root = document.querySelector(".explorer");
  var panel = root.querySelector("[data-role=panel]");
  var tip = root.querySelector("[data-role=tip]");
  var COLOURS = data.colors; // the drawings' path colours (autograd.view.PATH_COLORS)
  var OTHER = "#7f9cc0"; // an edge only on paths not listed one by one
  var nodes = {}, edges = {}, nodeEls = {}, edgeEls = {};
  data.nodes.forEach(function (n) { nodes[n.id] = n; });
  data.edges.forEach(function (e) { edges[e.id] = e; });
  root.querySelectorAll(".node").forEach(function (el) { nodeEls[el.getAttribute("data-id")] = el; });
  root.querySelectorAll(".edge").forEach(function (el) { edgeEls[el.getAttribute("data-id")] = el; });
  var rootName = nodes[data.root].name;
  var stepIndex = -1;

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function gradText(id, text) {
    var g = nodeEls[id].querySelector("text.grad");
    // null: backward() has not reached the node yet. Say so, as the step slides do, rather
    // than show a 0 a student would take for a real zero gradient.
    if (g) g.textContent = text === null ? "not reached" : "grad " + text;
    nodeEls[id].classList.toggle("waiting", text === null);
  }

  function reset() {
    Object.keys(edgeEls).forEach(function (id) {
      var el = edgeEls[id];
      el.removeAttribute("data-on");
      el.style.removeProperty("--c");
      el.classList.remove("dim", "step-edge");
    });
    Object.keys(nodeEls).forEach(function (id) {
      nodeEls[id].classList.remove("selected", "on-path", "dim", "step", "touched");
      gradText(id, nodes[id].grad_text);
    });
  }

  function idle() {
    var kinds = data.fills;
    var rowsHtml = Object.keys(data.legend).map(function (k) {
      return "<div><span class='sw' style='background:" + esc(kinds[k]) + "'></span>" + esc(data.legend[k]) + "</div>";
    }).join("");
    panel.innerHTML =
      "<h2>The chain rule on this graph</h2>" +
      "<p><b>Click a node</b> (a weight, a bias, an activation): every path from it to " + esc(rootName) +
      " lights up, with each local derivative, each path's product and their sum, checked against backward().</p>" +
      "<p><b>Hover an edge</b>: its partial derivative ∂child/∂parent.</p>" +
      "<p><b>← →</b> step through backward() one node at a time, from ∂" + esc(rootName) + "/∂" +
      esc(rootName) + " = 1.</p>" +
      "<div class='legend'>" + rowsHtml + "<div class='muted'>layout: " + esc(data.layout_engine) +
      (data.collapsed ? " · labelled nodes only; an edge carries the total derivative between them" : "") +
      "</div></div>";
  }

  function select(id) {
    stepIndex = -1;
    reset();
    var n = nodes[id];
    nodeEls[id].classList.add("selected");
    if (id === data.root) {
      panel.innerHTML = "<h2>" + esc(n.name) + " is the cost</h2><p>backward() starts here: ∂" +
        esc(n.name) + "/∂" + esc(n.name) + " = 1. Click a weight to see its paths.</p>";
      return;
    }
    var pv = data.paths[id];
    var colour = {};
    pv.paths.forEach(function (p, i) {
      p.edges.forEach(function (eid) { if (!(eid in colour)) colour[eid] = COLOURS[i % COLOURS.length]; });
    });
    var onNodes = {};
    pv.edges.forEach(function (eid) {
      var el = edgeEls[eid];
      el.setAttribute("data-on", "");
      el.style.setProperty("--c", colour[eid] || OTHER);
      onNodes[edges[eid].parent] = true;
      onNodes[edges[eid].child] = true;
    });
    Object.keys(edgeEls).forEach(function (eid) { if (!edgeEls[eid].hasAttribute("data-on")) edgeEls[eid].classList.add("dim"); });
    Object.keys(nodeEls).forEach(function (nid) {
      if (nid === id) return;
      nodeEls[nid].classList.add(onNodes[nid] ? "on-path" : "dim");
    });
    var title = "∂" + rootName + "/∂" + n.name;
    var html = "<h2>" + esc(title) + " = Σ over paths of Π local derivatives</h2>";
    html += "<p>" + esc(pv.count.toLocaleString("en")) + (pv.count === 1 ? " path" : " paths") + " from " +
      esc(n.name) + " to " + esc(rootName) + ": Σ products = " + esc(pv.total_text) + (pv.agrees ? " = " : " ≠ ") +
      esc(n.name) + ".grad" + (pv.paths.length > 1 ? " (each path below, largest |product| first)" : "") + "</p>";
    pv.paths.forEach(function (p, i) {
      var route = p.nodes.map(function (k) { return nodes[k].name; }).join(" → ");
      var factorsHtml = p.edges.map(function (eid) { return "<div class='factor'>" + esc(edges[eid].text) + "</div>"; }).join("");
      html += "<div class='path' data-path='" + esc(i) + "' style='--c:" + esc(COLOURS[i % COLOURS.length]) + "'>" +
        "<div class='route'>path " + esc(i + 1) + ": " + esc(route) + "</div>" + factorsHtml +
        "<div class='product' data-product='" + esc(p.product) + "'>product = " + esc(p.product_line) + "</div></div>";
    });
    if (pv.count > pv.paths.length) {
      var more = pv.count - pv.paths.length;
      html += "<div class='more'>… and " + esc(more.toLocaleString("en")) + " more " + (more === 1 ? "path adds " : "paths add ") +
        "<span data-rest>" + esc(pv.rest_text) + "</span></div>";
    }
    // data-value: the exact number behind the text shown (for tests and for copying)
    html += "<div class='total'>Σ products = " + esc(title) + " = <b><span data-sum data-value='" + esc(pv.total) + "'>" +
      esc(pv.total_text) + "</span></b><br>" + esc(n.name) + ".grad from backward() = <b><span data-grad data-value='" +
      esc(pv.grad) + "'>" + esc(pv.grad_text) +
      "</span></b> " + (pv.agrees ? "<span class='ok'>✓ equal</span>" : "<span class='bad'>✗ differs</span>") + "</div>";
    panel.innerHTML = html;
  }

  function showStep(i) {
    var steps = data.steps;
    if (!steps.length) return;
    root.classList.remove("forward");
    var box = root.querySelector("[data-action=forward]");
    if (box) box.checked = false;
    stepIndex = Math.max(0, Math.min(steps.length - 1, i));
    reset();
    var s = steps[stepIndex];
    // Every grad as it stands after this step: C's is the seed 1; the others are not reached
    // until a step's "+=" gives them their first contribution (then each += in turn).
    var now = {};
    Object.keys(nodeEls).forEach(function (id) { now[id] = null; });
    now[data.root] = "1";
    for (var k = 0; k <= stepIndex; k++) {
      steps[k].contributions.forEach(function (c) { now[c.parent] = c.after_text; });
    }
    Object.keys(nodeEls).forEach(function (id) { gradText(id, now[id]); });
    nodeEls[s.node].classList.add("step");
    var linesHtml = s.contributions.map(function (c) {
      edgeEls[c.edge].classList.add("step-edge");
      nodeEls[c.parent].classList.add("touched");
      return "<div class='contrib'>" + esc(c.text) + "</div>";
    }).join("");
    var n = nodes[s.node];
    // Counted from 1, as the step slides count them: "step 3 of 10" (data-step-index: the index)
    panel.innerHTML = "<h2>backward(), step <span data-step-index='" + esc(s.index) + "'>" + esc(s.index + 1) +
      "</span> of " + esc(steps.length) + "</h2>" +
      "<p data-step-node='" + esc(n.name) + "'>" + esc(s.caption) + "</p>" +
      "<p>upstream ∂" + esc(rootName) + "/∂" + esc(n.name) + " = <b><span data-upstream data-value='" + esc(s.upstream) + "'>" +
      esc(s.upstream_text) + "</span></b></p>" +
      (linesHtml ? "<p>each input: grad += local × upstream</p>" + linesHtml : "") +
      "<p class='muted'>← → step · Esc leaves · a dashed box got a += this step</p>";
  }

  root.querySelectorAll(".node").forEach(function (el) {
    el.addEventListener("click", function (ev) { ev.stopPropagation(); select(el.getAttribute("data-id")); });
    el.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") select(el.getAttribute("data-id")); });
    el.addEventListener("mouseenter", function (ev) {
      var n = nodes[el.getAttribute("data-id")];
      var text = n.name + (n.definition ? " = " + n.definition : "") + " = " + n.value_text;
      if (!root.classList.contains("forward")) text += "   ·   ∂" + rootName + "/∂" + n.name + " = " + n.grad_text;
      showTip(ev, text);
    });
    el.addEventListener("mouseleave", hideTip);
  });
  root.querySelectorAll(".edge").forEach(function (el) {
    el.addEventListener("mouseenter", function (ev) { showTip(ev, edges[el.getAttribute("data-id")].text); });
    el.addEventListener("mousemove", moveTip);
    el.addEventListener("mouseleave", hideTip);
  });
  function showTip(ev, text) { tip.textContent = text; tip.hidden = false; moveTip(ev); }
  function moveTip(ev) { tip.style.left = ev.clientX + 14 + "px"; tip.style.top = ev.clientY + 12 + "px"; }
  function hideTip() { tip.hidden = true; }

  root.querySelector(".canvas").addEventListener("click", function () { stepIndex = -1; reset(); idle(); });
  root.querySelector("[data-action=next]").addEventListener("click", function () { showStep(stepIndex + 1); });
  root.querySelector("[data-action=prev]").addEventListener("click", function () { showStep(stepIndex - 1); });
  root.querySelector("[data-action=forward]").addEventListener("change", function (ev) {
    stepIndex = -1;
    reset();
    root.classList.toggle("forward", ev.target.checked);
    if (ev.target.checked) {
      panel.innerHTML = "<h2>Forward pass</h2><p>Each node's value, computed from its inputs' values, from the inputs to " +
        esc(rootName) + " = " + esc(nodes[data.root].value_text) + ". Untick to see the gradients again.</p>";
    } else { idle(); }
  });
  root.querySelector("[data-action=fit]").addEventListener("change", function (ev) {
    // a large graph shrinks to the window (small text), or keeps readable text and scrolls
    root.querySelector("svg.graph").classList.toggle("fit", ev.target.checked);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowRight") { ev.preventDefault(); showStep(stepIndex + 1); }
    else if (ev.key === "ArrowLeft") { ev.preventDefault(); showStep(stepIndex - 1); }
    else if (ev.key === "Escape") { stepIndex = -1; reset(); idle(); }
  });
  idle();
})();
