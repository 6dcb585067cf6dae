// What the pages share: a path's colours by their place in the palette (the CSS variables the
// page writes from autograd/show/palette.py), and the training pages' presentation mode.
var ChainrulePages = (function () {
  "use strict";

  // Path i's line colour c and text colour ct: the palette's series, cycled over its `count`
  // colours (data.colors.length); ct is the series colour darkened to 4.5:1 (SERIES_TEXT).
  function pathColours(i, count) {
    var k = (i % count) + 1;
    return { c: "var(--series-" + k + ")", ct: "var(--series-text-" + k + ")" };
  }
  // … as an inline style, for a panel's path
  function pathStyle(i, count) {
    var p = pathColours(i, count);
    return "--c: " + p.c + "; --ct: " + p.ct;
  }

  // A chart of the training pages: <figure data-chart=name>, an SVG w × h and its caption,
  // appended to `parent`; returns the SVG.
  function figure(parent, name, caption, w, h) {
    var f = document.createElement("figure");
    f.setAttribute("data-chart", name);
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "chart");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    f.appendChild(svg);
    var c = document.createElement("figcaption");
    c.textContent = caption;
    f.appendChild(c);
    parent.appendChild(f);
    return svg;
  }
  // The cost curve's size in presentation mode (its text ≥ 24 px at 1280×720), on both pages.
  var PRESENT_COST = { w: 440, h: 236, left: 100, right: 430, top: 14, bottom: 196, axis: 230, dot: 6 };

  // A key typed into a box or a list belongs to it, not to the page. Enter or Escape in a text
  // box gives the keys back (the box loses focus), as explorer.js does: η = 0.5, Enter, then p.
  function typing(ev) {
    var t = ev.target;
    if (!t || !/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return false;
    if (t.type === "text" && (ev.key === "Enter" || ev.key === "Escape")) t.blur();
    return true;
  }

  // Presentation mode on `root` (class "present"): the key p or a [data-action=present] button
  // toggles it, Escape leaves it, h or a [data-action=overlay] button hides the explanation.
  // `changed(on)` redraws what is drawn at its own size in that mode.
  function presentation(root, changed) {
    function set(on) {
      if (on === root.classList.contains("present")) return;
      root.classList.toggle("present", on);
      root.querySelectorAll("[data-action=present]").forEach(function (b) {
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
      changed(on);
    }
    function overlay() { root.classList.toggle("overlay-hidden"); }
    root.querySelectorAll("[data-action=present]").forEach(function (b) {
      b.addEventListener("click", function () { set(!root.classList.contains("present")); });
    });
    root.querySelectorAll("[data-action=overlay]").forEach(function (b) { b.addEventListener("click", overlay); });
    document.addEventListener("keydown", function (ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key === "p") set(!root.classList.contains("present"));
      else if (ev.key === "Escape") set(false);
      else if (ev.key === "h" && root.classList.contains("present")) overlay();
    });
    return { on: function () { return root.classList.contains("present"); } };
  }

  return {
    pathColours: pathColours, pathStyle: pathStyle, typing: typing, presentation: presentation,
    figure: figure, PRESENT_COST: PRESENT_COST
  };
})();
