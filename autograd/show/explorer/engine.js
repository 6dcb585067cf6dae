// The engine in the page: a graph recomputed with the op table's own rules (OPS, written out from
// Python by autograd/emit_js.py), forward in topological order and backward as backward() does
// it — seed ∂C/∂C = 1, then from C back: each parent's grad += its contribution (the op's backward
// rule, else local × upstream). No derivative is written here; and the slides' number format.
var Chainrule = (function () {
  "use strict";

  // JSON has no inf or nan: autograd/show/live.py writes them as the strings "inf", "-inf", "nan"
  function num(v) {
    if (typeof v === "number") return v;
    return v === "inf" ? Infinity : v === "-inf" ? -Infinity : NaN;
  }

  // spec: {op: [key or null], parents: [[index, …]], c: [number or null], value: [...], root}
  function Graph(spec, ops) {
    var n = spec.op.length;
    this.n = n;
    this.root = spec.root;
    this.parents = spec.parents;
    this.c = spec.c.map(function (c) { return c === null ? null : num(c); });
    this.op = spec.op.map(function (k) {
      if (k === null) return null;
      if (!(k in ops)) throw new Error("no rule for op " + k);
      return ops[k];
    });
    this.value = new Float64Array(n);
    this.grad = new Float64Array(n);
    for (var i = 0; i < n; i++) this.value[i] = num(spec.value[i]);
    // each op node's argument list, filled anew before each rule call: parents' values, then c
    this.args = this.op.map(function (op, i) {
      if (op === null) return null;
      return new Array(spec.parents[i].length + (op.c ? 1 : 0));
    });
  }

  Graph.prototype.fill = function (i) {
    var a = this.args[i], ps = this.parents[i], v = this.value, k;
    for (k = 0; k < ps.length; k++) a[k] = v[ps[k]];
    if (this.op[i].c) a[k] = this.c[i];
    return a;
  };

  // forward propagation: each node's value from its parents', in topological order
  Graph.prototype.forward = function () {
    for (var i = 0; i < this.n; i++) {
      var op = this.op[i];
      if (op !== null) this.value[i] = op.f.apply(null, this.fill(i));
    }
    return this.value[this.root];
  };

  // ∂node/∂parentₖ for every parent of node i (the op's partials rule)
  Graph.prototype.locals = function (i) {
    return this.op[i].l.apply(null, this.fill(i).concat([this.value[i]]));
  };

  // what the chain rule at node i adds to each parent's grad, for this upstream ∂C/∂node
  Graph.prototype.contributions = function (i, upstream) {
    var op = this.op[i], args = this.fill(i);
    if (op.b !== null) return op.b.apply(null, [upstream].concat(args, [this.value[i]]));
    var local = op.l.apply(null, args.concat([this.value[i]]));
    for (var k = 0; k < local.length; k++) local[k] = local[k] * upstream;
    return local;
  };

  // backward(): fresh gradients (every leaf from 0, as the explorer and zero_grad() have them),
  // the seed, then each node from C back. A node whose upstream is exactly 0 and whose op
  // promises finite local derivatives adds only ±0: skipped, as backward() skips it.
  Graph.prototype.backward = function () {
    var g = this.grad, v = this.value;
    g.fill(0);
    g[this.root] = 1;
    for (var i = this.n - 1; i >= 0; i--) {
      var op = this.op[i];
      if (op === null) continue;
      if (g[i] === 0 && op.finite && isFinite(v[i])) continue;
      var added = this.contributions(i, g[i]), ps = this.parents[i];
      for (var k = 0; k < ps.length; k++) g[ps[k]] += added[k];
    }
  };

  // Each drawn edge's local derivative ∂v/∂u (edges: autograd.show.live.edges_live): one op's
  // partial at its slot, or — an edge of the lecture's collapsed view — the sum over the
  // unlabelled routes between its ends, added up as collapse_graph adds them (dps: its order).
  function edgeFactors(g, edges, dps, nodeOf) {
    var locals = {};
    function local(i, slot) {
      if (!(i in locals)) locals[i] = g.locals(i);
      return locals[i][slot];
    }
    var dp = {};
    Object.keys(dps).forEach(function (vid) {
      var d = {};
      d[nodeOf[vid]] = 1;
      dps[vid].forEach(function (s) {
        if (!(s[2] in d)) d[s[2]] = 0;
        d[s[2]] += local(s[0], s[1]) * d[s[0]];
      });
      dp[vid] = d;
    });
    return edges.map(function (e) { return e.dp ? dp[e.dp[0]][e.dp[1]] : local(e.op[0], e.op[1]); });
  }

  // --- numbers as the slides write them (autograd/notation/numbers.py, the one format) -------

  var DIGITS = 3;
  function minus(text) { return text.replace(/-/g, "\u2212"); }

  // |x| to d significant digits as Python rounds them (ties to even, on the double's exact
  // value; JavaScript's toExponential breaks ties upwards): [digits, decimal exponent]
  function rounded(x, d) {
    var ax = Math.abs(x);
    var up = ax.toExponential(d - 1).split("e");
    var exact = ax.toExponential(100).split("e");
    var all = exact[0].replace(".", "");
    var tie = all.charAt(d) === "5" && /^0*$/.test(all.slice(d + 1));
    if (tie && parseInt(all.charAt(d - 1), 10) % 2 === 0) {
      return [all.slice(0, d), parseInt(exact[1], 10)];
    }
    return [up[0].replace(".", ""), parseInt(up[1], 10)];
  }

  function trim(text) {
    return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, "");
  }

  function number(x, digits) {
    var d = digits === undefined ? DIGITS : digits;
    if (x !== x) return "nan";
    if (x === Infinity) return "\u221e";
    if (x === -Infinity) return "\u2212\u221e";
    if (x === 0) return "0";
    var sign = x < 0 ? "-" : "";
    if (Number.isInteger(x) && Math.abs(x) < 1e15) return minus(sign + Math.abs(x).toFixed(0));
    var ax = Math.abs(x);
    var r = rounded(x, Math.max(d, 1)), ds = r[0], e = r[1];
    if (ax >= 1e5 || ax < 1e-3) {  // f"{x:.{d-1}e}", trailing zeros cut: 3.1e−5, 1e−4
      return minus(sign + trim(ds.charAt(0) + "." + ds.slice(1)) + "e" + e);
    }
    if (e >= -4 && e < d) {  // f"{x:.{d}g}" in fixed notation
      var text = e >= 0 ? ds.slice(0, e + 1) + "." + ds.slice(e + 1) : "0." + "0".repeat(-e - 1) + ds;
      return minus(sign + trim(text));
    }
    // where %g would write 1.23e+03, a slide writes the whole number, 1234 (ties to even)
    var whole = Math.floor(ax), frac = ax - whole;
    var n = frac > 0.5 || (frac === 0.5 && whole % 2 === 1) ? whole + 1 : whole;
    return minus(sign + n.toFixed(0));
  }

  // inside a product or a formula: a negative number in parentheses, 0.5 × (−1.2)
  function factor(x, digits) {
    var t = number(x, digits);
    return t.charAt(0) === "\u2212" ? "(" + t + ")" : t;
  }

  // a number as a student types it: "−1.2" (a true minus), "-1.2", "1e-3", " 0.5 "
  function parse(text) {
    var t = String(text).trim().replace(/\u2212/g, "-").replace(/\u221e/g, "Infinity");
    if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$|^[-+]?Infinity$/i.test(t)) return NaN;
    return Number(t);
  }

  // a count as a subscript, as the lecture's labels write it: x₁, C₁₂
  function sub(k) {
    return String(k).replace(/[0-9]/g, function (d) { return "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089".charAt(+d); });
  }

  // a path's product written out, "0.5 × 0.235 × (−1.2) = −0.141" (text.product_text)
  function productText(factors) {
    if (!factors.length) return "1";
    var p = 1;
    factors.forEach(function (f) { p *= f; });
    return factors.map(function (f) { return factor(f); }).join(" \u00d7 ") + " = " + number(p);
  }

  // |a − b| ≤ max(rel·max(|a|, |b|), abs), as math.isclose (view.PathsView.agrees)
  function isclose(a, b, rel, abs) {
    if (a === b) return true;
    if (!isFinite(a) || !isFinite(b)) return false;
    return Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(a), Math.abs(b)), abs);
  }

  return {
    Graph: Graph, edgeFactors: edgeFactors, num: num, number: number, factor: factor, parse: parse,
    productText: productText, isclose: isclose, sub: sub,
    setDigits: function (d) { DIGITS = d; }
  };
})();
