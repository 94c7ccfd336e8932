/* mkdocs-cjm: the wall view's controls on each journey diagram.
 *
 * Fit (the whole map in the window), Fit width and Actual size set the
 * diagram's zoom (--cjm-zoom, read by cjm-diagram.css on screens only; print
 * keeps its own); the choice is remembered across pages (localStorage).
 * At Actual size and Fit width a copy of the stage names (the stage strip)
 * stays below the header while the page scrolls down. Present shows the diagram full screen for a workshop: the whole map, then
 * stage by stage with the arrow keys (Home: the whole map again), Escape to
 * leave. The controls are made here, so a page without JavaScript keeps the
 * plain scrolling diagram. Works with Material's instant navigation (its
 * document$ observable), else runs once the page is loaded. No request to
 * any other host, no dependency.
 */
(function () {
  "use strict";
  if (window.cjmWall) return;

  var KEY = "cjm.diagram.size";
  var SIZES = [
    ["fit", "Fit", "Show the whole map in the window"],
    ["width", "Fit width", "Fit the map to the window's width"],
    ["actual", "Actual size", "Show the map at its natural size"]
  ];
  var GAP = 8; // room left around a fitted map, in CSS px
  var MAX_PRESENT_ZOOM = 1.6; // a small map or one stage is enlarged at most this much
  var STRIP_PAD = 8; // room below the stage names in the stage strip, in the drawing's px
  var presenting = null; // {section, stage} while presenting

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "fit" || value === "width" ? value : "actual";
    } catch (e) {
      return "actual";
    }
  }

  function store(value) {
    try {
      window.localStorage.setItem(KEY, value);
    } catch (e) {
      /* private mode: the choice lasts for this page only */
    }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function button(cls, text, title) {
    var node = el("button", cls, text);
    node.type = "button";
    if (title) node.title = title;
    return node;
  }

  /* The parts of a diagram and its natural size (CSS px, unzoomed). */
  function parts(section) {
    var diagram = section.querySelector(".cjm-diagram");
    var scroll = diagram && diagram.querySelector(".cjm-diagram__scroll");
    var svg = scroll && scroll.querySelector(":scope > svg.cjm-svg");
    if (!svg || !scroll) return null;
    var labels = diagram.querySelector(".cjm-diagram__labels");
    var labelsW = labels ? labels.offsetWidth : 0;
    var w = parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    var h = parseFloat(svg.getAttribute("height")) || svg.getBoundingClientRect().height;
    return { diagram: diagram, svg: svg, scroll: scroll, labelsW: labelsW, w: labelsW + w, h: h };
  }

  function headerHeight() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().height : 0;
  }

  function setZoom(p, zoom) {
    if (zoom === 1) p.diagram.style.removeProperty("--cjm-zoom");
    else p.diagram.style.setProperty("--cjm-zoom", zoom.toFixed(4));
  }

  /* The zoom that fits a diagram to its column's width, or to the window too. */
  function fitZoom(section, p, size) {
    var bar = section.querySelector(".cjm-view");
    var width = section.clientWidth - 2;
    var zoom = Math.min(1, width / p.w);
    if (size === "fit") {
      var used = headerHeight() + (bar ? bar.getBoundingClientRect().height : 0) + 2 * GAP;
      zoom = Math.min(zoom, (window.innerHeight - used) / p.h);
    }
    return Math.max(0.05, zoom);
  }

  /* The stage strip (Actual size and Fit width): a copy of the stage names, cut below them, that
     stays below the header while the page scrolls down. It is shown only once the drawing's own
     headers have gone under the header, is clipped to the scroll area (never over the lane labels)
     and follows the drawing's sideways scroll by a transform. Made here, so without JavaScript there
     is none; aria-hidden, and never in the search index (which is made from the built pages). */
  function makeStrip(p) {
    var stages = p.svg.querySelector(".cjm-stages");
    if (!stages) return null;
    var names = stages.querySelectorAll(":scope > g[data-stage] > .cjm-stage-name");
    if (!names.length) return null;
    var bottom = 0;
    names.forEach(function (t) {
      var box = t.getBBox();
      bottom = Math.max(bottom, box.y + box.height);
    });
    if (!bottom) return null;
    var height = Math.ceil(bottom + STRIP_PAD);
    var width = parseFloat(p.svg.getAttribute("width"));
    var copy = document.createElementNS(p.svg.namespaceURI, "svg");
    copy.setAttribute("class", "cjm-svg cjm-stage-strip__svg");
    copy.setAttribute("width", String(width));
    copy.setAttribute("height", String(height));
    copy.setAttribute("viewBox", "0 0 " + width + " " + height);
    copy.setAttribute("focusable", "false");
    ["font-family", "font-size", "fill"].forEach(function (name) {
      if (p.svg.hasAttribute(name)) copy.setAttribute(name, p.svg.getAttribute(name));
    });
    var heads = stages.cloneNode(true);
    heads.querySelectorAll("title, [id]").forEach(function (n) {
      if (n.tagName.toLowerCase() === "title") n.remove();
      else n.removeAttribute("id");
    });
    heads.querySelectorAll(":scope > g[data-stage] > :not(rect):not(.cjm-stage-name)").forEach(function (n) {
      n.remove(); // the goals: the strip holds the names only, so it hides little of the first lane
    });
    copy.appendChild(heads);
    var strip = el("div", "cjm-stage-strip");
    strip.setAttribute("aria-hidden", "true");
    strip.style.height = height + "px"; // so the diagram's end pushes it up, as a sticky header goes
    var inner = el("div", "cjm-stage-strip__inner");
    inner.style.height = height + "px";
    inner.appendChild(copy);
    strip.appendChild(inner);
    // last in the diagram (CSS puts it first): a look-up of the diagram's SVG still finds the drawing
    p.diagram.appendChild(strip);
    strip.cjmFollow = follower(p.scroll, copy, stages, heads);
    p.scroll.addEventListener("scroll", strip.cjmFollow, { passive: true });
    return strip;
  }

  /* The copy at the drawing's scroll position, by transforms only (no layout): the whole copy moves
     with the drawing; each stage's name moves on within its band while the band's start is scrolled
     out of sight, so the stage whose cards are seen is always named (measured once, in the drawing). */
  function follower(scroll, copy, stages, heads) {
    var names = [];
    var real = stages.querySelectorAll(":scope > g[data-stage]");
    heads.querySelectorAll(":scope > g[data-stage]").forEach(function (g, i) {
      var band = real[i] && real[i].querySelector(":scope > rect");
      var name = g.querySelector(":scope > .cjm-stage-name");
      var drawn = real[i] && real[i].querySelector(":scope > .cjm-stage-name");
      if (!band || !name || !drawn) return;
      var box = drawn.getBBox();
      var x = parseFloat(band.getAttribute("x")) || 0;
      var end = x + (parseFloat(band.getAttribute("width")) || 0);
      var pad = Math.max(0, box.x - x); // the name's room inside its band, as drawn
      names.push({ node: name, x: box.x, pad: pad, most: Math.max(0, end - pad - (box.x + box.width)) });
    });
    return function () {
      var left = scroll.scrollLeft;
      copy.style.transform = "translateX(" + -left + "px)";
      names.forEach(function (n) {
        var shift = Math.max(0, Math.min(left + n.pad - n.x, n.most));
        n.node.style.transform = shift ? "translateX(" + shift + "px)" : "";
      });
    };
  }

  function stageStrip(p, on, zoom) {
    var strip = p.diagram.querySelector(":scope > .cjm-stage-strip");
    if (!on) {
      if (strip) strip.remove();
      return;
    }
    if (!strip) strip = makeStrip(p);
    if (!strip) return;
    var inner = strip.firstChild;
    inner.style.left = p.labelsW + "px";
    inner.style.width = Math.min(p.scroll.clientWidth, p.w - p.labelsW) + "px";
    strip.style.top = (headerHeight() / zoom).toFixed(2) + "px";
    strip.cjmFollow();
    place(strip);
  }

  /* Shown while the drawing's top is under the header and its bottom below it. */
  function place(strip) {
    var under = headerHeight();
    var box = strip.parentNode.getBoundingClientRect();
    var on = box.top < under - 0.5 && box.bottom > under;
    if (strip.classList.contains("cjm-stage-strip--on") !== on) strip.classList.toggle("cjm-stage-strip--on", on);
  }

  var placing = false;
  function onScroll() {
    if (placing) return;
    placing = true;
    window.requestAnimationFrame(function () {
      placing = false;
      document.querySelectorAll(".cjm-diagram > .cjm-stage-strip").forEach(place);
    });
  }

  function applySize(section, size) {
    var p = parts(section);
    if (!p) return;
    section.setAttribute("data-cjm-size", size);
    var zoom = size === "actual" ? 1 : fitZoom(section, p, size);
    setZoom(p, zoom);
    stageStrip(p, size !== "fit", zoom);
    section.querySelectorAll(".cjm-view [data-cjm-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-cjm-size") === size));
    });
  }

  function sections() {
    return document.querySelectorAll(".cjm-diagram-section[data-cjm-ready]");
  }

  function choose(section, size) {
    store(size);
    sections().forEach(function (s) {
      applySize(s, size);
    });
    if (size === "fit") {
      var top = section.getBoundingClientRect().top + window.scrollY - headerHeight() - GAP / 2;
      window.scrollTo(window.scrollX, Math.max(0, top));
    }
  }

  // -- present ------------------------------------------------------------------
  function stages(p) {
    return Array.prototype.slice.call(p.svg.querySelectorAll(".cjm-stages > g[data-stage]"));
  }

  function stageName(g, n) {
    var title = g.querySelector("title");
    var text = title ? title.textContent.split(" \u2014 ")[0] : "";
    return text || "Stage " + n;
  }

  function show(stage) {
    var section = presenting.section;
    var p = parts(section);
    if (!p) return;
    var all = stages(p);
    stage = Math.max(0, Math.min(all.length, stage));
    presenting.stage = stage;
    var bar = section.querySelector(".cjm-present-bar");
    var width = window.innerWidth - 2 * GAP;
    var height = window.innerHeight - (bar ? bar.getBoundingClientRect().height : 0) - 2 * GAP;
    var status = section.querySelector(".cjm-present-status");
    var zoom;
    var left = 0;
    if (stage === 0) {
      zoom = Math.min(MAX_PRESENT_ZOOM, width / p.w, height / p.h);
      status.textContent = "Whole map (" + all.length + " stages)";
    } else {
      var band = all[stage - 1].querySelector("rect");
      var x = parseFloat(band.getAttribute("x")) || 0;
      var w = parseFloat(band.getAttribute("width")) || p.w;
      zoom = Math.min(MAX_PRESENT_ZOOM, width / (p.labelsW + w + GAP));
      left = Math.max(0, x - GAP / 2);
      status.textContent = "Stage " + stage + " of " + all.length + ": " + stageName(all[stage - 1], stage);
    }
    setZoom(p, zoom);
    section.setAttribute("data-cjm-stage", String(stage));
    p.scroll.scrollLeft = left;
    section.scrollTop = 0;
  }

  function present(section) {
    if (presenting) leave();
    presenting = { section: section, stage: 0 };
    var p0 = parts(section);
    if (p0) stageStrip(p0, false, 1);
    section.classList.add("cjm-present");
    document.documentElement.classList.add("cjm-presenting");
    section.setAttribute("tabindex", "-1");
    if (section.requestFullscreen) {
      var asked = section.requestFullscreen();
      if (asked && asked.catch) asked.catch(function () {});
    }
    show(0);
    section.focus({ preventScroll: true });
  }

  function leave() {
    if (!presenting) return;
    var section = presenting.section;
    presenting = null;
    section.classList.remove("cjm-present");
    section.removeAttribute("data-cjm-stage");
    section.removeAttribute("tabindex");
    document.documentElement.classList.remove("cjm-presenting");
    if (document.fullscreenElement === section && document.exitFullscreen) {
      var left = document.exitFullscreen();
      if (left && left.catch) left.catch(function () {});
    }
    var p = parts(section);
    if (p) p.scroll.scrollLeft = 0;
    applySize(section, stored());
    var again = section.querySelector(".cjm-view__present");
    if (again) again.focus();
  }

  function onKey(event) {
    if (!presenting || event.altKey || event.ctrlKey || event.metaKey) return;
    var stage = presenting.stage;
    var keys = {
      ArrowRight: stage + 1,
      ArrowLeft: stage - 1,
      PageDown: stage + 1,
      PageUp: stage - 1,
      Home: 0,
      End: 1e6
    };
    if (event.key === "Escape") {
      leave();
    } else if (Object.prototype.hasOwnProperty.call(keys, event.key)) {
      show(keys[event.key]);
    } else {
      return;
    }
    event.preventDefault();
  }

  // -- set-up -------------------------------------------------------------------
  function controls(section) {
    var bar = el("div", "cjm-view");
    var group = el("div", "cjm-view__sizes");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Diagram size");
    SIZES.forEach(function (size) {
      var b = button("cjm-view__btn", size[1], size[2]);
      b.setAttribute("data-cjm-size", size[0]);
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", function () {
        choose(section, size[0]);
      });
      group.appendChild(b);
    });
    bar.appendChild(group);
    var start = button("cjm-view__btn cjm-view__present", "Present", "Full screen, stage by stage (arrow keys; Escape to leave)");
    start.addEventListener("click", function () {
      present(section);
    });
    bar.appendChild(start);

    var pbar = el("div", "cjm-present-bar");
    var prev = button("cjm-view__btn", "\u2190 Previous", "Previous stage (left arrow)");
    var next = button("cjm-view__btn", "Next \u2192", "Next stage (right arrow)");
    var whole = button("cjm-view__btn", "Whole map", "The whole map (Home)");
    var close = button("cjm-view__btn", "Leave", "Leave the presentation (Escape)");
    var status = el("span", "cjm-present-status");
    status.setAttribute("aria-live", "polite");
    prev.addEventListener("click", function () {
      if (presenting) show(presenting.stage - 1);
    });
    next.addEventListener("click", function () {
      if (presenting) show(presenting.stage + 1);
    });
    whole.addEventListener("click", function () {
      if (presenting) show(0);
    });
    close.addEventListener("click", leave);
    var keys = el("span", "cjm-present-keys", "\u2190 \u2192 stages \u00b7 \u2191 \u2193 scroll \u00b7 Home whole map \u00b7 Esc leave");
    [prev, next, whole, status, keys, close].forEach(function (n) {
      pbar.appendChild(n);
    });
    section.insertBefore(pbar, section.firstChild);
    section.insertBefore(bar, section.firstChild);
  }

  function init() {
    presenting = null;
    // the print stylesheet names the poster PDFs by their full address
    document.querySelectorAll(".cjm-downloads a").forEach(function (a) {
      a.setAttribute("data-cjm-url", a.href);
    });
    document.documentElement.classList.remove("cjm-presenting");
    var size = stored();
    document.querySelectorAll(".cjm-diagram-section").forEach(function (section) {
      if (!section.hasAttribute("data-cjm-ready")) {
        if (!parts(section)) return;
        controls(section);
        section.setAttribute("data-cjm-ready", "");
      }
      applySize(section, size);
    });
  }

  var pending = false;
  function refit() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      if (presenting) show(presenting.stage);
      else {
        var size = stored();
        sections().forEach(function (s) {
          applySize(s, size);
        });
      }
    });
  }

  /* Material's instant navigation writes `el.href = el.href` on every [href] of a page, which
     throws on the diagram's SVG links and icons (their href is read-only) and stops it from
     showing the next page: make that write do nothing there, as it means nothing for SVG. */
  [window.SVGAElement, window.SVGUseElement].forEach(function (type) {
    var own = type && Object.getOwnPropertyDescriptor(type.prototype, "href");
    if (own && own.get && !own.set && own.configurable) {
      Object.defineProperty(type.prototype, "href", { get: own.get, set: function () {}, configurable: true, enumerable: own.enumerable });
    }
  });

  window.cjmWall = { init: init };
  window.addEventListener("resize", refit);
  window.addEventListener("scroll", onScroll, { passive: true });
  document.addEventListener("keydown", onKey);
  document.addEventListener("fullscreenchange", function () {
    if (presenting && document.fullscreenElement !== presenting.section) {
      if (!document.fullscreenElement) leave();
    } else if (presenting) {
      refit();
    }
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
